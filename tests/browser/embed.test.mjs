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
    // Everything the player posts, from its start (window.heard).
    window.heard = [];
    const player = document.getElementById('player').contentWindow;
    window.addEventListener('message', (event) => {
      if (event.source === player) window.heard.push(event.data);
    });
  }, [`${server.url}index.html${query}`, width]);
  const frame = page.frameLocator('#player');
  await frame.locator('#topology [data-node-kind]').first().waitFor();
  // A framed player says it is ready, once.
  await page.waitForFunction(() => window.heard.length > 0);
  assert.deepEqual(await page.evaluate(() => window.heard), [{ 'sqs-sim': 1, type: 'ready' }]);
  return { page, frame };
}

/**
 * Posts a request of the player's protocol (version 1) with a fresh id and resolves to the
 * player's reply to it: every request is answered ('done', 'state' or 'error').
 */
let nextId = 1;
function ask(page, request) {
  return page.evaluate(([request, id]) => new Promise((done) => {
    const player = document.getElementById('player').contentWindow;
    setTimeout(() => done({ error: 'no answer within 5 s' }), 5000);
    window.addEventListener('message', function answer(event) {
      if (event.source === player && event.data?.['sqs-sim'] === 1 && event.data.id === id) {
        window.removeEventListener('message', answer);
        done(event.data);
      }
    });
    player.postMessage({ 'sqs-sim': 1, id, ...request }, '*');
  }), [request, nextId++]);
}

/** Forgets what the player has posted so far (`window.heard` records it, see `host`). */
async function listen(page) {
  await page.evaluate(() => { window.heard = []; });
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

      assert.deepEqual(await ask(page, { type: 'seek', seconds: 120 }), { 'sqs-sim': 1, id: nextId - 1, type: 'done', request: 'seek' });
      await frame.locator('#clock[data-virtual-ms="120000"]').waitFor();
      const state = await ask(page, { type: 'read' });
      assert.equal(state.type, 'state');
      assert.equal(state.seconds, 120);
      assert.equal(state.playing, false);
      assert.ok(state.messages_sent > 400 && state.messages_sent < 800, `${state.messages_sent} sent in 2 minutes at 5 a second`);
      assert.ok(state.moved_to_dlq >= 0 && state.messages_in_queues >= 0);

      assert.equal((await ask(page, { type: 'play' })).type, 'done');
      await frame.locator('#play-toggle[aria-pressed="true"]').waitFor();
      await ask(page, { type: 'pause' });
      await frame.locator('#play-toggle[aria-pressed="false"]').waitFor();
      const later = await ask(page, { type: 'read' });
      assert.ok(later.seconds >= 120, `played on from 120 s to ${later.seconds}`);
      assert.equal(later.end_seconds, 900, 'the scenario lasts 15 minutes');
      // A bad seek is refused with the reason, and the clock stays.
      const refused = await ask(page, { type: 'seek', seconds: -5 });
      assert.equal(refused.type, 'error');
      assert.match(refused.error, /^seconds: -5 is not a moment of a run/);
      assert.equal((await ask(page, { type: 'read' })).seconds, later.seconds);
      await screenshot(page, 'embed-320');
      assert.deepEqual(page.problems, []);
    } finally {
      await page.context().close();
    }
  });

  test('malformed and unknown messages are answered with what is wrong; others\' messages are ignored', async () => {
    const { page } = await host(`?embed${LINK}`);
    try {
      await listen(page);
      const post = (message) => page.evaluate((m) => document.getElementById('player').contentWindow.postMessage(m, '*'), message);
      // Not this protocol's (no 'sqs-sim' member): no answer. A later request's answer comes
      // first, since the player answers in order.
      await post({ hello: 'world' });
      await post('a string');
      await post({ 'sqs-sim': 1, type: 'jump', id: 'j' });
      await post({ 'sqs-sim': 'play' }); // the old, unversioned form
      await post({ 'sqs-sim': 1, type: 'subscribe', ticks_per_second: 1000, id: 's' });
      await post({ 'sqs-sim': 1, type: 'play', seconds: 3, id: 'p' });
      await ask(page, { type: 'read' });
      const heard = await page.evaluate(() => window.heard);
      assert.equal(heard.length, 5, JSON.stringify(heard));
      const [jump, old, subscribe, play, read] = heard;
      assert.deepEqual(Object.keys(jump).sort(), ['error', 'id', 'sqs-sim', 'type']);
      assert.equal(jump.id, 'j');
      assert.match(jump.error, /unknown variant `jump`, expected one of `play`, `pause`, `seek`, `read`, `subscribe`, `unsubscribe`/);
      assert.equal(old.type, 'error');
      assert.match(old.error, /invalid type: string "play", expected u32/);
      assert.match(subscribe.error, /^ticks_per_second: 1000 is not between/);
      assert.match(play.error, /^seconds: not a member of a play request/);
      assert.equal(read.type, 'state');
      assert.equal(read.playing, false, 'nothing malformed was carried out');
      assert.deepEqual(page.problems, []);
    } finally {
      await page.context().close();
    }
  });

  test('a subscribed host hears ticks, check verdicts, lesson steps and the end of the run', async () => {
    const { page } = await host(`?embed&speed=100&stop=90${LINK}`);
    try {
      await listen(page);
      const subscribed = await ask(page, { type: 'subscribe', ticks_per_second: 20 });
      assert.equal(subscribed.request, 'subscribe');
      await ask(page, { type: 'play' });
      await page.waitForFunction(() => window.heard.some((m) => m.type === 'ended'), null, { timeout: 20_000 });
      const heard = await page.evaluate(() => window.heard);
      const ticks = heard.filter((m) => m.type === 'tick');
      assert.ok(ticks.length >= 2, `${ticks.length} ticks`);
      for (let i = 1; i < ticks.length; i++) assert.ok(ticks[i].seconds >= ticks[i - 1].seconds, 'ticks follow the clock');
      assert.ok(ticks.every((t) => t['sqs-sim'] === 1 && t.playing === true));
      const ended = heard.find((m) => m.type === 'ended');
      assert.equal(ended.seconds, 90);
      assert.equal(ended.playing, false);
      // dlq-hospital's checks: nothing in the dead-letter queue at first, then poison orders.
      const checks = heard.filter((m) => m.type === 'check');
      const moved = checks.filter((c) => c.metric === 'moved_to_dlq').map((c) => c.passed);
      assert.deepEqual(moved, [false, true], JSON.stringify(checks));
      assert.deepEqual(checks.filter((c) => c.metric === 'messages_lost').map((c) => c.passed), [true]);
      // Unsubscribed, it is quiet: the only message is the answer.
      await ask(page, { type: 'unsubscribe' });
      const count = await page.evaluate(() => window.heard.length);
      await ask(page, { type: 'seek', seconds: 10 });
      await ask(page, { type: 'play' });
      await ask(page, { type: 'pause' });
      const after = await page.evaluate((count) => window.heard.slice(count).map((m) => m.type), count);
      assert.deepEqual(after, ['done', 'done', 'done']);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.context().close();
    }
  });

  test('a subscribed host hears each lesson step the learner reaches', async () => {
    const { page, frame } = await host('?embed&panels=lesson,topology,controls#v=1&seed=42&t=0&preset=visibility-timeout-too-short', 480);
    try {
      await listen(page);
      await ask(page, { type: 'subscribe', events: ['lesson_step'] });
      await frame.locator('#guide-start').click();
      await frame.locator('#guide-go').click();
      await page.waitForFunction(() => window.heard.filter((m) => m.type === 'lesson_step').length >= 2);
      const steps = (await page.evaluate(() => window.heard)).filter((m) => m.type === 'lesson_step');
      assert.deepEqual(steps.map((s) => [s.step, s.steps]), [[0, 6], [1, 6]]);
      assert.match(steps[1].text, /A consumer has just received/);
      assert.equal((await page.evaluate(() => window.heard)).filter((m) => m.type === 'tick').length, 0, 'ticks were not asked for');
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
