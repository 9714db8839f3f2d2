import type { Page } from '@playwright/test';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportBatch } from '../../electron/core/batch/export.js';
import { ensureHubKeys, installHubKey } from '../../electron/core/batch/keys.js';
import { SYSTEM_ACTOR } from '../../electron/core/context.js';
import { openCore, type Core } from '../../electron/core/index.js';
import { seedHouseholds } from '../../electron/core/seed/seed.js';
import { expect, test } from './fixtures.js';

/** The Batches screen: a desk installs the hub key and exports to a folder; a hub takes a batch in. */

function withCore<T>(dataDir: string, run: (core: Core) => T): T {
  const core = openCore({ dataDir });
  try {
    return run(core);
  } finally {
    core.close();
  }
}

/** The page fixture has signed in as the administrator; open the Batches screen from the top bar. */
async function openBatches(page: Page): Promise<void> {
  await page
    .getByRole('navigation')
    .getByRole('button', { name: /^Batches/ })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Batches' })).toBeVisible();
}

test('a desk installs the hub key, exports the next batch to a folder, and the list shows it', async ({ page, desk }) => {
  const root = mkdtempSync(join(tmpdir(), 'intake-e2e-batches-'));
  try {
    // In this process, not by the CLI: the CLI round trip has its own test (tests/integration/batches/cli.test.ts).
    const hubKey = ensureHubKeys(join(root, 'hub')).pair.publicKey;
    withCore(desk.dataDir, (core) => seedHouseholds(core.ctx, SYSTEM_ACTOR, 4, 3));
    await openBatches(page);

    const exportButton = page.getByRole('button', { name: 'Export next batch' });
    await expect(page.getByText('No hub key is installed.')).toBeVisible();
    await expect(exportButton).toBeDisabled();

    await page.getByLabel('Hub key (paste it here)').fill(hubKey);
    await page.getByRole('button', { name: 'Install hub key' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Hub key installed. Fingerprint' })).toBeVisible();
    await expect(page.getByText(/Waiting to be exported: 4 families/)).toBeVisible();

    await page.getByLabel('Folder to write to (the USB stick)').fill(join(root, 'no-stick-here'));
    await exportButton.click();
    await expect(page.getByRole('alert')).toContainText('is not there (was the stick removed?)');

    const folder = mkdtempSync(join(root, 'stick-'));
    await page.getByLabel('Folder to write to (the USB stick)').fill(folder);
    await exportButton.click();
    await expect(page.getByRole('status').filter({ hasText: 'Batch written' })).toContainText('4 families');
    const files = readdirSync(folder);
    expect(files).toHaveLength(1);
    const table = page.getByRole('table', { name: 'Batches of this desk' });
    await expect(table.getByRole('row')).toHaveCount(2);
    await expect(table).toContainText(files[0] ?? '?');
    await expect(table).toContainText('Written');
    await expect(page.getByText('Nothing is waiting: every registration is already in a batch.')).toBeVisible();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the app becomes the hub, and takes in a batch from a desk it confirms on first use', async ({ page }) => {
  const root = mkdtempSync(join(tmpdir(), 'intake-e2e-hub-'));
  try {
    await openBatches(page);
    await page.getByRole('button', { name: 'Make this app the hub' }).click();
    const key = page.getByRole('textbox', { name: 'Hub key', exact: true });
    await expect(key).toHaveValue(/^[A-Za-z0-9+/]{43}=$/);

    const batch = join(root, 'desk7.ibatch');
    const station = openCore({ dataDir: join(root, 'desk'), setup: { centreCode: 'KPN2', centreName: 'Kapan', stationLabel: 'Desk 7' } });
    try {
      installHubKey(station.ctx, SYSTEM_ACTOR, await key.inputValue());
      seedHouseholds(station.ctx, SYSTEM_ACTOR, 3, 5);
      exportBatch(station.ctx, SYSTEM_ACTOR, { file: batch });
    } finally {
      station.close();
    }
    expect(existsSync(batch)).toBe(true);

    await page.getByLabel('Batch file').setInputFiles(batch);
    const dialog = page.getByRole('dialog', { name: 'A desk this hub has not seen before' });
    // Nothing of an unknown desk's batch is decrypted: the dialog shows what its manifest says (centre, fingerprint).
    await expect(dialog).toContainText('KPN2');
    await dialog.getByRole('button', { name: 'Accept the desk and import' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Imported from Desk 7' })).toContainText('3 families');
    await expect(page.getByRole('table', { name: 'Desks known to this hub' })).toContainText('Desk 7');

    // The same file again changes nothing; a damaged copy is refused with the reason.
    await page.getByLabel('Batch file').setInputFiles(batch);
    await expect(page.getByRole('status').filter({ hasText: 'was already imported' })).toBeVisible();
    await page.getByLabel('Batch file').setInputFiles({ name: 'cut.ibatch', mimeType: 'application/octet-stream', buffer: Buffer.from('INTAKEB1\0\0') });
    await expect(page.getByRole('alert')).toContainText('Batch refused; nothing of it was imported. The batch file is cut short');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a registrar exports, but sees neither the hub key controls nor the plain export', async ({ page, desk }) => {
  await page.getByRole('group', { name: 'Signed-in operator' }).getByRole('button', { name: 'Sign out' }).click();
  const { registrar } = desk.operators;
  await desk.signIn(page, registrar.name, registrar.password);
  await openBatches(page);
  await expect(page.getByRole('button', { name: 'Export next batch' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Install hub key' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Plain export/ })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Role of this app' })).toHaveCount(0);
});
