import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../electron/core/index.js';
import { SYSTEM_ACTOR } from '../electron/core/context.js';
import { createOperator } from '../electron/core/operators.js';
import { seedHouseholds } from '../electron/core/seed/seed.js';
import { createDispatcher } from '../electron/handlers/dispatch.js';
import { createWebServer } from '../electron/web/server.js';
import { CHROMIUM_ARGS } from '../playwright.config.js';

/** Screenshots of every screen in the three languages, for a person to look at: `tsx scripts/screenshots.ts [outDir]`. */
const out = process.argv[2] ?? 'build/screenshots';
mkdirSync(out, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'intake-shots-'));
const core = openCore({ dataDir, setup: { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 3' } });
seedHouseholds(core.ctx, SYSTEM_ACTOR, 300, 3);
const ADMIN = { name: 'Anahit', secret: 'screens-pass-1' };
await createOperator(core.ctx, SYSTEM_ACTOR, { ...ADMIN, role: 'admin' });
const web = await createWebServer({ dispatcher: createDispatcher(core), staticDir: 'build/app' });
const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
// Signed in once for the page's connection (its cookie); each reload below stays signed in.
await page.goto(web.url);
await page.evaluate(async (input) => {
  await fetch('/api/invoke', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ method: 'session.signIn', input }) });
}, ADMIN);
for (const language of ['en', 'hy', 'ru'] as const) {
  await page.goto(web.url);
  await page.evaluate(`localStorage.setItem('intake.language', '${language}')`);
  await page.reload();
  await page.locator('[data-member-first="0"]').fill(language === 'ru' ? 'Асмик' : language === 'hy' ? 'Հասմիկ' : 'Hasmik');
  await page.keyboard.press('Tab');
  await page.keyboard.type(language === 'ru' ? 'Саркисян' : language === 'hy' ? 'Սարգսյան' : 'Sargsyan');
  await page.keyboard.press('Tab');
  await page.screenshot({ path: join(out, `intake-${language}.png`), fullPage: true });
  await page.keyboard.press('F3');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, `registrations-${language}.png`) });
  await page.locator('#search-box').fill(language === 'ru' ? 'Асмик' : 'Hasmik');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, `search-${language}.png`) });
  await page.locator('.results button').first().click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, `household-${language}.png`), fullPage: true });
}
await browser.close();
await web.close();
core.close();
console.log(`Screenshots in ${out}`);
