import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyFingerprint } from '../../electron/core/batch/raw-keys.js';
import { exportBatch } from '../../electron/core/batch/export.js';
import { installHubKey, stationPublicKey } from '../../electron/core/batch/keys.js';
import { SYSTEM_ACTOR } from '../../electron/core/context.js';
import { openCore } from '../../electron/core/index.js';
import { seedHouseholds } from '../../electron/core/seed/seed.js';
import { expect, test } from './fixtures.js';

/**
 * Hub trust (issue 11): the hub lists the desks that tried before being enrolled (id, centre, fingerprint, when),
 * a supervisor enrols one after a confirmation showing the fingerprint, and refusals are counted on the screen.
 */

test('the hub lists a desk that tried, enrols it after a confirmation, and counts refusals', async ({ page }) => {
  const root = mkdtempSync(join(tmpdir(), 'intake-e2e-trust-'));
  try {
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /^Batches/ })
      .click();
    await page.getByRole('button', { name: 'Make this app the hub' }).click();
    const key = page.getByRole('textbox', { name: 'Hub key', exact: true });
    await expect(key).toHaveValue(/^[A-Za-z0-9+/]{43}=$/);

    const batch = join(root, 'desk7.ibatch');
    const station = openCore({ dataDir: join(root, 'desk'), setup: { centreCode: 'KPN2', centreName: 'Kapan', stationLabel: 'Desk 7' } });
    let stationId: string;
    let fingerprint: string;
    try {
      installHubKey(station.ctx, SYSTEM_ACTOR, await key.inputValue());
      seedHouseholds(station.ctx, SYSTEM_ACTOR, 2, 5);
      exportBatch(station.ctx, SYSTEM_ACTOR, { file: batch });
      stationId = station.station.stationId;
      fingerprint = keyFingerprint(stationPublicKey(station.ctx.db) ?? '');
    } finally {
      station.close();
    }

    // The desk's batch is not read: the hub asks, the supervisor cancels; the desk is now among those that tried.
    await page.getByLabel('Batch file').setInputFiles(batch);
    const ask = page.getByRole('dialog', { name: 'A desk this hub has not seen before' });
    await expect(ask).toContainText(fingerprint);
    await ask.getByRole('button', { name: 'Cancel' }).click();
    const tried = page.getByRole('table', { name: 'Desks asking to be enrolled' });
    await expect(tried).toContainText(stationId);
    await expect(tried).toContainText('KPN2');
    await expect(tried).toContainText(fingerprint);

    // A cut file is refused and counted.
    await page
      .getByLabel('Batch file')
      .setInputFiles({ name: 'cut.ibatch', mimeType: 'application/octet-stream', buffer: readFileSync(batch).subarray(0, 10) });
    await expect(page.getByRole('alert')).toContainText('cut short');
    await expect(page.getByRole('table', { name: 'Refused batches' })).toContainText('truncated');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.screenshot({ path: '/tmp/hub-trust-en.png', fullPage: true });

    await page.getByRole('button', { name: `Enrol desk ${stationId}` }).click();
    const confirm = page.getByRole('dialog', { name: 'Enrol this desk?' });
    await expect(confirm).toContainText(fingerprint);
    await confirm.getByRole('button', { name: 'The fingerprints match: enrol' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Desk enrolled' })).toContainText(fingerprint);
    await expect(page.getByText('No desk is waiting.')).toBeVisible();

    // Enrolled: the same file now goes in without a question.
    await page.getByLabel('Batch file').setInputFiles(batch);
    await expect(page.getByRole('status').filter({ hasText: 'Imported from Desk 7' })).toContainText('2 families');

    for (const language of ['hy', 'ru'] as const) {
      await page.getByRole('combobox', { name: /^(Language|Լեզու|Язык)$/ }).selectOption(language);
      await page.screenshot({ path: `/tmp/hub-trust-${language}.png`, fullPage: true });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
