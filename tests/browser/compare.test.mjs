// Compare runs: two variants of a scenario on the same seed, their charts overlaid and their
// numbers side by side.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appFixture, openTab, screenshot, pickPreset } from './harness.mjs';

const app = appFixture();

/** The comparison table as {metric: [A, B]}. */
async function table() {
  const rows = await app.page.locator('#compare-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
  return Object.fromEntries(rows.map(([name, a, b]) => [name, [Number(a), Number(b)]]));
}

describe('compare runs', () => {
  test('a longer visibility timeout, on the same seed, removes the duplicates', async () => {
    const { page } = app;
    await pickPreset(page, '1'); // a visibility timeout shorter than the processing
    await openTab(page, 'compare');
    const knob = page.locator('#compare-knob');
    await knob.selectOption({ label: 'orders VisibilityTimeout (now 5)' });
    await page.locator('#compare-value').fill('30');
    await page.locator('#compare-run').click();
    // The runs go to the page's Web Worker; the page says so while they run.
    assert.match(await page.locator('#compare-running').textContent(), /Running both variants to the end, in the page's Web Worker/);
    await page.locator('#compare-table').waitFor();
    assert.ok(page.workers().some((w) => w.url().endsWith('/sqs-sim-worker_loader.js')), 'the worker ran them');
    assert.equal(await page.locator('#compare-fallback').count(), 0, 'not on the page');

    const numbers = await table();
    assert.ok(numbers.duplicates_processed[0] > 0, `A: ${numbers.duplicates_processed}`);
    assert.equal(numbers.duplicates_processed[1], 0);
    // The same seed: the same orders arrived in both.
    assert.equal(numbers.messages_sent[0], numbers.messages_sent[1]);
    assert.deepEqual(await page.locator('#compare-table th').allTextContents(), [
      'metric', 'A: orders VisibilityTimeout = 5', 'B: orders VisibilityTimeout = 30',
    ]);

    // Each chart overlays both runs, as two different lines.
    const charts = await page.locator('.compare figure.chart').evaluateAll((figures) => figures.map((f) => ({
      id: f.id,
      lines: [...f.querySelectorAll('polyline')].map((p) => ({ variant: p.classList.contains('vb') ? 'B' : 'A', points: p.getAttribute('points') })),
    })));
    assert.deepEqual(charts.map((c) => c.id), ['compare-queued', 'compare-in-flight', 'compare-latency', 'compare-cost']);
    for (const chart of charts) {
      assert.deepEqual(chart.lines.map((l) => l.variant), ['A', 'B'], chart.id);
      assert.ok(chart.lines[0].points.split(' ').length >= 10, chart.id);
    }
    const inFlight = charts.find((c) => c.id === 'compare-in-flight').lines;
    assert.notEqual(inFlight[0].points, inFlight[1].points);
    assert.equal(await page.locator('#compare-value').inputValue(), '30', 'what was typed stays');
    await screenshot(page, 'compare-visibility');

    // The page's own run was not touched; another seed clears a comparison made on this one.
    assert.equal(await page.locator('#clock').evaluate((c) => c.dataset.virtualMs), '0');
    await page.locator('#seed').fill('7');
    await page.locator('#seed').dispatchEvent('change');
    await page.locator('#compare-table').waitFor({ state: 'detached' });
    assert.match(await page.locator('.compare .hint').first().textContent(), /on seed 7:/);
  });

  test('a variant that cannot be says why, naming the setting', async () => {
    const { page } = app;
    await openTab(page, 'compare');
    await page.locator('#compare-knob').selectOption({ label: 'order-processor count (now 2)' });
    await page.locator('#compare-value').fill('0');
    await page.locator('#compare-run').click();
    await page.clock.runFor(50);
    assert.match(await page.locator('#compare-error').textContent(), /^consumers\[0\]\.count: /);
    assert.equal(await page.locator('#compare-table').count(), 0);
  });
});
