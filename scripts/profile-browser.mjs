// Browser profile (not a test): where "as fast as possible" spends its time in the page.
//
//   node scripts/profile-browser.mjs [--runs N] [--save FILE] [--no-build]
//
// Builds the page as `trunk build --release` does, but keeping function names (no wasm-opt,
// which drops the name section; the Rust code is optimised the same), into target/profile-dist,
// then plays benchmark-r1 "as fast as possible" in headless Chromium under V8's sampling
// profiler (Chrome DevTools Protocol, 100 µs) and prints one JSON object:
//
// * wall_s: each run's time from Play to the clock stopping (the first in a fresh page).
// * for_percent: whom the time is for: the engine's SQS queues, its simulation, the page's
//   session (checkpoints, trace, chart samples), the views; the standard library's code
//   (hashing, allocation, copies) counts for the part that called it.
// * doing_percent: what the sampled code itself was: the Rust code (wasm) and, within it, the
//   allocator and memory copies; JavaScript (wasm-bindgen's glue); garbage collection; the
//   browser's and V8's own work (style, layout, paint, compiling); idle.
// * inclusive_percent: the share of samples under a few functions: the engine's event loop,
//   checkpoints, snapshots, views.
// * top_self_percent: the 25 functions with the most samples of their own.
// `--no-build` profiles the last build again. `--save FILE` also writes the last run's raw
// profile (open it in DevTools' Performance tab).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser, openPage, serveStatic, pickPreset } from '../tests/browser/harness.mjs';

const root = resolve(import.meta.dirname, '..');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 2;
const saveArg = process.argv.indexOf('--save');
const dist = join(root, 'target', 'profile-dist');

// The page's own index.html with wasm-opt off for the page and the worker. Trunk reads paths
// relative to the HTML file, so the copy sits beside the original for the build's duration.
if (!process.argv.includes('--no-build')) {
  const html = readFileSync(join(root, 'index.html'), 'utf8').replace(/data-wasm-opt="[^"]*"/g, 'data-wasm-opt="0"');
  const profileHtml = join(root, '.profile-index.html');
  writeFileSync(profileHtml, html);
  try {
    execFileSync('trunk', ['build', '--release', '--dist', dist, profileHtml], { cwd: root, stdio: ['ignore', 2, 2] });
  } finally {
    rmSync(profileHtml, { force: true });
  }
}

// Who a sample's time is for: the innermost frame on its stack that belongs to a named part,
// so that the standard library's code (hashing, allocation, copying) counts for its caller.
const PARTS = [
  ['engine: SQS queues (sqs::)', (n) => n.includes('sqs_sim_engine::sqs::')],
  ['engine: simulation (sim::)', (n) => n.includes('sqs_sim_engine::')],
  ['page: session (checkpoints, trace, samples)', (n) => n.includes('sqs_sim::ui::session')],
  ['page: views and Yew', (n) => /sqs_sim::ui|yew::/.test(n)],
];
// What a sample was doing itself: V8 names its own entries in parentheses; the rest is wasm
// (the Rust code) or JavaScript (wasm-bindgen's glue, the loader).
const LEAVES = [
  ['garbage collection', (n) => n === '(garbage collector)'],
  ['idle', (n) => n === '(idle)'],
  ['browser and V8 outside JS and wasm (style, layout, paint, compiling)', (n) => n === '(program)' || n === '(root)'],
  ['wasm: allocator and memory copies', (n, url) => url.endsWith('.wasm') && /dlmalloc|memcpy|memmove|memset/.test(n)],
  ['wasm: the rest', (n, url) => url.endsWith('.wasm')],
  ['JavaScript', () => true],
];
const INCLUSIVE = {
  'Simulation::run_until (the engine)': 'Simulation::run_until',
  // The session's checkpoints are the only clones of a whole simulation in a run.
  'checkpoints (clones of the simulation)': 'Simulation as core::clone::Clone>::clone',
  'Simulation::snapshot': 'Simulation>::snapshot',
  'views (view functions and Yew\'s diffing)': '::view',
};

function analyse(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n) => n.callFrame.functionName || `(anonymous ${n.callFrame.url.split('/').pop()})`;
  const add = (map, key, weight) => map.set(key, (map.get(key) ?? 0) + weight);
  const self = new Map();
  const leaves = new Map();
  const parts = new Map();
  const inclusive = new Map(Object.keys(INCLUSIVE).map((k) => [k, 0]));
  let total = 0;
  profile.samples.forEach((id, i) => {
    // Weight by the time to the next sample (the sampling interval drifts under load).
    const weight = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0;
    total += weight;
    const leaf = byId.get(id);
    add(self, name(leaf), weight);
    add(leaves, LEAVES.find(([, test]) => test(name(leaf), leaf.callFrame.url))[0], weight);
    const stack = [];
    for (let at = id; at !== undefined; at = parent.get(at)) stack.push(name(byId.get(at)));
    const owner = stack.map((frame) => PARTS.find(([, test]) => test(frame))).find(Boolean);
    add(parts, owner ? owner[0] : 'other (V8, glue, idle)', weight);
    for (const [label, needle] of Object.entries(INCLUSIVE)) {
      if (stack.some((frame) => frame.includes(needle))) add(inclusive, label, weight);
    }
  });
  const share = (us) => Math.round((us / total) * 1000) / 10;
  const shares = (map) => Object.fromEntries([...map].sort((a, b) => b[1] - a[1]).map(([k, us]) => [k, share(us)]));
  return {
    sampled_s: Math.round(total / 1e4) / 100,
    for_percent: shares(parts),
    doing_percent: shares(leaves),
    inclusive_percent: shares(inclusive),
    top_self_percent: [...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([n, us]) => [n.replace(/::h[0-9a-f]{16}$/, '').slice(0, 140), share(us)]),
  };
}

const server = await serveStatic(dist);
const browser = await launchBrowser();
const result = { runs: [] };
let lastProfile = null;
try {
  const page = await openPage(browser);
  await page.goto(server.url);
  await page.locator('#topology [data-node-kind]').first().waitFor();
  const value = await page.locator('#preset option', { hasText: 'Benchmark R1' }).getAttribute('value');
  await pickPreset(page, value);
  await page.locator('#speed').selectOption({ label: 'as fast as possible' });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  for (let run = 0; run < runs; run += 1) {
    if (run > 0) await page.locator('#reset').click();
    await cdp.send('Profiler.start');
    const started = Date.now();
    await page.locator('#play-toggle').click();
    await page.waitForFunction(() => document.querySelector('#play-toggle').getAttribute('aria-pressed') === 'false', null, { timeout: 120_000 });
    const wall = (Date.now() - started) / 1000;
    const { profile } = await cdp.send('Profiler.stop');
    result.runs.push({ run: run === 0 ? 'first' : `after reset ${run}`, wall_s: wall, ...analyse(profile) });
    lastProfile = profile;
  }
  await page.context().close();
} finally {
  await browser.close();
  await server.close();
}
if (saveArg > 0 && lastProfile) writeFileSync(process.argv[saveArg + 1], JSON.stringify(lastProfile));
console.log(JSON.stringify(result, null, 2));
