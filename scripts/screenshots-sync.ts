import { chromium, type Page } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installHubKey } from '../electron/core/batch/keys.js';
import { SYSTEM_ACTOR } from '../electron/core/context.js';
import { openCore } from '../electron/core/index.js';
import { seedHouseholds } from '../electron/core/seed/seed.js';
import { setUpStation } from '../electron/core/setup.js';
import { createHubService } from '../electron/core/hub/service.js';
import { createHubServer } from '../electron/core/hub/server.js';
import { setStationRole } from '../electron/core/batch/overview.js';
import { configureHubServing, configureSync } from '../electron/core/sync/state.js';
import { openDesk } from '../electron/handlers/desk.js';
import { createWebServer } from '../electron/web/server.js';
import { CHROMIUM_ARGS } from '../playwright.config.js';

/**
 * The sync indicator and settings in the three languages, for a person to look at: waiting (never synced), the
 * details, synced, offline with the last problem, the settings screen, and a hub's serving settings.
 * `tsx scripts/screenshots-sync.ts [outDir]` (build the renderer first).
 */
const out = process.argv[2] ?? 'build/screenshots';
mkdirSync(out, { recursive: true });
const root = mkdtempSync(join(tmpdir(), 'intake-shots-sync-'));
const ADMIN = { name: 'Anahit Grigoryan', secret: 'screens-pass-1' };

const hubCore = openCore({ dataDir: join(root, 'hub'), setup: { centreCode: 'HUB1', centreName: 'Yerevan hub', stationLabel: 'Hub', role: 'hub' } });
const hub = createHubService(hubCore.ctx, { enrolmentOpen: true });
let hubServer = await createHubServer(hub);
const hubPort = hubServer.port;

await setUpStation(join(root, 'hubdesk'), { centreCode: 'HUB1', centreName: 'Yerevan hub', stationLabel: 'Hub', adminName: ADMIN.name, secret: ADMIN.secret });
const hubDeskCore = openCore({ dataDir: join(root, 'hubdesk') });
setStationRole(hubDeskCore.ctx, SYSTEM_ACTOR, 'hub');
configureHubServing(hubDeskCore.ctx, SYSTEM_ACTOR, { enrolmentOpen: true, servePort: 8443, serveHost: '0.0.0.0' });
hubDeskCore.close();
const hubDesk = openDesk({ dataDir: join(root, 'hubdesk'), purgeEveryHours: 0 });
const hubWeb = await createWebServer({ dispatcher: hubDesk.dispatcher, staticDir: 'build/app' });

const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const shot = (page: Page, name: string, full = false) => page.screenshot({ path: join(out, `${name}.png`), fullPage: full });

async function signIn(page: Page, url: string, language: string): Promise<void> {
  await page.goto(url);
  await page.evaluate(`localStorage.setItem('intake.language', '${language}')`);
  await page.reload();
  await page.locator('input[type=password]').waitFor();
  await page.locator('input').first().fill(ADMIN.name);
  await page.locator('input[type=password]').fill(ADMIN.secret);
  await page.locator('form button[type=submit]').click();
  await page.getByRole('group').first().waitFor();
}

for (const language of ['en', 'hy', 'ru'] as const) {
  const dataDir = join(root, `desk-${language}`);
  await setUpStation(dataDir, {
    centreCode: 'GRS1',
    centreName: 'Goris reception centre',
    stationLabel: `Desk ${language}`,
    adminName: ADMIN.name,
    secret: ADMIN.secret,
  });
  const core = openCore({ dataDir });
  seedHouseholds(core.ctx, SYSTEM_ACTOR, 12, 5);
  installHubKey(core.ctx, SYSTEM_ACTOR, hub.identity().hubKey);
  configureSync(core.ctx, SYSTEM_ACTOR, { hubUrl: `http://127.0.0.1:${hubPort}`, intervalSeconds: 0 });
  core.close();
  const desk = openDesk({ dataDir, purgeEveryHours: 0 });
  const web = await createWebServer({ dispatcher: desk.dispatcher, staticDir: 'build/app' });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signIn(page, web.url, language);
  const indicator = page.getByRole('group', { name: /hub|հանգույց|узл/i }).first();
  await page.waitForTimeout(400);
  await shot(page, `sync-waiting-${language}`);
  await indicator.locator('button[aria-expanded]').click();
  await page.waitForTimeout(200);
  await shot(page, `sync-details-waiting-${language}`);
  await page.keyboard.press('Escape');

  await indicator.locator('.sync__now').click();
  await page.waitForTimeout(1200);
  await shot(page, `sync-synced-${language}`);

  await hubServer.close();
  await indicator.locator('.sync__now').click();
  await page.waitForTimeout(1200);
  await shot(page, `sync-offline-${language}`);
  await indicator.locator('button[aria-expanded]').click();
  await page.waitForTimeout(200);
  await shot(page, `sync-details-offline-${language}`);
  hubServer = await createHubServer(hub, { port: hubPort });

  await page.locator('.sync__panel .button').filter({ hasNotText: /^$/ }).nth(0).click();
  await page.waitForTimeout(400);
  await shot(page, `sync-settings-${language}`, true);
  await context.close();
  await web.close();
  desk.close();

  const hubContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const hubPage = await hubContext.newPage();
  await signIn(hubPage, hubWeb.url, language);
  await hubPage.locator('.sync__summary').click();
  await hubPage.waitForTimeout(400);
  await shot(hubPage, `sync-hub-settings-${language}`, true);
  await hubContext.close();
}

await browser.close();
await hubServer.close();
await hubWeb.close();
hubDesk.close();
hubCore.close();
rmSync(root, { recursive: true, force: true });
console.log(`Screenshots in ${out}`);
