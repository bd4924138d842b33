// Shared set-up for the browser tests: a static server for dist/ on loopback, Debian's
// Chromium driven by playwright-core, console-error capture and screenshots.
//
// No browser is downloaded: playwright-core launches /usr/bin/chromium (overridable with
// CHROMIUM). The flags keep Chromium from reaching for the network, which is closed here.

import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { after, afterEach, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..', '..');
export const distDir = process.env.DIST_DIR ?? join(root, 'dist');
export const artifactsDir = join(root, 'artifacts', 'browser');

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Serves `dir` on 127.0.0.1 at a free port; resolves to { url, close }. */
export async function serveStatic(dir = distDir) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(dir)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(done)) };
}

/**
 * Launches headless Chromium; resolves to the browser. Playwright gives each launch a fresh,
 * temporary profile (user-data dir), and each test opens its own context with `openPage`.
 */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Opens a page in a context of its own (own storage, own fake clock) that records console
 * errors, uncaught exceptions and failed requests in `page.problems`, so that a test can
 * assert there were none. Close it with `page.context().close()`.
 */
export async function openPage(browser, { width = 1200, height = 800 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') page.problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => page.problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => page.problems.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) page.problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return page;
}

/** Moves the timeline scrubber to `seconds`, as a person dragging it would. */
export async function scrubTo(page, seconds) {
  await page.locator('#scrubber').evaluate((el, tenths) => {
    el.value = tenths;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, String(Math.round(seconds * 10)));
  await page.waitForFunction((ms) => Number(document.querySelector('#clock').dataset.virtualMs) === ms, seconds * 1000);
}

/** Saves a full-page screenshot as artifacts/browser/NAME.png. */
export async function screenshot(page, name) {
  await mkdir(artifactsDir, { recursive: true });
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
}

/**
 * Registers what every app test file needs: a server and a browser per file, and for each test
 * a fresh page on the app with Playwright's fake clock installed and paused (wall time moves
 * only when a test runs the clock), checked afterwards for console errors, uncaught exceptions
 * and failed requests. Tests read `app.page`, `app.server` and `app.browser`.
 */
export function appFixture() {
  const app = {};
  before(async () => {
    app.server = await serveStatic();
    app.browser = await launchBrowser();
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  beforeEach(async () => {
    app.page = await openPage(app.browser);
    await app.page.clock.install({ time: new Date('2026-01-01T00:00:00Z') });
    await app.page.goto(app.server.url);
    await app.page.locator('#topology').waitFor();
    await app.page.clock.pauseAt(new Date('2026-01-01T01:00:00Z'));
  });
  afterEach(async () => {
    assert.deepEqual(app.page.problems, [], 'no console errors, uncaught exceptions or failed requests');
    await app.page.context().close();
  });
  return app;
}

/**
 * Picks a built-in scenario in the picker, as a person does, and waits until the design is
 * that scenario (the presets other than the first are fetched the first time they are opened).
 */
export async function pickPreset(page, value) {
  const picker = page.locator('#preset');
  const title = await picker.locator(`option[value="${value}"]`).textContent();
  await picker.selectOption(String(value));
  await page.waitForFunction((expected) => document.querySelector('#preset')?.title === expected, title);
}

/** Shows a tab of the bottom area ("charts", "json", "share", ...). */
export async function openTab(page, id) {
  await page.locator(`#tab-${id}`).click();
  await page.locator(`#panel-${id}`).waitFor();
}

/** The centre of an element, in page coordinates. */
export async function centre(locator) {
  const box = await locator.boundingBox();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags with the mouse from one element's centre to another's, in steps, as a person would. */
export async function drag(page, from, to) {
  const [a, b] = [await centre(from), await centre(to)];
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
  await page.mouse.move(b.x, b.y, { steps: 4 });
  await page.mouse.up();
}

/** A node of the diagram by its id (`queue:orders`), and its connection port. */
export const node = (page, id) => page.locator(`#topology [data-node-id="${id}"]`);
export const port = (page, id) => page.locator(`#topology [data-node-id="${id}"] [data-port]`);

/** The scenario the page is designing, as its JSON tab shows it. */
export async function designJson(page) {
  return JSON.parse(await page.locator('#scenario-json').inputValue());
}

/** Sets an inspector field (by its scenario path) as a person does: type, then leave it. */
export async function setField(page, path, value) {
  const field = page.locator(`.inspector [data-path="${path}"]`);
  await field.fill(value);
  await field.dispatchEvent('change');
}
