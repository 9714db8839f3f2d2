import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyFingerprint } from '../../electron/core/batch/raw-keys.js';
import { openCore, type Core } from '../../electron/core/index.js';
import { createHubService, type HubService } from '../../electron/core/hub/service.js';
import { createHubServer, type RunningHubServer } from '../../electron/core/hub/server.js';
import { expect, test } from './fixtures.js';

/**
 * Sync in Chromium: a hub on 127.0.0.1 in the test process, the desk configured in Sync settings (address and hub
 * key), a family registered, and the indicator in the top bar going from waiting to synced with "Sync now".
 */

let hubDir: string;
let hubCore: Core;
let hub: HubService;
let server: RunningHubServer;

test.beforeEach(async () => {
  hubDir = mkdtempSync(join(tmpdir(), 'intake-e2e-hub-'));
  hubCore = openCore({ dataDir: hubDir, setup: { centreCode: 'HUB1', centreName: 'Hub', stationLabel: 'Hub', role: 'hub' } });
  hub = createHubService(hubCore.ctx, { enrolmentOpen: true });
  server = await createHubServer(hub);
});
test.afterEach(async () => {
  await server.close();
  hubCore.close();
  rmSync(hubDir, { recursive: true, force: true });
});

test('the sync indicator goes from waiting to synced after "Sync now", and the hub has the family', async ({ page, desk }) => {
  const indicator = page.getByRole('group', { name: 'Sync with the hub' });
  // The indicator's summary: a button that opens the details, named by what it says.
  const state = indicator.getByRole('button', { expanded: false });
  await expect(state).toHaveText('Sync not set up');

  // An administrator sets the hub's address and installs its key (with its fingerprint) in Sync settings.
  await state.click();
  await page.getByRole('region', { name: 'Sync with the hub' }).getByRole('button', { name: 'Sync settings' }).click();
  await expect(page.getByRole('heading', { name: 'Sync settings' })).toBeVisible();
  // The desk's own fingerprint, to read aloud to the hub's supervisor who enrols it: the key `station-key` prints.
  const ownKey = (await desk.cli(['station-key'])).trim();
  await expect(page.getByRole('region', { name: 'The hub' })).toContainText(`This desk’s key fingerprint: ${keyFingerprint(ownKey)}`);
  await page.getByLabel('Hub address').fill(server.url);
  await page.getByLabel('Seconds between automatic syncs').fill('0');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await page.getByLabel('Hub key, as the hub prints it').fill(hub.identity().hubKey);
  await page.getByRole('button', { name: 'Install the hub key' }).click();
  await expect(page.getByText(`Hub key installed. Fingerprint: ${hub.identity().hubKeyFingerprint}`)).toBeVisible();

  // A family registered at the desk waits for the hub.
  await page.keyboard.press('F2');
  const head = page.getByRole('group', { name: 'Person 1', exact: true });
  await head.getByLabel('Given name', { exact: true }).fill('Hasmik');
  await head.getByLabel('Family name', { exact: true }).fill('Sargsyan');
  await head.getByLabel('Sex').selectOption('F');
  await head.getByLabel('Date of birth or age').fill('14.03.1985');
  await page.getByRole('button', { name: 'Save Ctrl+S' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Registration number' })).toBeVisible();
  await expect(state).toContainText('New changes: 1');
  await expect(state).not.toContainText('Synced');

  await indicator.getByRole('button', { name: 'Sync now' }).click();
  await expect(state).toContainText('Online · Synced');
  await expect(state).not.toContainText('Waiting');
  await expect(state).not.toContainText('New changes');
  await expect(state).toContainText(/Last sync \d\d:\d\d/);
  expect(hubCore.ctx.db.prepare('SELECT count(*) FROM households').pluck().get()).toBe(1);

  // The details say the same in words: nothing waiting, the last successful sync, no problem.
  await state.click();
  const details = page.getByRole('region', { name: 'Sync with the hub' });
  await expect(details).toContainText('Batches waiting for the hub: 0');
  await expect(details).toContainText('Last successful sync:');
  await expect(details).not.toContainText('Last problem');
});

test('set up by the CLI; with the hub away the indicator says offline in words, keeps the family waiting, then syncs', async ({ page, desk }) => {
  // The desk's folder configured from the command line (first use: the hub key file and the address are kept).
  const keyFile = join(hubDir, 'hub.pub');
  writeFileSync(keyFile, `${hub.identity().hubKey}\n`);
  const url = server.url;
  await desk.cli(['sync', '--hub', url, '--hub-key', keyFile]);
  await server.close();
  await page.reload();
  const indicator = page.getByRole('group', { name: 'Sync with the hub' });
  const state = indicator.getByRole('button', { expanded: false });
  await page.getByLabel('Given name', { exact: true }).first().fill('Aram');
  await page.getByLabel('Family name', { exact: true }).first().fill('Petrosyan');
  await page.getByLabel('Sex').first().selectOption('M');
  await page.getByLabel('Date of birth or age').first().fill('1980');
  await page.getByRole('button', { name: 'Save Ctrl+S' }).click();
  await expect(state).toContainText('New changes: 1');
  await indicator.getByRole('button', { name: 'Sync now' }).click();
  await expect(state).toContainText('Offline');
  await expect(indicator).toContainText('The hub cannot be reached');
  await expect(state).toContainText('New changes: 1');
  server = await createHubServer(hub, { port: Number(new URL(url).port) });
  await indicator.getByRole('button', { name: 'Sync now' }).click();
  await expect(state).toContainText('Online · Synced');
  await expect(indicator).not.toContainText('The hub cannot be reached');
});
