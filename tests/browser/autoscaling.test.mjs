// Autoscaled fleets in the page: the preset's decisions in the log, desired vs in-service
// instances on a chart, and the policy edited in the inspector.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appFixture, designJson, node, openTab, pickPreset, screenshot, scrubTo, setField } from './harness.mjs';

const app = appFixture();

describe('autoscaling', () => {
  test('the spike preset scales out at its next period, charts the warm-up and logs each decision', async () => {
    const { page } = app;
    const value = await page.locator('#preset option', { hasText: 'Autoscaling lags a spike' }).getAttribute('value');
    await pickPreset(page, value);
    await scrubTo(page, 300);
    await openTab(page, 'charts');
    const chart = page.locator('#chart-fleet');
    assert.deepEqual(await chart.locator('polyline').evaluateAll((ls) => ls.map((l) => l.dataset.series)), [
      'order-processor desired', 'order-processor in service',
    ]);
    // Five one-minute samples so far; desired reaches 20 a period before in service does... and
    // in service waits the two-minute warm-up.
    const [desired, inService] = await chart.locator('polyline').evaluateAll((ls) => ls.map((l) => l.getAttribute('points').split(' ').length));
    assert.equal(desired, 5);
    assert.equal(inService, 5);
    await openTab(page, 'log');
    await page.locator('#log-kind').selectOption('scaling');
    assert.equal(await page.locator('#log li').count(), 1, 'the decisions only: one so far');
    const decision = await page.locator('#log li.scaling').first().textContent();
    assert.match(decision, /^00:02:00\.000 order-processor scaled 2 → 20 instances: \d+ visible, \d+ per instance in service \(target 100\)$/);
    await screenshot(page, 'autoscaling-log');
  });

  test('the inspector turns a fleet\'s autoscaling on, edits its policy and refuses a bad one', async () => {
    const { page } = app;
    await node(page, 'consumer:order-processor').click();
    const inspector = page.locator('.inspector');
    await inspector.locator('[data-path="consumers[0].autoscaling"]').click();
    let design = await designJson(page);
    // From the fleet's count, with the defaults written out: CloudWatch's period, target
    // tracking's cooldowns.
    assert.deepEqual(design.consumers[0].autoscaling, {
      min: 2, max: 8, target_backlog_per_instance: 100,
      period_seconds: 60, scale_out_cooldown_seconds: 300, scale_in_cooldown_seconds: 300, warmup_seconds: 60,
    });
    await setField(page, 'consumers[0].autoscaling.max', '1');
    assert.match(await page.locator('#field-error').textContent(), /^consumers\[0\]\.autoscaling\.max: must be at least min \(2\)/);
    design = await designJson(page);
    assert.equal(design.consumers[0].autoscaling.max, 8, 'the old value is kept');
    const warmup = inspector.locator('[data-path="consumers[0].autoscaling.warmup_seconds"]');
    assert.equal(await warmup.inputValue(), '60');
    await setField(page, 'consumers[0].autoscaling.warmup_seconds', '30');
    design = await designJson(page);
    assert.equal(design.consumers[0].autoscaling.warmup_seconds, 30);
  });
});
