// Share links: a run travels in the URL's fragment and opens the same state in a fresh browser,
// without ever overwriting the autosaved work unasked.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appFixture, openPage, openTab, screenshot, scrubTo, pickPreset } from './harness.mjs';

const app = appFixture();
const WORK = 'sqs-sim/v1/work';

/** What a page shows of its run: the clock, the preset, the seed and every metric. */
async function state(page) {
  await openTab(page, 'metrics'); // the metrics table is drawn only while its tab is shown
  return page.evaluate(() => ({
    clockMs: document.querySelector('#clock').dataset.virtualMs,
    preset: document.querySelector('#preset').value,
    seed: document.querySelector('#seed').value,
    title: document.querySelector('#scenario-title').textContent,
    metrics: document.querySelector('section[aria-label="Metrics"]')?.innerText,
  }));
}

/** A fresh page (own context, so own storage) that loads `url` from scratch. */
async function freshPage(url, work) {
  const page = await openPage(app.browser);
  if (work) {
    await page.goto(app.server.url);
    await page.locator('#topology').waitFor();
    await page.evaluate(([key, value]) => localStorage.setItem(key, value), [WORK, JSON.stringify(work)]);
    await page.goto('about:blank');
  }
  await page.goto(url);
  await page.locator('#topology [data-node-kind]').first().waitFor();
  return page;
}

const CUSTOM = {
  version: 1,
  title: 'My own queue',
  queues: [{ name: 'jobs' }],
  producers: [{ name: 'p', queue: 'jobs', arrival: { kind: 'poisson', per_second: 2 } }],
};

describe('share links', () => {
  test('a copied link opens the same run in a fresh browser context', async () => {
    const { page } = app;
    await pickPreset(page, '2');
    await page.locator('#seed').fill('7');
    await page.locator('#seed').dispatchEvent('change');
    await scrubTo(page, 60);
    // Live commands travel too: a crash and a burst of 100.
    await page.getByRole('button', { name: /Crash a consumer/ }).click();
    await page.getByRole('button', { name: /Send a burst of 100/ }).click();
    await scrubTo(page, 90);
    await openTab(page, 'share');
    await page.locator('#copy-link').click();
    const url = await page.locator('#share-link').inputValue();
    assert.match(url, /#v=1&seed=7&t=90&preset=dlq-hospital&commands=[A-Za-z0-9_-]+$/);
    const here = await state(page);
    assert.equal(here.clockMs, '90000');
    assert.match(here.metrics, /Messages sent\s+5\d\d/, 'about 450 orders and the burst of 100');

    const other = await freshPage(url);
    try {
      assert.deepEqual(await state(other), here);
      await other.locator('#link-banner').waitFor();
      assert.equal(await other.evaluate((key) => localStorage.getItem(key), WORK), null, 'nothing saved yet');
      await screenshot(other, 'share-link-opened');
      await other.locator('#keep-link').click();
      const saved = JSON.parse(await other.evaluate((key) => localStorage.getItem(key), WORK));
      assert.equal(saved.seed, 7);
      assert.match(saved.scenario, /dead-letter queue as a hospital/);
      assert.equal(await other.locator('#link-banner').count(), 0);
      assert.equal(await other.evaluate(() => location.hash), '');
      assert.deepEqual(other.problems, []);
    } finally {
      await other.context().close();
    }
  });

  test('a custom scenario travels whole, and opening it keeps the saved work until asked', async () => {
    const { page } = app;
    await openTab(page, 'json');
    await page.locator('#scenario-json').fill(JSON.stringify(CUSTOM));
    await page.locator('#apply-scenario').click();
    await openTab(page, 'share');
    await page.locator('#copy-link').click();
    const url = await page.locator('#share-link').inputValue();
    assert.match(url, /#v=1&seed=42&t=0&scenario=[A-Za-z0-9_-]+$/);

    const mine = { scenario: JSON.stringify({ ...CUSTOM, title: 'Work in progress' }), seed: 3 };
    const other = await freshPage(url, mine);
    try {
      assert.equal((await state(other)).title, 'My own queue');
      // Changing the seed while looking at the link still saves nothing.
      await other.locator('#seed').fill('9');
      await other.locator('#seed').dispatchEvent('change');
      assert.deepEqual(JSON.parse(await other.evaluate((key) => localStorage.getItem(key), WORK)), mine);
      await other.locator('#leave-link').click();
      const back = await state(other);
      assert.equal(back.title, 'Work in progress');
      assert.equal(back.seed, '3');
      assert.equal(await other.evaluate(() => location.hash), '');
      assert.deepEqual(other.problems, []);
    } finally {
      await other.context().close();
    }
  });

  test('the Embed button writes an iframe whose address opens the player on this run', async () => {
    const { page } = app;
    await pickPreset(page, '2');
    await openTab(page, 'share');
    await page.locator('#make-embed').click();
    const snippet = await page.locator('#embed-snippet').inputValue();
    const match = snippet.match(/^<iframe src="([^"]+)" title="The dead-letter queue as a hospital for broken messages" width="100%" height="560" style="border:0"><\/iframe>$/);
    assert.ok(match, snippet);
    const src = match[1].replaceAll('&amp;', '&');
    assert.match(src, /\?embed#v=1&seed=42&t=0&preset=dlq-hospital$/);
    const player = await freshPage(src);
    try {
      await player.locator('main.embed-player').waitFor();
      assert.equal(await player.locator('#scenario-json').count(), 0);
      assert.equal(await player.evaluate((key) => localStorage.getItem(key), WORK), null, 'a player saves nothing');
      assert.deepEqual(player.problems, []);
    } finally {
      await player.context().close();
    }
  });

  test('a link that cannot be opened says why and shows the saved work', async () => {
    const newer = await freshPage(`${app.server.url}#v=2&seed=1&preset=order-processing`);
    try {
      const text = await newer.locator('#link-error').innerText();
      assert.match(text, /format 2/);
      assert.match(text, /newer version/);
      assert.equal((await state(newer)).preset, '0', 'the first preset, as on a first visit');
      assert.deepEqual(newer.problems, []);
    } finally {
      await newer.context().close();
    }
    const badScenario = Buffer.from(JSON.stringify({ ...CUSTOM, queues: [{ name: 'no spaces allowed' }] })).toString('base64url');
    const broken = await freshPage(`${app.server.url}#v=1&seed=1&scenario=${badScenario}`);
    try {
      assert.match(await broken.locator('#link-error').innerText(), /scenario: queues\[0\]: InvalidParameterValue/);
      await screenshot(broken, 'share-link-broken');
    } finally {
      await broken.context().close();
    }
  });
});
