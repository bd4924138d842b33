// What a person sees and does on the app's first page, in real headless Chromium.
//
// Time is Playwright's fake clock: it owns requestAnimationFrame and performance.now, so
// "one wall second at 10×" is exactly that, with no sleeps and no timing luck.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appFixture, pickPreset, screenshot } from './harness.mjs';

const app = appFixture();

/** The virtual clock, in milliseconds, as the page shows it. */
async function virtualMs() {
  return Number(await app.page.locator('#clock').getAttribute('data-virtual-ms'));
}

/** Plays for `wallMs` of (fake) wall time and returns the virtual time that passed. */
async function playFor(wallMs) {
  const start = await virtualMs();
  await app.page.locator('#play-toggle').click();
  await app.page.clock.runFor(wallMs);
  await app.page.locator('#play-toggle').click();
  return (await virtualMs()) - start;
}

// One animation frame is about 16 ms; the first frame after Play only sets the baseline, and
// the last one may not have fired yet, so up to two frames of wall time can go uncounted.
const FRAME_SLACK_MS = 2 * 17;

describe('first page', () => {
  test('loads with no console errors and shows the clock at zero', async () => {
    await assert.doesNotReject(app.page.locator('h1', { hasText: 'sqs-sim' }).waitFor());
    assert.equal(await app.page.locator('#clock').textContent(), '00:00:00.000');
    assert.equal(await virtualMs(), 0);
    await screenshot(app.page, 'first-page');
    assert.deepEqual(app.page.problems, []);
  });

  test('the topology shows the producer, the queue, the consumer and the dead-letter queue', async () => {
    const nodes = app.page.locator('#topology [data-node-kind]');
    assert.equal(await nodes.count(), 4);
    const kinds = await nodes.evaluateAll((els) => els.map((el) => el.dataset.nodeKind).sort());
    assert.deepEqual(kinds, ['consumer', 'dead-letter-queue', 'producer', 'queue']);
    for (const label of ['checkout', 'orders', 'order-processor', 'orders-dlq']) {
      assert.equal(await app.page.locator('#topology .node-label', { hasText: new RegExp(`^${label}$`) }).count(), 1, label);
    }
    assert.equal(await app.page.locator('#topology [data-edge-kind="redrive"]').count(), 1);
    // Every node is drawn with a visible, non-empty box.
    const boxes = await nodes.evaluateAll((els) => els.map((el) => el.getBoundingClientRect()));
    for (const box of boxes) assert.ok(box.width > 20 && box.height > 10, JSON.stringify(box));
    await screenshot(app.page, 'topology');
    assert.deepEqual(app.page.problems, []);
  });
});

describe('virtual clock', () => {
  test('play advances the virtual clock at real time by default', async () => {
    const advanced = await playFor(1000);
    assert.ok(advanced <= 1000 && advanced >= 1000 - FRAME_SLACK_MS, `advanced ${advanced} ms in 1000 ms of wall time`);
    assert.notEqual(await app.page.locator('#clock').textContent(), '00:00:00.000');
    await screenshot(app.page, 'after-playing');
  });

  test('pause stops the clock', async () => {
    await app.page.locator('#play-toggle').click();
    await app.page.clock.runFor(500);
    await app.page.locator('#play-toggle').click();
    assert.equal(await app.page.locator('#play-toggle').getAttribute('aria-pressed'), 'false');
    const paused = await virtualMs();
    assert.ok(paused > 0, 'the clock ran before the pause');
    await app.page.clock.runFor(2000);
    assert.equal(await virtualMs(), paused);
    await screenshot(app.page, 'paused');
  });

  test('the speed control changes how fast virtual time passes', async () => {
    const atRealTime = await playFor(1000);
    await app.page.locator('#speed').selectOption('10');
    const atTenTimes = await playFor(1000);
    assert.ok(
      atTenTimes >= 10 * (1000 - FRAME_SLACK_MS) && atTenTimes <= 10 * 1000,
      `advanced ${atTenTimes} ms at 10× (vs ${atRealTime} ms at 1×)`,
    );
    await app.page.locator('#speed').selectOption('0.5');
    const atHalf = await playFor(1000);
    assert.ok(atHalf >= 0.5 * (1000 - FRAME_SLACK_MS) && atHalf <= 500, `advanced ${atHalf} ms at 0.5×`);
    await screenshot(app.page, 'speed-10x');
  });

  test('reset returns the clock to zero and pauses', async () => {
    await app.page.locator('#play-toggle').click();
    await app.page.clock.runFor(300);
    await app.page.locator('#reset').click();
    assert.equal(await virtualMs(), 0);
    assert.equal(await app.page.locator('#play-toggle').getAttribute('aria-pressed'), 'false');
    await app.page.clock.runFor(300);
    assert.equal(await virtualMs(), 0);
  });

  test('a preset is fetched when first opened, and one that cannot be says why and changes nothing', async () => {
    const { page } = app;
    const fetched = [];
    page.on('request', (request) => { if (request.url().includes('/scenarios/')) fetched.push(new URL(request.url()).pathname); });
    await page.route('**/scenarios/dlq-hospital.json', (route) => route.fulfill({ status: 404, body: '' }));
    const first = await page.locator('#preset').getAttribute('title');
    await page.locator('#preset').selectOption('2');
    assert.equal(await page.locator('#notice').textContent(), 'could not load scenarios/dlq-hospital.json: HTTP 404');
    assert.equal(await page.locator('#preset').getAttribute('title'), first, 'the design stays');
    // The failure was the point of this test: clear it from the page's problems.
    page.problems = page.problems.filter((p) => !p.includes('dlq-hospital.json') && !p.includes('status of 404'));
    await page.unroute('**/scenarios/dlq-hospital.json');
    await pickPreset(page, '2');
    await pickPreset(page, '0');
    await pickPreset(page, '2');
    assert.deepEqual(fetched, ['/scenarios/dlq-hospital.json', '/scenarios/dlq-hospital.json'], 'fetched again after the failure, then kept');
  });
});
