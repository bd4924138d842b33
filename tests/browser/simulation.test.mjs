// The simulation in the page, as a person drives it: presets, stepping, seeking, breaking
// things on purpose, and reading what happened. Real headless Chromium, Playwright's fake clock.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appFixture, designJson, node, openPage, openTab, screenshot, scrubTo, setField, pickPreset } from './harness.mjs';

const app = appFixture();

const virtualMs = async () => Number(await app.page.locator('#clock').getAttribute('data-virtual-ms'));
/** A total of the Metrics tab (its numbers are drawn only while the tab is shown). */
const total = async (id) => {
  await openTab(app.page, 'metrics');
  return Number((await app.page.locator(`#${id}`).textContent()).replace(/[^0-9.]/g, ''));
};

const seekTo = (seconds) => scrubTo(app.page, seconds);

/**
 * What a person reads off the page: the clock, the totals and every queue's row of metrics (the
 * Metrics tab), and the latest lines of the event log (the Log tab). Each tab draws its content
 * only while shown, so both are opened in turn.
 */
async function readings() {
  const { page } = app;
  await openTab(page, 'metrics');
  const numbers = await page.evaluate(() => ({
    clock: document.querySelector('#clock').textContent,
    totals: [...document.querySelectorAll('.totals dd')].map((dd) => dd.textContent),
    queues: [...document.querySelectorAll('table.queues tbody tr')].map((tr) => tr.textContent),
  }));
  await openTab(page, 'log');
  const log = await page.locator('#log li').evaluateAll((items) => items.slice(0, 50).map((li) => li.textContent));
  return { ...numbers, log };
}

/** The MessageIds of log lines of one kind, newest first. */
async function logIds(kind) {
  await openTab(app.page, 'log');
  return app.page.locator(`#log li[data-kind="${kind}"]`).evaluateAll((els) => els.map((el) => el.dataset.messageId));
}

describe('presets', () => {
  test('every preset loads, shows its lesson and runs', async () => {
    const options = await app.page.locator('#preset optgroup[label="Built-in scenarios"] option')
      .evaluateAll((els) => els.map((el) => [el.value, el.textContent]));
    assert.ok(options.length >= 9, `${options.length} presets`);
    for (const [value, title] of options) {
      await pickPreset(app.page, value);
      assert.equal(await app.page.locator('#scenario-title').textContent(), title);
      // The lesson is the scenario's own field, shown by the inspector when nothing is selected.
      const lesson = await app.page.locator('.inspector [data-path="lesson"]').inputValue();
      assert.ok(lesson.length > 40, `${title} has a lesson`);
      assert.equal(await virtualMs(), 0, `${title} starts at zero`);
      await seekTo(30);
      const sent = await total('messages-sent');
      assert.ok(sent > 0, `${title}: ${sent} messages sent in 30 s`);
    }
    await screenshot(app.page, 'preset-last');
  });
});

describe('clock', () => {
  test('step runs to the next instant that has events, and → does the same', async () => {
    await app.page.locator('#step').click();
    const first = await virtualMs();
    await app.page.locator('#step').click();
    const second = await virtualMs();
    assert.ok(second > first, `${second} > ${first}`);
    await app.page.keyboard.press('ArrowRight');
    assert.ok((await virtualMs()) > second);
  });

  test('seeking back then forward gives the same state', async () => {
    await seekTo(120);
    const at120 = await readings();
    assert.ok(at120.log.length > 0);
    await seekTo(45);
    assert.notDeepEqual(await readings(), at120);
    await seekTo(120);
    assert.deepEqual(await readings(), at120);
    await screenshot(app.page, 'after-seek');
  });

  test('the same seed gives the same run, another seed another one', async () => {
    await seekTo(60);
    const first = await readings();
    await app.page.locator('#seed').fill('7');
    await app.page.locator('#seed').dispatchEvent('change');
    assert.equal(await virtualMs(), 0);
    await seekTo(60);
    const other = await readings();
    assert.notDeepEqual(other.totals, first.totals);
    await app.page.locator('#seed').fill('42');
    await app.page.locator('#seed').dispatchEvent('change');
    await seekTo(60);
    assert.deepEqual(await readings(), first);
  });
});

describe('breaking things', () => {
  test('a crashed consumer\'s message comes back after the visibility timeout with receive count 2', async () => {
    // Crash a worker while it holds messages (try a few moments until one does).
    let abandoned = [];
    for (let at = 5; abandoned.length === 0 && at < 60; at += 5) {
      await seekTo(at);
      await app.page.keyboard.press('c');
      abandoned = await logIds('abandoned_by_crash');
    }
    assert.ok(abandoned.length > 0, 'a crash abandoned a message');
    const id = abandoned[0];
    // VisibilityTimeout is 30 s in this preset: well after it, the message was received again.
    await seekTo((await virtualMs()) / 1000 + 45);
    await app.page.locator('#log-message').fill(id);
    await app.page.locator(`#log li[data-kind="received"][data-message-id="${id}"]`).first().waitFor();
    await app.page.locator(`#log li[data-message-id="${id}"] button`).first().click();
    const steps = await app.page.locator('#message-history li').evaluateAll((els) =>
      els.map((el) => [el.dataset.kind, Number(el.dataset.receiveCount)]));
    const crash = steps.findIndex(([kind]) => kind === 'abandoned_by_crash');
    assert.ok(crash >= 0, JSON.stringify(steps));
    const again = steps.slice(crash).find(([kind]) => kind === 'received');
    assert.deepEqual(again, ['received', 2], JSON.stringify(steps));
    assert.ok(steps.slice(crash).some(([kind]) => kind === 'visibility_expired'), JSON.stringify(steps));
    await screenshot(app.page, 'crash-message-history');
  });

  test('a poison message ends in the dead-letter queue after maxReceiveCount receives', async () => {
    await seekTo(2);
    await app.page.keyboard.press('p');
    const poison = (await logIds('sent'))[0];
    // Three receives 30 s apart, then the fourth receive moves it (maxReceiveCount 3).
    await seekTo(150);
    await app.page.locator('#log-message').fill(poison);
    await app.page.locator(`#log li[data-message-id="${poison}"] button`).first().click();
    const steps = await app.page.locator('#message-history li').evaluateAll((els) =>
      els.map((el) => [el.dataset.kind, Number(el.dataset.receiveCount)]));
    const receives = steps.filter(([kind]) => kind === 'received').map(([, count]) => count);
    assert.deepEqual(receives, [1, 2, 3], JSON.stringify(steps));
    assert.deepEqual(steps.at(-1), ['moved_to_dead_letter_queue', 3], JSON.stringify(steps));
    // The dead-letter queue has a chart of its own, one line: its depth.
    await openTab(app.page, 'charts');
    assert.deepEqual(
      await app.page.locator('#chart-dlq polyline').evaluateAll((els) => els.map((el) => el.dataset.series)),
      ['orders-dlq'],
    );
    await openTab(app.page, 'metrics');
    const dlqVisible = await app.page.locator('tr[data-queue="orders-dlq"] td[data-metric="ApproximateNumberOfMessagesVisible"]').textContent();
    assert.ok(Number(dlqVisible) >= 1);
    await screenshot(app.page, 'poison-in-dlq');
  });

  test('a queue attribute is validated as SQS would, and a bad value keeps the old one', async () => {
    await app.page.locator('[data-node-id="queue:orders"]').click();
    const field = app.page.locator('.inspector input[name="VisibilityTimeout"]');
    assert.equal(await field.inputValue(), '30');
    await field.fill('50000');
    await field.dispatchEvent('change');
    // Refused at the field, in SQS's words, naming the attribute.
    assert.match(await app.page.locator('#field-error').textContent(), /InvalidAttributeValue.*VisibilityTimeout/);
    await app.page.locator('[data-node-id="queue:orders-dlq"]').click();
    await app.page.locator('[data-node-id="queue:orders"]').click();
    assert.equal(await app.page.locator('.inspector input[name="VisibilityTimeout"]').inputValue(), '30');
    await app.page.locator('.inspector input[name="VisibilityTimeout"]').fill('45');
    await app.page.locator('.inspector input[name="VisibilityTimeout"]').dispatchEvent('change');
    assert.equal(await app.page.locator('#field-error').count(), 0);
    assert.equal(await app.page.locator('.inspector input[name="VisibilityTimeout"]').inputValue(), '45');
    assert.equal((await designJson(app.page)).queues[0].attributes.VisibilityTimeout, '45');
  });
});

describe('keyboard', () => {
  test('space plays and pauses, ? shows the shortcuts', async () => {
    await app.page.locator('body').press('Space');
    assert.equal(await app.page.locator('#play-toggle').getAttribute('aria-pressed'), 'true');
    await app.page.clock.runFor(500);
    await app.page.locator('body').press('Space');
    assert.equal(await app.page.locator('#play-toggle').getAttribute('aria-pressed'), 'false');
    assert.ok((await virtualMs()) > 0);
    await app.page.keyboard.press('?');
    await app.page.locator('#help').waitFor();
    await screenshot(app.page, 'help');
    await app.page.keyboard.press('Escape');
    assert.equal(await app.page.locator('#help').count(), 0);
  });

  test('injection keys act on the simulation', async () => {
    const before = await total('messages-sent');
    await app.page.keyboard.press('b');
    assert.equal(await total('messages-sent'), before + 100);
  });
});

describe('scenario editing', () => {
  /** The scenario in the editor (the JSON tab), parsed. */
  const editorScenario = async () => {
    await openTab(app.page, 'json');
    return JSON.parse(await app.page.locator('#scenario-json').inputValue());
  };

  test('a bad edit lists its errors at their JSON paths and keeps the current scenario', async () => {
    await seekTo(20);
    const before = await readings();
    const scenario = await editorScenario();
    scenario.consumers[0].count = 0;
    scenario.producers[0].arrival.per_second = -3;
    await app.page.locator('#scenario-json').fill(JSON.stringify(scenario, null, 2));
    await app.page.locator('#apply-scenario').click();
    const errors = await app.page.locator('#scenario-errors li').allTextContents();
    assert.ok(errors.some((e) => e.startsWith('consumers[0].count')), errors.join('\n'));
    assert.ok(errors.some((e) => e.startsWith('producers[0].arrival')), errors.join('\n'));
    assert.deepEqual(await readings(), before, 'the running scenario is untouched');
    await screenshot(app.page, 'scenario-errors');
  });

  test('a bad import shows the error and keeps the scenario; a good one replaces it', async () => {
    const title = await app.page.locator('#scenario-title').textContent();
    await openTab(app.page, 'json');
    await app.page.locator('#import-scenario').setInputFiles({
      name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1, "title": "x", "queues": [{"name": "a b"}], "bogus": 1}'),
    });
    await app.page.locator('#scenario-errors').waitFor();
    const errors = await app.page.locator('#scenario-errors li').allTextContents();
    assert.ok(errors.length > 0);
    assert.equal(await app.page.locator('#scenario-title').textContent(), title);
    const good = await editorScenario();
    good.title = 'Imported orders';
    await app.page.locator('#import-scenario').setInputFiles({
      name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)),
    });
    await app.page.locator('#scenario-title', { hasText: 'Imported orders' }).waitFor();
    assert.equal(await app.page.locator('#scenario-errors').count(), 0);
  });

  test('a reload restores the autosaved scenario and seed', async () => {
    const scenario = await editorScenario();
    scenario.title = 'My own orders';
    scenario.consumers[0].count = 5;
    await app.page.locator('#scenario-json').fill(JSON.stringify(scenario, null, 2));
    await app.page.locator('#apply-scenario').click();
    await app.page.locator('#seed').fill('99');
    await app.page.locator('#seed').dispatchEvent('change');
    await app.page.clock.runFor(1000); // autosave waits for the design to rest
    await app.page.reload();
    await app.page.locator('#topology [data-node-kind]').first().waitFor();
    assert.equal(await app.page.locator('#scenario-title').textContent(), 'My own orders');
    assert.equal(await app.page.locator('#seed').inputValue(), '99');
    assert.equal((await editorScenario()).consumers[0].count, 5);
    assert.equal(await app.page.locator('#preset option:checked').textContent(), 'My own orders (yours)');
  });
});

describe('charts', () => {
  test('charts carry CloudWatch metric names and a cursor that follows the clock', async () => {
    await seekTo(300);
    for (const id of ['chart-visible', 'chart-not-visible', 'chart-age', 'chart-sent', 'chart-empty', 'chart-latency', 'chart-cost']) {
      await app.page.locator(`#${id} polyline`).first().waitFor({ state: 'attached' });
    }
    assert.equal(await app.page.locator('#chart-sent figcaption').textContent(), 'NumberOfMessagesSent');
    const points = (await app.page.locator('#chart-sent polyline[data-series="orders"]').getAttribute('points')).split(' ');
    assert.equal(points.length, 5, 'one point per 60 s metrics period');
    const cursorAt = async () => Number(await app.page.locator('#chart-sent .cursor').getAttribute('x1'));
    const at300 = await cursorAt();
    await seekTo(600);
    assert.ok((await cursorAt()) > at300);
    await screenshot(app.page, 'charts');
  });

  test('clicking a chart seeks to that moment', async () => {
    await seekTo(10);
    const chart = app.page.locator('#chart-sent svg');
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    // Half way along the time axis (the plot starts after the value labels).
    await chart.click({ position: { x: (box.width * (42 + (320 - 46) / 2)) / 320, y: box.height / 2 } });
    const seconds = (await virtualMs()) / 1000;
    assert.ok(Math.abs(seconds - 450) < 5, `clicked at the middle of 900 s, went to ${seconds} s`);
  });

  test('"as fast as possible" runs to the end of the scenario and stops', async () => {
    await app.page.locator('#speed').selectOption({ label: 'as fast as possible' });
    await app.page.locator('#play-toggle').click();
    await app.page.clock.runFor(100);
    await app.page.waitForFunction(() => document.querySelector('#play-toggle').getAttribute('aria-pressed') === 'false');
    assert.equal(await virtualMs(), 900_000);
    assert.ok((await total('messages-sent')) > 4000);
  });
});

describe('old way vs SQS way', () => {
  test('the same outage loses the direct calls\' orders and only delays the queued ones', async () => {
    const value = await app.page.locator('#preset option', { hasText: 'old way vs the SQS way' }).getAttribute('value');
    await pickPreset(app.page, value);
    await seekTo(120);
    // In the middle of the payment outage: the old way is losing orders, the queue holds them.
    assert.ok((await total('old-way-lost')) > 100);
    assert.equal(await total('sqs-way-lost'), 0);
    assert.ok((await total('sqs-way-waiting')) > 100);
    assert.match(await app.page.locator('[data-node-id="service:payment"]').getAttribute('aria-label'), /DOWN/);
    await screenshot(app.page, 'old-way-vs-sqs-way-outage');
    await seekTo(400);
    assert.equal(await total('sqs-way-lost'), 0);
    assert.ok((await total('sqs-way-waiting')) < 20, 'the backlog drained after the outage');
    const lostThen = await total('old-way-lost');
    assert.ok(lostThen > 400, `${lostThen} direct orders lost in the two minutes`);
    // The chart shows both: losses that stay, a backlog that drains.
    await openTab(app.page, 'charts');
    const series = async (name) => (await app.page.locator(`#chart-old-vs-sqs polyline[data-series="${name}"]`).getAttribute('points'))
      .split(' ').map((p) => Number(p.split(',')[1]));
    const lost = await series('lost by direct calls');
    const waiting = await series('waiting in the queues');
    assert.ok(lost.at(-1) < lost[0], 'losses climb (smaller y is higher) and stay up');
    const peak = Math.min(...waiting);
    assert.ok(waiting.at(-1) > peak, 'the backlog peaked during the outage and drained after it');
    await screenshot(app.page, 'old-way-vs-sqs-way-chart');
  });

  test('a service can be taken down and brought back with s', async () => {
    const value = await app.page.locator('#preset option', { hasText: 'old way vs the SQS way' }).getAttribute('value');
    await pickPreset(app.page, value);
    await app.page.locator('[data-node-id="service:shipping"]').click();
    await app.page.keyboard.press('s');
    assert.match(await app.page.locator('[data-node-id="service:shipping"]').getAttribute('aria-label'), /DOWN/);
    await seekTo(20);
    assert.ok((await total('old-way-lost')) > 50);
    await app.page.keyboard.press('s');
    assert.doesNotMatch(await app.page.locator('[data-node-id="service:shipping"]').getAttribute('aria-label'), /DOWN/);
  });
});

describe('tokens', () => {
  test('message tokens travel along the edges, and a click on one opens its message', async () => {
    await app.page.locator('#speed').selectOption('10');
    await seekTo(30);
    const layer = app.page.locator('.token-layer');
    const count = Number(await layer.getAttribute('data-count'));
    assert.ok(count > 5, `${count} tokens on their way`);
    // Paused, the tokens stay where they are; a click on one opens that message's life.
    const [x, y, id] = (await layer.getAttribute('data-first')).split(' ');
    // The token's drawing coordinates go through the diagram's view (pan, then zoom).
    const svg = app.page.locator('#topology');
    const transform = await svg.locator('g.view').getAttribute('transform');
    const [, panX, panY, zoom] = /translate\(([-\d.]+)[ ,]+([-\d.]+)\) scale\(([-\d.]+)\)/.exec(transform).map(Number);
    await svg.click({ position: { x: panX + Number(x) * zoom, y: panY + Number(y) * zoom } });
    const opened = await app.page.locator('#inspected-name code').textContent({ timeout: 5000 })
      .catch(async () => `nothing: the inspector shows "${await app.page.locator('#inspected-name').textContent()}"`);
    // Tokens of a burst travel together: the click opens one of the messages drawn there
    // (which one is `tokens::hit`'s choice, tested natively), never the edge under them.
    assert.match(opened, /^[0-9a-f]{8}-[0-9a-f]{4}-/, `a click on a token opens a message, not ${opened}`);
    assert.equal(await app.page.locator('#message-history li').first().getAttribute('data-kind'), 'sent');
    assert.ok(id, 'the first token has an id');
    await screenshot(app.page, 'tokens');
  });

  test('a FIFO queue shows its message groups, blocked ones marked', async () => {
    const value = await app.page.locator('#preset option', { hasText: /FIFO/ }).first().getAttribute('value');
    await pickPreset(app.page, value);
    // Stop every consumer for a while: a backlog builds up across the customers' groups.
    await seekTo(5);
    for (let i = 0; i < 4; i += 1) await app.page.keyboard.press('-');
    // What the stopped consumers held comes back after its 30 s visibility timeout.
    await seekTo(45);
    const queue = app.page.locator('[data-node-kind="queue"].fifo').first();
    assert.ok((await app.page.locator('.tokens.groups .group').count()) > 10);
    assert.match(await queue.getAttribute('aria-label'), /\d+ groups, 0 blocked/);
    // One consumer back: the groups it is working on are blocked for everyone else.
    await app.page.keyboard.press('+');
    let blocked = 0;
    for (let i = 0; i < 20 && blocked === 0; i += 1) {
      await app.page.keyboard.press('ArrowRight');
      blocked = await app.page.locator('.tokens.groups .group.blocked').count();
    }
    assert.ok(blocked > 0, 'a group is blocked while its first message is in flight');
    assert.match(await queue.getAttribute('aria-label'), /groups, [1-9]\d* blocked/);
    await screenshot(app.page, 'fifo-groups');
  });
});

describe('FIFO order', () => {
  test('messages of one group are processed in the order they were sent', async () => {
    const value = await app.page.locator('#preset option', { hasText: /FIFO/ }).first().getAttribute('value');
    await pickPreset(app.page, value);
    // Four consumers take up to ten messages at a time from 50 customers' groups.
    await seekTo(60);
    await openTab(app.page, 'log');
    const lines = await app.page.locator('#log li').evaluateAll((els) =>
      els.map((el) => [el.dataset.kind, el.dataset.messageId, el.dataset.group]).reverse());
    const groupOf = new Map();
    const sentOrder = new Map();
    for (const [kind, id, group] of lines) {
      if (kind === 'sent' && group && !groupOf.has(id)) {
        groupOf.set(id, group);
        sentOrder.set(group, [...(sentOrder.get(group) ?? []), id]);
      }
    }
    const deletedOrder = new Map();
    for (const [kind, id] of lines) {
      const group = groupOf.get(id);
      if (kind === 'deleted' && group) deletedOrder.set(group, [...(deletedOrder.get(group) ?? []), id]);
    }
    let checked = 0;
    for (const [group, deleted] of deletedOrder) {
      const sent = sentOrder.get(group).filter((id) => deleted.includes(id));
      assert.deepEqual(deleted, sent, `group ${group}`);
      checked += deleted.length;
    }
    assert.ok(checked > 10, `${checked} deletes checked`);
  });
});

describe('narrow screens', () => {
  test('at 360 px wide nothing makes the page scroll sideways', async () => {
    const narrow = await openPage(app.browser, { width: 360, height: 740 });
    try {
      await narrow.goto(app.server.url);
      await narrow.locator('#topology').waitFor();
      for (const value of ['0', '9']) {
        await pickPreset(narrow, value);
        assert.equal(await narrow.evaluate(() => document.documentElement.scrollWidth), 360, `preset ${value}`);
      }
      // The widest preset (callers, queues, consumers, services) flows down, readable as is.
      assert.match(await narrow.locator('figure.topology').getAttribute('class'), /flow-down/);
      const sizes = await narrow.evaluate(() => ({
        boxes: [...document.querySelectorAll('#topology .node-box')].map((r) => r.getBoundingClientRect().width),
        labels: [...document.querySelectorAll('#topology .node-label')].map((t) => t.getBoundingClientRect().height),
      }));
      assert.ok(sizes.boxes.length >= 5, `${sizes.boxes.length} nodes`);
      assert.ok(Math.min(...sizes.boxes) >= 120, `node boxes ${sizes.boxes} px wide`);
      assert.ok(Math.min(...sizes.labels) >= 9, `labels ${sizes.labels} px high`);
      await screenshot(narrow, 'narrow-360');
      // Widening the window turns the diagram back to flowing across.
      await narrow.setViewportSize({ width: 1200, height: 800 });
      await narrow.waitForFunction(() => !document.querySelector('figure.topology').classList.contains('flow-down'));
      assert.deepEqual(narrow.problems, []);
    } finally {
      await narrow.context().close();
    }
  });
});

describe('settings in the inspector', () => {
  test('a setting restarts the scenario with it; a bad one is refused at its path', async () => {
    const { page } = app;
    const consumer = node(page, 'consumer:order-processor');
    await consumer.click();
    await setField(page, 'consumers[0].count', '5');
    assert.match(await consumer.getAttribute('aria-label'), /5 workers/);
    assert.equal((await designJson(page)).consumers[0].count, 5);
    await setField(page, 'consumers[0].count', '0');
    assert.match(await page.locator('#field-error').textContent(), /^consumers\[0\]\.count: .*\(it stays 5\)$/);
    assert.match(await consumer.getAttribute('aria-label'), /5 workers/, 'the running scenario is kept');
    assert.equal((await designJson(page)).consumers[0].count, 5);
    // A setting the running world cannot take as a command restarts the run from 0 with it.
    await seekTo(30);
    await setField(page, 'consumers[0].failure_probability', '0');
    assert.equal(await virtualMs(), 0);
    assert.match(await page.locator('#notice').textContent(), /restarted from 0 with the change, on the same seed/);
    assert.equal((await designJson(page)).consumers[0].failure_probability, 0);
    await node(page, 'queue:orders').click();
    await setField(page, 'queues[0].attributes.VisibilityTimeout', 'soon');
    // Queue attributes are strings to SQS: a word is refused as SQS refuses it.
    assert.match(await page.locator('#field-error').textContent(), /InvalidAttributeValue.*VisibilityTimeout.*Must be an integer.*\(it stays 30\)$/);
  });
});

describe('keyboard only', () => {
  test('the diagram\'s nodes are reached with Tab and opened with Enter', async () => {
    const focusedNode = () => app.page.evaluate(() => document.activeElement?.dataset?.nodeId ?? null);
    let node = null;
    for (let i = 0; i < 40 && node !== 'queue:orders'; i += 1) {
      await app.page.keyboard.press('Tab');
      node = await focusedNode();
    }
    assert.equal(node, 'queue:orders');
    // Visible focus: the focused node's outline takes the focus colour (#cc79a7).
    const stroke = (selector) => app.page.evaluate((s) => getComputedStyle(document.querySelector(s)).stroke, selector);
    assert.equal(await stroke('[data-node-id="queue:orders"] .node-box'), 'rgb(204, 121, 167)');
    assert.notEqual(await stroke('[data-node-id="queue:orders-dlq"] .node-box'), 'rgb(204, 121, 167)');
    await app.page.keyboard.press('Enter');
    assert.equal(await app.page.locator('#inspected-name').textContent(), 'orders');
    await screenshot(app.page, 'keyboard-focus');
  });
});

describe('refusals', () => {
  test('a second purge within 60 seconds is refused with SQS\'s error, and nothing changes', async () => {
    await seekTo(10);
    await app.page.keyboard.press('u');
    assert.equal(await app.page.locator('#injection-error').count(), 0);
    await seekTo(30);
    const before = await readings();
    await app.page.keyboard.press('u');
    assert.match(await app.page.locator('#injection-error').textContent(), /PurgeQueueInProgress/);
    assert.deepEqual((await readings()).queues, before.queues);
    await seekTo(80);
    await app.page.keyboard.press('u');
    assert.equal(await app.page.locator('#injection-error').count(), 0, 'allowed again after 60 s');
  });
});

describe('inspector on producers and services', () => {
  test('a producer\'s rate is changed live, and a bad rate is refused with the reason', async () => {
    const { page } = app;
    await node(page, 'producer:checkout').click();
    const path = 'producers[0].arrival.per_second';
    assert.equal(await page.locator(`.inspector [data-path="${path}"]`).inputValue(), '5');
    await seekTo(60);
    const at60 = await total('messages-sent');
    await setField(page, path, '50');
    // Past 0, a rate is taken at the current moment: the run keeps its first minute.
    assert.match(await page.locator('#notice').textContent(), /^Applied at /);
    assert.equal(await virtualMs(), 60_000);
    await seekTo(120);
    const sent = (await total('messages-sent')) - at60;
    assert.ok(sent > 2000, `${sent} orders in the minute after raising the rate to 50 a second`);
    await setField(page, path, '-1');
    assert.match(await page.locator('#field-error').textContent(), /^producers\[0\]\.arrival\.per_second: must be more than 0/);
    assert.equal((await designJson(page)).producers[0].arrival.per_second, 50, 'the refused rate changes nothing');
  });

  test('a selected service is taken down and brought back with the Break things button', async () => {
    const value = await app.page.locator('#preset option', { hasText: 'old way vs the SQS way' }).getAttribute('value');
    await pickPreset(app.page, value);
    // Not the scenario's first service: the button acts on the one selected.
    await app.page.locator('[data-node-id="service:email"]').click();
    await app.page.locator('#inject-s').click();
    assert.match(await app.page.locator('[data-node-id="service:email"]').getAttribute('aria-label'), /DOWN/);
    assert.doesNotMatch(await app.page.locator('[data-node-id="service:inventory"]').getAttribute('aria-label'), /DOWN/);
    assert.match(await app.page.locator('.injections .hint').textContent(), /service: email \(down\)/);
    await app.page.locator('#inject-s').click();
    assert.doesNotMatch(await app.page.locator('[data-node-id="service:email"]').getAttribute('aria-label'), /DOWN/);
  });
});

describe('consumer inspector', () => {
  test('it lists each worker with what it holds, and opens a held message', async () => {
    // Step until a worker holds a message.
    for (let i = 0; i < 50; i += 1) {
      await app.page.keyboard.press('ArrowRight');
      await app.page.locator('[data-node-id="consumer:order-processor"]').click();
      if ((await app.page.locator('#workers li[data-activity="processing"] button').count()) > 0) break;
    }
    const held = app.page.locator('#workers li[data-activity="processing"] button').first();
    const shortId = await held.textContent();
    assert.equal(await app.page.locator('#workers li').count(), 2);
    await held.click();
    assert.ok((await app.page.locator('#inspected-name code').textContent()).startsWith(shortId));
    const kinds = await app.page.locator('#message-history li').evaluateAll((els) => els.map((el) => el.dataset.kind));
    assert.equal(kinds.at(-1), 'received', 'held: received and not deleted yet');
  });
});
