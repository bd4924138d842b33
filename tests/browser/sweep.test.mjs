// The capacity planner: a setting swept across a range on several seeds, every run in the
// page's Web Workers, with progress, Cancel, the chart or heat map, the table, a run opened in
// the workspace, and the results downloaded (the same numbers as `sqs-sim sweep`).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { appFixture, designJson, openTab, screenshot, pickPreset } from './harness.mjs';

const app = appFixture();
const root = resolve(import.meta.dirname, '..', '..');

/** `sqs-sim ARGS...` natively (built by cargo if need be): its standard output. */
function sqsSim(args) {
  return execFileSync('cargo', ['run', '--quiet', '--locked', '--bin', 'sqs-sim', '--', ...args], { cwd: root, encoding: 'utf8' });
}

/** Fills the planner's form: the setting by its label's start, its values, seeds and goal. */
async function sweepForm(page, { setting, values, seeds, goal }) {
  const knob = page.locator('#sweep-knob');
  const option = await knob.locator('option').evaluateAll((os, start) => os.find((o) => o.textContent.startsWith(start))?.value, setting);
  assert.ok(option !== undefined, `a setting "${setting}"`);
  await knob.selectOption(option);
  for (const [id, value] of [['#sweep-range', values], ['#sweep-seeds', seeds], ['#sweep-goal', goal]]) {
    if (value === undefined) continue;
    await page.locator(id).fill(String(value));
    await page.locator(id).dispatchEvent('change');
  }
}

/** The status line once it says the sweep is done ("N runs in X s"). */
async function finished(page) {
  await page.locator('#sweep-status', { hasText: /runs in/ }).waitFor({ timeout: 120_000 });
  return page.locator('#sweep-status').textContent();
}

describe('capacity planner', () => {
  test('a sweep of the visibility timeout finds the cheapest value with no duplicates, as the command line does', async () => {
    const { page } = app;
    await pickPreset(page, '1'); // a visibility timeout shorter than the processing
    const seed = await page.locator('#seed').inputValue();
    await openTab(page, 'sweep');
    assert.match(await page.locator('.planner .hint').first().textContent(), /Web Workers? \(one per core\)/);
    await sweepForm(page, { setting: 'orders VisibilityTimeout', values: '5,10,20,30', seeds: 2, goal: 'duplicates_processed==0' });
    await page.locator('#sweep-metric-duplicates_processed').check();
    await page.locator('#sweep-run').click();
    assert.match(await finished(page), /^8 runs in [\d.]+ s$/);
    assert.ok(page.workers().filter((w) => w.url().endsWith('/sqs-sim-worker_loader.js')).length >= 2, 'the helper and the runs\' workers');

    // The verdict, the chart (a dot a point, the cheapest marked) and a row a point.
    const verdict = await page.locator('#sweep-cheapest').textContent();
    const cheapest = verdict.match(/^Cheapest point that meets duplicates_processed==0: queues\[0\]\.attributes\.VisibilityTimeout=(\d+)$/);
    assert.ok(cheapest, verdict);
    const chart = page.locator('#sweep-chart-duplicates_processed');
    assert.equal(await chart.locator('circle.dot').count(), 4);
    assert.equal(await chart.locator('circle.dot.cheapest title').textContent(), `queues[0].attributes.VisibilityTimeout=${cheapest[1]}`);
    assert.equal(await chart.locator('line.goal').count(), 1);
    const rows = await page.locator('#sweep-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
    assert.deepEqual(rows.map((r) => r[0]), ['5', '10', '20', '30']);
    assert.equal(rows[0][3], 'fail', 'a 5 s timeout against longer processing duplicates');
    assert.equal(rows.find((r) => r[3] === 'pass')[0], cheapest[1], 'the cheapest is the first that passes');
    await page.locator('#sweep-table').scrollIntoViewIfNeeded();
    await screenshot(page, 'sweep-visibility');

    // The CSV holds every run's numbers: exactly what `sqs-sim sweep --csv` prints.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#sweep-csv').click()]);
    assert.equal(download.suggestedFilename(), 'sweep.csv');
    const csv = await readFile(await download.path(), 'utf8');
    const native = sqsSim([
      'sweep', join(root, 'static/scenarios/visibility-timeout-too-short.json'),
      '--set', 'queues[0].attributes.VisibilityTimeout=5,10,20,30', '--seeds', '2', '--seed', seed, '--csv',
    ]);
    assert.equal(csv, native);
    const [json] = await Promise.all([page.waitForEvent('download'), page.locator('#sweep-json').click()]);
    const results = JSON.parse(await readFile(await json.path(), 'utf8'));
    assert.equal(results.points.length, 4);
    assert.equal(results.cheapest.settings['queues[0].attributes.VisibilityTimeout'], Number(cheapest[1]));

    // A point opens in the workspace: its setting and its seed, the run from 0.
    await page.locator('#sweep-table tbody tr').nth(3).locator('button', { hasText: /^seed / }).nth(1).click();
    const opened = await designJson(page);
    assert.equal(opened.queues[0].attributes.VisibilityTimeout, '30');
    assert.equal(await page.locator('#seed').inputValue(), String(Number(seed) + 1));
    assert.equal(await page.locator('#clock').evaluate((c) => c.dataset.virtualMs), '0');
  });

  test('a long sweep shows its progress, leaves the page answering, cancels, and runs again', async () => {
    const { page } = app;
    await pickPreset(page, '0');
    await openTab(page, 'sweep');
    await sweepForm(page, { setting: 'order-processor count', values: '1..8:1', seeds: 25 });
    await page.locator('#sweep-run').click();
    const progress = page.locator('#sweep-progress');
    await page.waitForFunction(() => Number(document.querySelector('#sweep-progress')?.value) >= 1);
    assert.equal(await progress.getAttribute('max'), '200');
    assert.match(await page.locator('#sweep-status').textContent(), /^\d+ of 200 runs · about \d+ s left$/);

    // The page answers while the workers run: a step of the clock shows at once.
    await page.locator('#step').click();
    await page.waitForFunction(() => Number(document.querySelector('#clock').dataset.virtualMs) > 0);
    assert.ok(Number(await progress.getAttribute('value')) < 200, 'the sweep still runs');

    // Cancel ends the runs' workers at once; what came in stays.
    const runners = page.workers().filter((w) => w.url().endsWith('/sqs-sim-worker_loader.js'));
    const closed = Promise.all(runners.slice(1).map((w) => new Promise((done) => w.on('close', done))));
    await page.locator('#sweep-cancel').click();
    await closed;
    assert.match(await page.locator('#sweep-status').textContent(), /^Cancelled after \d+ of 200 runs$/);
    assert.equal(await page.locator('#sweep-cancel').count(), 0);

    // Run again, smaller: it finishes, with a row a point.
    await sweepForm(page, { setting: 'order-processor count', values: '1..3:1', seeds: 1 });
    await page.locator('#sweep-run').click();
    assert.match(await finished(page), /^3 runs in/);
    assert.equal(await page.locator('#sweep-table tbody tr').count(), 3);
  });

  test('two settings make a grid, drawn as a heat map whose cells open their run', async () => {
    const { page } = app;
    await pickPreset(page, '0');
    await openTab(page, 'sweep');
    await sweepForm(page, { setting: 'order-processor count', values: '1,2', seeds: 1 });
    const second = await page.locator('#sweep-knob-2 option').evaluateAll((os) => os.find((o) => o.textContent.startsWith('orders VisibilityTimeout'))?.value);
    await page.locator('#sweep-knob-2').selectOption(second);
    await page.locator('#sweep-range-2').fill('10,60');
    await page.locator('#sweep-range-2').dispatchEvent('change');
    await page.locator('#sweep-run').click();
    assert.match(await finished(page), /^4 runs in/);
    const heat = page.locator('#sweep-heat');
    assert.deepEqual(await heat.locator('thead th').allTextContents(), ['', '10', '60']);
    assert.deepEqual(await heat.locator('tbody th').allTextContents(), ['1', '2']);
    assert.equal(await heat.locator('tbody td button').count(), 4);
    await heat.locator('tbody tr').nth(1).locator('td button').nth(0).click();
    await openTab(page, 'json');
    const opened = await designJson(page);
    assert.equal(opened.consumers[0].count, 2);
    assert.equal(opened.queues[0].attributes.VisibilityTimeout, '10');
  });

  test('a range the setting cannot take is refused at its path, and nothing runs', async () => {
    const { page } = app;
    await pickPreset(page, '0');
    await openTab(page, 'sweep');
    await sweepForm(page, { setting: 'order-processor count', values: '0..2:1' });
    await page.locator('#sweep-run').click();
    assert.equal(await page.locator('#sweep-error').textContent(), 'consumers[0].count=0: consumers[0].count: must be at least 1');
    await sweepForm(page, { setting: 'order-processor count', values: '5..1:1' });
    await page.locator('#sweep-run').click();
    await page.locator('#sweep-error', { hasText: 'the end is below the start' }).waitFor();
    assert.equal(await page.locator('#sweep-progress').count(), 0);
  });
});

describe('capacity planner without Web Workers', () => {
  test('says why it cannot sweep, and where a sweep can run', async () => {
    const { page } = app;
    // A page where `new Worker` fails (a policy that forbids workers, say).
    await page.addInitScript(() => { window.Worker = function Worker() { throw new Error('workers are off'); }; });
    await page.reload();
    await page.locator('#topology').waitFor();
    await openTab(page, 'sweep');
    await page.locator('#sweep-run').click();
    const error = await page.locator('#sweep-error').textContent();
    assert.match(error, /^Sweeps run in Web Workers, and this page could not start one \(this browser could not start a Web Worker\); `sqs-sim sweep` runs the same sweep from the command line$/);
    assert.equal(await page.locator('#sweep-progress').count(), 0);
  });
});
