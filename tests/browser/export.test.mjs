// Export: the scenario's queues as boto3, AWS CLI and CloudFormation code, shown, copied and
// downloaded. (Whether that code is right is checked by moto, cfn-lint and shellcheck in
// tests/exports; here, that the page hands out the code for the scenario in use.)

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { appFixture, node, openTab, screenshot, setField } from './harness.mjs';

const app = appFixture();

describe('export', () => {
  test('each format shows the scenario in use, and downloads what it shows', async () => {
    const { page } = app;
    await page.locator('#preset').selectOption('2'); // the DLQ hospital: orders and orders-dlq
    await openTab(page, 'export');
    assert.equal(await page.locator('#export-code').count(), 0, 'nothing is written until asked for');

    await page.locator('#export-boto3').click();
    const boto3 = await page.locator('#export-code').inputValue();
    assert.match(boto3, /^#!\/usr\/bin\/env python3\n/);
    assert.match(boto3, /\{"name": "orders-dlq", "attributes": \{"MessageRetentionPeriod": "1209600"\}\},\n {4}\{"name": "orders", "attributes": \{"VisibilityTimeout": "10"\}, "dead_letter_queue": "orders-dlq", "max_receive_count": 3\}/);
    assert.match(boto3, /WaitTimeSeconds/);

    await page.locator('#export-aws-cli').click();
    const cli = await page.locator('#export-code').inputValue();
    assert.match(cli, /^#!\/usr\/bin\/env bash\n/);
    assert.match(cli, /aws sqs create-queue --queue-name orders-dlq/);

    await page.locator('#export-cloudformation').click();
    const template = await page.locator('#export-code').inputValue();
    assert.match(template, /deadLetterTargetArn: !GetAtt QueueOrdersDlq\.Arn\n {8}maxReceiveCount: 3/);
    assert.equal(await page.locator('#export-cloudformation').getAttribute('aria-pressed'), 'true');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-download').click()]);
    assert.equal(download.suggestedFilename(), 'queues.yaml');
    assert.equal(await readFile(await download.path(), 'utf8'), template);
    await screenshot(page, 'export-cloudformation');

    // A changed scenario changes the export at once (the tab stays open beside the inspector).
    await node(page, 'queue:orders').click();
    await setField(page, 'queues[0].attributes.VisibilityTimeout', '45');
    await page.waitForFunction(() => document.querySelector('#export-code').value.includes('VisibilityTimeout: 45'));
  });

  test('copy puts the code on the clipboard', async () => {
    const { page } = app;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.server.url).origin });
    await openTab(page, 'export');
    await page.locator('#export-aws-cli').click();
    await page.locator('#export-copy').click();
    await page.waitForFunction(() => document.querySelector('.export [role=status]').textContent.includes('Copied'));
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, await page.locator('#export-code').inputValue());
  });
});
