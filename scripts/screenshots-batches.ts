import { chromium, type Page } from 'playwright-core';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMethodName } from '../electron/api/contract.js';
import { exportBatch } from '../electron/core/batch/export.js';
import { importBatch } from '../electron/core/batch/import.js';
import { ensureHubKeys, installHubKey } from '../electron/core/batch/keys.js';
import { SYSTEM_ACTOR } from '../electron/core/context.js';
import { openCore, type Core } from '../electron/core/index.js';
import { seedHouseholds } from '../electron/core/seed/seed.js';
import { createDispatcher } from '../electron/handlers/dispatch.js';
import { createWebServer } from '../electron/web/server.js';
import { CHROMIUM_ARGS } from '../playwright.config.js';
import { readFileSync } from 'node:fs';

/**
 * The Batches screen on a desk and on the hub, in the three languages, for a person to look at:
 * `tsx scripts/screenshots-batches.ts [outDir] [builtAppDir]`.
 */
const out = process.argv[2] ?? 'build/screenshots';
const staticDir = process.argv[3] ?? 'build/app';
mkdirSync(out, { recursive: true });
const root = mkdtempSync(join(tmpdir(), 'intake-shots-batches-'));
const ADMIN = { name: 'Admin', secret: 'admin-secret-1' };

async function withOperator(core: Core): Promise<void> {
  if (!isMethodName('session.signIn')) return;
  // The protection work's operators: created directly in core, then signed in through the page.
  const operators = (await import('../electron/core/access/operators.js')) as {
    createOperator?: (ctx: Core['ctx'], actor: typeof SYSTEM_ACTOR, input: { name: string; role: 'admin'; secret: string }) => Promise<unknown>;
  };
  await operators.createOperator?.(core.ctx, SYSTEM_ACTOR, { name: ADMIN.name, role: 'admin', secret: ADMIN.secret });
}

async function open(page: Page, url: string, language: string): Promise<void> {
  await page.goto(url);
  await page.evaluate(`localStorage.setItem('intake.language', '${language}')`);
  if (isMethodName('session.signIn')) {
    await page.evaluate(async (admin) => {
      await fetch('/api/invoke', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ method: 'session.signIn', input: admin }),
      });
    }, ADMIN);
  }
  await page.reload();
  await page
    .getByRole('navigation')
    .getByRole('button', { name: /^(Batches|Փաթեթներ|Пакеты)/ })
    .click();
  await page.getByRole('heading', { level: 1, name: /^(Batches|Փաթեթներ|Пакеты)$/ }).waitFor();
  await page.waitForTimeout(400);
}

const station = openCore({ dataDir: join(root, 'desk'), setup: { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 3' } });
const other = openCore({ dataDir: join(root, 'desk4'), setup: { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 4' } });
const hub = openCore({ dataDir: join(root, 'hub'), setup: { centreCode: 'HUB1', centreName: 'Yerevan hub', stationLabel: 'Hub', role: 'hub' } });
const hubKey = ensureHubKeys(join(root, 'hub')).pair.publicKey;
for (const desk of [station, other]) {
  installHubKey(desk.ctx, SYSTEM_ACTOR, hubKey);
  seedHouseholds(desk.ctx, SYSTEM_ACTOR, 120, desk === station ? 3 : 4);
}
const stick = mkdtempSync(join(root, 'stick-'));
const first = exportBatch(station.ctx, SYSTEM_ACTOR, { folder: stick });
seedHouseholds(station.ctx, SYSTEM_ACTOR, 35, 5);
const second = exportBatch(station.ctx, SYSTEM_ACTOR, { folder: stick });
seedHouseholds(station.ctx, SYSTEM_ACTOR, 12, 6);
const fromOther = exportBatch(other.ctx, SYSTEM_ACTOR, { folder: stick });
if (first.exported) importBatch(hub.ctx, SYSTEM_ACTOR, readFileSync(first.batch.filePath), { acceptNewStation: true });
if (!second.exported || !fromOther.exported) throw new Error('nothing to export');
for (const core of [station, hub]) await withOperator(core);

const deskWeb = await createWebServer({ dispatcher: createDispatcher(station), staticDir });
const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
for (const language of ['en', 'hy', 'ru'] as const) {
  await open(page, deskWeb.url, language);
  await page.screenshot({ path: join(out, `batches-desk-${language}.png`), fullPage: true });
  await page.getByRole('textbox', { name: /USB/ }).fill(stick);
  await page.getByRole('button', { name: /\(.*\)…$/ }).click();
  await page.screenshot({ path: join(out, `batches-plain-${language}.png`) });
}
await deskWeb.close();

const hubWeb = await createWebServer({ dispatcher: createDispatcher(hub), staticDir });
for (const language of ['en', 'hy', 'ru'] as const) {
  await open(page, hubWeb.url, language);
  await page.locator('input[type=file]').setInputFiles(second.batch.filePath);
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(out, `batches-hub-${language}.png`), fullPage: true });
  await page.locator('input[type=file]').setInputFiles(fromOther.batch.filePath);
  await page.getByRole('dialog').waitFor();
  await page.screenshot({ path: join(out, `batches-hub-confirm-${language}.png`) });
}
await browser.close();
await hubWeb.close();
for (const core of [station, other, hub]) core.close();
console.log(`Screenshots in ${out}`);
