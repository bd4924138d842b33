// The workspace: build an architecture on the diagram, with the mouse and with the keyboard
// alone, run it, undo, reload, share; refusals that change nothing; the one-screen layout.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appFixture, designJson, drag, node, openPage, openTab, port, screenshot } from './harness.mjs';

const app = appFixture();

/** The ids of the diagram's nodes and the kinds of its edges, sorted: the architecture. */
async function architecture(page) {
  return page.evaluate(() => ({
    nodes: [...document.querySelectorAll('#topology [data-node-id]')].map((n) => n.dataset.nodeId).sort(),
    edges: [...document.querySelectorAll('#topology [data-edge-kind]')].map((e) => e.dataset.edgeKind).sort(),
  }));
}

/** The number of visible messages a queue's box shows. */
async function visibleIn(page, queue) {
  const label = await node(page, `queue:${queue}`).getAttribute('aria-label');
  return Number(/: (\d+) visible/.exec(label)?.[1] ?? NaN);
}

/** Sets an inspector field (by its scenario path) as a person does: type, then leave it. */
async function setField(page, path, value) {
  const field = page.locator(`.inspector [data-path="${path}"]`);
  await field.fill(value);
  await field.dispatchEvent('change');
}

/** Plays at `speed` for `wallMs` of (fake) wall time, then pauses. */
async function playFor(page, speed, wallMs) {
  await page.locator('#speed').selectOption(speed);
  await page.locator('#play-toggle').click();
  await page.clock.runFor(wallMs);
  await page.locator('#play-toggle').click();
}

describe('building on the diagram', () => {
  test('with the mouse: a pipeline with a dead-letter queue, run, undone, autosaved and shared', async () => {
    const { page } = app;
    await page.locator('#new-scenario').click();
    assert.deepEqual(await architecture(page), { nodes: [], edges: [] });
    // A producer needs a queue: the palette says so and adds nothing.
    await page.locator('#add-producer').click();
    assert.match(await page.locator('#inspector-error').textContent(), /Add a queue or a topic first/);
    assert.deepEqual((await architecture(page)).nodes, []);

    await page.locator('#add-queue').click();
    await page.locator('#add-producer').click();
    await node(page, 'queue:queue').click();
    await page.locator('#add-consumer-fleet').click();
    // A second producer that sends only poison messages, slowly.
    await node(page, 'queue:queue').click();
    await page.locator('#add-producer').click();
    await setField(page, 'producers[1].poison_probability', '1');
    await setField(page, 'producers[1].arrival.per_second', '0.2');
    // The dead-letter queue: a queue, then a drag from the queue's port onto it.
    await page.locator('#add-queue').click();
    await drag(page, port(page, 'queue:queue'), node(page, 'queue:queue-2'));
    assert.equal(await node(page, 'queue:queue-2').getAttribute('data-node-kind'), 'dead-letter-queue');
    await page.locator('#topology [data-edge-kind="redrive"]').click();
    await setField(page, 'queues[0].redrive.max_receive_count', '3');
    const built = await architecture(page);
    assert.deepEqual(built, {
      nodes: ['consumer:consumer', 'producer:producer', 'producer:producer-2', 'queue:queue', 'queue:queue-2'],
      edges: ['delivers', 'redrive', 'sends', 'sends'],
    });
    const design = await designJson(page);
    assert.deepEqual(design.queues[0].redrive, { dead_letter_queue: 'queue-2', max_receive_count: 3 });
    assert.equal(design.producers[1].poison_probability, 1);
    await screenshot(page, 'workspace-built');

    // Play: poison orders fail three times (a 30 s visibility timeout each) and move aside.
    await playFor(page, '100', 3000);
    assert.ok(await visibleIn(page, 'queue-2') >= 1, 'a message landed in the dead-letter queue');
    await screenshot(page, 'workspace-dead-letter');

    // Undo the dead-letter queue: the maxReceiveCount, then the connection.
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    const undone = await architecture(page);
    assert.deepEqual(undone.edges, ['delivers', 'sends', 'sends']);
    assert.equal(await node(page, 'queue:queue-2').getAttribute('data-node-kind'), 'queue');
    assert.equal((await designJson(page)).queues[0].redrive, undefined);

    // Reload: the work is there.
    await page.clock.runFor(1000); // autosave waits for the design to rest
    await page.reload();
    await page.locator('#topology [data-node-kind]').first().waitFor();
    assert.deepEqual(await architecture(page), undone);

    // Share: the same architecture and the same run in a fresh page.
    await playFor(page, '10', 1500);
    await openTab(page, 'share');
    await page.locator('#copy-link').click();
    const link = await page.locator('#share-link').inputValue();
    const run = async (p) => ({
      clock: await p.locator('#clock').getAttribute('data-virtual-ms'),
      queue: await p.locator('[data-node-id="queue:queue"]').getAttribute('aria-label'),
      consumer: await p.locator('[data-node-id="consumer:consumer"]').getAttribute('aria-label'),
    });
    const here = await run(page);
    const fresh = await openPage(app.browser);
    await fresh.goto(link);
    await fresh.locator('#topology [data-node-kind]').first().waitFor();
    assert.deepEqual(await architecture(fresh), undone);
    assert.deepEqual(await run(fresh), here);
    assert.deepEqual(fresh.problems, []);
    await fresh.context().close();
  });

  test('with the keyboard alone', async () => {
    const { page } = app;
    // Every control used here is in the Tab order; each is reached and pressed with keys.
    const press = async (selector, key = 'Enter') => {
      const target = page.locator(selector);
      assert.ok(await target.evaluate((e) => e.tabIndex >= 0 && !e.disabled), `${selector} is reachable`);
      await target.focus();
      await page.keyboard.press(key);
    };
    const type = async (path, value) => {
      await press(`.inspector [data-path="${path}"]`, 'Control+a');
      await page.keyboard.type(value);
      await page.keyboard.press('Tab');
    };
    await press('#new-scenario');
    await press('#add-queue');
    await press('#add-producer');
    await press('[data-node-id="queue:queue"]');
    await press('#add-consumer-fleet');
    await press('[data-node-id="queue:queue"]');
    await press('#add-producer');
    await type('producers[1].poison_probability', '1');
    await press('#add-queue');
    // Connect the queue to queue-2 with "Connect to…".
    await press('[data-node-id="queue:queue"]');
    await press('#connect-to', 'ArrowDown');
    assert.equal(await page.locator('#connect-to').inputValue(), 'queue:queue-2');
    await press('#connect-button');
    await press('#topology [data-edge-kind="redrive"]');
    await type('queues[0].redrive.max_receive_count', '3');
    const design = await designJson(page);
    assert.deepEqual(design.queues[0].redrive, { dead_letter_queue: 'queue-2', max_receive_count: 3 });
    assert.equal(design.producers.length, 2);
    assert.equal(design.consumers[0].queue, 'queue');
    // Space plays wherever the focus is but in a field.
    await press('#speed', 'End');
    await press('#speed', 'ArrowUp');
    assert.equal(await page.locator('#speed').inputValue(), '1000');
    await press('[data-node-id="queue:queue"]', ' ');
    await page.clock.runFor(3000);
    await page.keyboard.press(' ');
    assert.ok(await visibleIn(page, 'queue-2') >= 1, 'a message landed in the dead-letter queue');
    // Delete the dead-letter queue with the key; Ctrl+Z brings it back.
    await press('[data-node-id="queue:queue-2"]');
    await page.keyboard.press('Delete');
    assert.equal(await node(page, 'queue:queue-2').count(), 0);
    assert.match(await page.locator('#notice').textContent(), /Deleted queue-2, and with it: queue queue's redrive policy/);
    await page.keyboard.press('Control+z');
    assert.equal(await node(page, 'queue:queue-2').getAttribute('data-node-kind'), 'dead-letter-queue');
  });
});

describe('refusals change nothing', () => {
  test('a connection the model does not have is refused by the pointer, in its words', async () => {
    const { page } = app;
    const before = await designJson(page);
    await drag(page, port(page, 'producer:checkout'), node(page, 'consumer:order-processor'));
    const refusal = page.locator('#connect-refusal');
    assert.equal(
      await refusal.textContent(),
      'checkout (a producer) cannot connect to order-processor (a consumer fleet): a producer sends to a queue or a topic',
    );
    // Next to where the pointer let go.
    const [box, target] = [await refusal.boundingBox(), await node(page, 'consumer:order-processor').boundingBox()];
    assert.ok(Math.abs(box.x - (target.x + target.width / 2)) < 40, JSON.stringify({ box, target }));
    assert.deepEqual(await designJson(page), before);
    assert.equal(await page.locator('#undo').isDisabled(), true, 'nothing to undo');
    await screenshot(page, 'workspace-refused-connection');
  });

  test('an invalid field value is refused at the field with the engine\'s error', async () => {
    const { page } = app;
    const before = await designJson(page);
    await node(page, 'queue:orders').click();
    await setField(page, 'queues[0].attributes.VisibilityTimeout', '99999');
    const error = page.locator('#field-error');
    assert.match(await error.textContent(), /^queues\[0\]: InvalidAttributeValue: .*VisibilityTimeout/);
    assert.match(await error.textContent(), /\(it stays 30\)|\(it stays unset\)/);
    assert.deepEqual(await designJson(page), before);
    // A good value is taken, and Undo takes it back.
    await setField(page, 'queues[0].attributes.VisibilityTimeout', '45');
    assert.equal((await designJson(page)).queues[0].attributes.VisibilityTimeout, '45');
    await page.locator('#undo').click();
    assert.deepEqual(await designJson(page), before);
  });
});

describe('the canvas', () => {
  test('a dragged node keeps its place in the scenario; zoom and fit change the view', async () => {
    const { page } = app;
    const box = await node(page, 'producer:checkout').boundingBox();
    await page.mouse.move(box.x + 40, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + 40, box.y + 120, { steps: 5 });
    await page.mouse.up();
    const layout = (await designJson(page)).layout;
    assert.ok(layout && layout.checkout && layout.orders, JSON.stringify(layout));
    const moved = await node(page, 'producer:checkout').boundingBox();
    assert.ok(moved.y > box.y + 50, `${moved.y} below ${box.y}`);
    // Positions do not restart the run or change it.
    assert.equal(await page.locator('#notice').count(), 0);

    const zoom = async () => Number(await page.locator('#topology').getAttribute('data-zoom'));
    const fitted = await zoom();
    await page.locator('#zoom-in').click();
    assert.ok(Math.abs((await zoom()) - fitted * 1.2) < 0.01);
    await page.mouse.move(box.x, box.y);
    await page.mouse.wheel(0, 300);
    assert.ok((await zoom()) < fitted * 1.2);
    await page.locator('#zoom-fit').click();
    assert.equal(await zoom(), fitted);
  });
});

describe('one screen', () => {
  for (const [width, height] of [[1440, 900], [1280, 720]]) {
    test(`at ${width}×${height} the diagram, the clock bar, the inspector and a chart are all in view while it plays`, async () => {
      const page = await openPage(app.browser, { width, height });
      await page.clock.install({ time: new Date('2026-01-01T00:00:00Z') });
      await page.goto(app.server.url);
      await page.locator('#topology [data-node-kind]').first().waitFor();
      await page.locator('#play-toggle').click();
      await page.clock.runFor(2000);
      const inView = async (selector) => {
        const box = await page.locator(selector).first().boundingBox();
        assert.ok(box, `${selector} is shown`);
        assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= width + 0.5 && box.y + box.height <= height + 0.5,
          `${selector} at ${JSON.stringify(box)} is inside ${width}×${height}`);
        return box;
      };
      const diagram = await inView('#topology');
      await inView('.clock-bar');
      await inView('.inspector');
      await inView('#panel-charts figure.chart');
      // The diagram is the largest region.
      const inspector = await page.locator('.inspector').boundingBox();
      assert.ok(diagram.width * diagram.height > inspector.width * Math.min(inspector.height, height), 'the diagram is largest');
      assert.equal(await page.evaluate(() => document.scrollingElement.scrollHeight <= window.innerHeight), true, 'no page scroll');
      await screenshot(page, `workspace-${width}x${height}`);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  }

  test('under 640 px the workspace stacks and the diagram flows down', async () => {
    const page = await openPage(app.browser, { width: 420, height: 800 });
    await page.goto(app.server.url);
    await page.locator('#topology [data-node-kind]').first().waitFor();
    const [canvas, side] = [await page.locator('#topology').boundingBox(), await page.locator('.side-column').boundingBox()];
    assert.ok(side.y >= canvas.y + canvas.height - 1, 'the inspector comes below the diagram');
    const producer = await node(page, 'producer:checkout').boundingBox();
    const queue = await node(page, 'queue:orders').boundingBox();
    assert.ok(queue.y > producer.y, 'messages flow down');
    assert.ok(canvas.width <= 420);
    await screenshot(page, 'workspace-narrow');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
