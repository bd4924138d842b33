// The embed player: chrome-less, from 320 px, driven by its host page through postMessage.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, screenshot, serveStatic } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await serveStatic();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const LINK = '#v=1&seed=42&t=0&preset=dlq-hospital';

/** A host page holding one player of `width` px for `query`; returns the page and the frame. */
async function host(query, width = 320) {
  const page = await openPage(browser, { width: 800, height: 900 });
  await page.goto(`${server.url}embed-example.html`); // any page of the same server will do as a host
  // Its own two players must have loaded before they are replaced: a download cut short is
  // reported as a failed request.
  for (const id of ['short', 'hospital']) await page.frameLocator(`#${id}`).locator('#topology').waitFor();
  await page.evaluate(([src, width]) => {
    document.body.innerHTML = `<iframe id="player" title="player" style="width:${width}px;height:760px;border:0" src="${src}"></iframe>`;
  }, [`${server.url}index.html${query}`, width]);
  const frame = page.frameLocator('#player');
  await frame.locator('#topology [data-node-kind]').first().waitFor();
  return { page, frame };
}

/** Posts a request to the player and, for `read`, waits for its answer. */
function ask(page, request) {
  return page.evaluate((request) => new Promise((done) => {
    const player = document.getElementById('player').contentWindow;
    if (request['sqs-sim'] !== 'read') {
      player.postMessage(request, '*');
      done(null);
      return;
    }
    setTimeout(() => done({ error: 'no answer within 5 s' }), 5000);
    window.addEventListener('message', function answer(event) {
      if (event.source === player && event.data?.['sqs-sim'] === 'state') {
        window.removeEventListener('message', answer);
        done(event.data);
      }
    });
    player.postMessage(request, '*');
  }), request);
}

describe('embed player', () => {
  test('at 320 px it is chrome-less, readable, and its host drives it by postMessage', async () => {
    const { page, frame } = await host(`?embed&speed=10${LINK}`);
    try {
      assert.equal(await frame.locator('.app-header').count(), 0, 'no page header');
      assert.equal(await frame.locator('#scenario-json').count(), 0, 'no editor');
      assert.match(await frame.locator('figure.topology').getAttribute('class'), /flow-down/);
      const widths = await frame.locator('body').evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      assert.deepEqual(widths, [320, 320], 'nothing scrolls sideways');
      assert.equal(await frame.locator('section[aria-label="Chart"] figure').count(), 1, 'one compact chart');

      await ask(page, { 'sqs-sim': 'seek', seconds: 120 });
      await frame.locator('#clock[data-virtual-ms="120000"]').waitFor();
      const state = await ask(page, { 'sqs-sim': 'read' });
      assert.equal(state.seconds, 120);
      assert.equal(state.playing, false);
      assert.ok(state.messages_sent > 400 && state.messages_sent < 800, `${state.messages_sent} sent in 2 minutes at 5 a second`);
      assert.ok(state.moved_to_dlq >= 0 && state.messages_in_queues >= 0);

      await ask(page, { 'sqs-sim': 'play' });
      await frame.locator('#play-toggle[aria-pressed="true"]').waitFor();
      await ask(page, { 'sqs-sim': 'pause' });
      await frame.locator('#play-toggle[aria-pressed="false"]').waitFor();
      const later = await ask(page, { 'sqs-sim': 'read' });
      assert.ok(later.seconds >= 120, `played on from 120 s to ${later.seconds}`);
      // Messages from elsewhere are ignored.
      await ask(page, { hello: 'world' });
      await ask(page, { 'sqs-sim': 'seek', seconds: -5 });
      assert.equal((await ask(page, { 'sqs-sim': 'read' })).seconds, later.seconds);
      await screenshot(page, 'embed-320');
      assert.deepEqual(page.problems, []);
    } finally {
      await page.context().close();
    }
  });

  test('a looping player with a start and a stop plays that window over and over', async () => {
    const { page, frame } = await host(`?embed&autoplay&loop&start=10&stop=12&speed=10&panels=controls,topology${LINK}`);
    try {
      assert.equal(await frame.locator('section[aria-label="Chart"]').count(), 0, 'no chart asked for');
      const clock = () => frame.locator('#clock').evaluate((c) => Number(c.dataset.virtualMs));
      // Watch the clock until it goes back: it must stay in the window and wrap around.
      let previous = await clock();
      let wrapped = false;
      for (let i = 0; i < 200 && !wrapped; i++) {
        const now = await clock();
        assert.ok(now >= 10_000 && now <= 12_000, `${now} ms is outside 10-12 s`);
        wrapped = now < previous;
        previous = now;
      }
      assert.ok(wrapped, 'the clock went back to the start');
      assert.equal(await frame.locator('#play-toggle').getAttribute('aria-pressed'), 'true');
      assert.deepEqual(page.problems, []);
    } finally {
      await page.context().close();
    }
  });

  test('a player can carry the guided lesson of its scenario', async () => {
    const { page, frame } = await host('?embed&panels=lesson,topology,controls#v=1&seed=42&t=0&preset=visibility-timeout-too-short', 480);
    try {
      await frame.locator('#guide-start').click();
      await frame.locator('#guide-go').click();
      assert.match(await frame.locator('.guide-count').innerText(), /step 2 of 6/);
      const highlighted = await frame.locator('.node.highlighted').evaluateAll((nodes) => nodes.map((n) => n.dataset.nodeId).sort());
      assert.deepEqual(highlighted, ['consumer:slow-processor', 'queue:orders']);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.context().close();
    }
  });

  test('options that do not read are named, and the player still plays', async () => {
    const { page, frame } = await host(`?embed&speed=3${LINK}`);
    try {
      assert.match(await frame.locator('#embed-error').innerText(), /speed: one of 0\.1, 0\.25/);
      await frame.locator('#play-toggle').click();
      await frame.locator('#play-toggle[aria-pressed="true"]').waitFor();
    } finally {
      await page.context().close();
    }
  });

  test('the example page drives two players side by side', async () => {
    const page = await openPage(browser, { width: 1000, height: 900 });
    try {
      await page.goto(`${server.url}embed-example.html`);
      for (const id of ['short', 'hospital']) {
        await page.frameLocator(`#${id}`).locator('#topology [data-node-kind]').first().waitFor();
      }
      await page.locator('#seek-both').click();
      for (const id of ['short', 'hospital']) {
        await page.frameLocator(`#${id}`).locator('#clock[data-virtual-ms="120000"]').waitFor();
      }
      await page.locator('#read-both').click();
      await page.waitForFunction(() => ['short-state', 'hospital-state'].every((id) => document.getElementById(id).textContent.startsWith('t = 120 s, paused')));
      await screenshot(page, 'embed-example');
      assert.deepEqual(page.problems, []);
    } finally {
      await page.context().close();
    }
  });
});
