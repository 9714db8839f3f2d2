import { chromium, type Page } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYSTEM_ACTOR } from '../electron/core/context.js';
import { openCore } from '../electron/core/index.js';
import { createOperator } from '../electron/core/access/operators.js';
import { seedHouseholds } from '../electron/core/seed/seed.js';
import { setUpStation } from '../electron/core/setup.js';
import { openDesk } from '../electron/handlers/desk.js';
import { createWebServer } from '../electron/web/server.js';
import { CHROMIUM_ARGS } from '../playwright.config.js';

/**
 * The protection screens in the three languages, for a person to look at: first run, sign-in, lock, operators, the
 * audit trail, lock and retention settings, a family's record. `tsx scripts/screenshots-protection.ts [outDir]`.
 */
const out = process.argv[2] ?? 'build/screenshots';
mkdirSync(out, { recursive: true });
const root = mkdtempSync(join(tmpdir(), 'intake-shots-protection-'));
const ADMIN = { name: 'Anahit Grigoryan', secret: 'screens-pass-1' };

const fresh = openDesk({ dataDir: join(root, 'fresh'), purgeEveryHours: 0 });
await setUpStation(join(root, 'desk'), {
  centreCode: 'GRS1',
  centreName: 'Goris reception centre',
  stationLabel: 'Desk 3',
  adminName: ADMIN.name,
  secret: ADMIN.secret,
});
const seeded = openCore({ dataDir: join(root, 'desk') });
seedHouseholds(seeded.ctx, SYSTEM_ACTOR, 40, 3);
await createOperator(seeded.ctx, SYSTEM_ACTOR, { name: 'Karen Petrosyan', role: 'registrar', secret: '482916' });
await createOperator(seeded.ctx, SYSTEM_ACTOR, { name: 'Сона Мкртчян', role: 'supervisor', secret: 'sona-pass-1' });
seeded.close();
const desk = openDesk({ dataDir: join(root, 'desk'), purgeEveryHours: 0 });
const webFresh = await createWebServer({ dispatcher: fresh.dispatcher, staticDir: 'build/app' });
const web = await createWebServer({ dispatcher: desk.dispatcher, staticDir: 'build/app' });
const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });

const shot = (page: Page, name: string, full = false) => page.screenshot({ path: join(out, `${name}.png`), fullPage: full });

for (const language of ['en', 'hy', 'ru'] as const) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(webFresh.url);
  await page.evaluate(`localStorage.setItem('intake.language', '${language}')`);
  await page.reload();
  await page.locator('input').first().waitFor();
  await page.locator('input').first().fill('GRS1');
  await page.getByRole('button', { name: /./ }).last().click();
  await page.waitForTimeout(300);
  await shot(page, `setup-${language}`, true);

  await page.goto(web.url);
  await page.evaluate(`localStorage.setItem('intake.language', '${language}')`);
  await page.reload();
  await page.locator('input[type=password]').waitFor();
  await page.locator('input').first().fill(ADMIN.name);
  await page.locator('input[type=password]').fill('wrong-password');
  await page.locator('form button[type=submit]').click();
  await page.getByRole('alert').waitFor();
  await shot(page, `signin-${language}`);
  await page.locator('input[type=password]').fill(ADMIN.secret);
  await page.locator('form button[type=submit]').click();
  await page.getByRole('group').first().waitFor();
  await page.waitForTimeout(300);
  await shot(page, `topbar-${language}`);

  await page
    .getByRole('navigation')
    .getByRole('button')
    .filter({ hasText: /Protection|Պաշտպանություն|Защита/ })
    .click();
  await page.waitForTimeout(300);
  await shot(page, `operators-${language}`, true);
  await page.getByRole('tab').nth(1).click();
  await page.waitForTimeout(400);
  await shot(page, `audit-${language}`);
  await page.getByRole('tab').nth(2).click();
  await page.waitForTimeout(400);
  await shot(page, `settings-${language}`, true);

  await page.keyboard.press('F3');
  await page.waitForTimeout(300);
  await page.getByRole('list').getByRole('button').first().click();
  await page.waitForTimeout(300);
  await page
    .getByRole('button')
    .filter({ hasText: /access|հասանելիության|доступ/ })
    .click();
  await page.waitForTimeout(400);
  await shot(page, `record-${language}`, true);
  await page
    .getByRole('button')
    .filter({ hasText: /on request|խնդրանքով|по её просьбе/ })
    .click();
  await page.getByRole('dialog').waitFor();
  await shot(page, `erase-${language}`);
  await page.getByRole('dialog').getByRole('button').last().click();
  // The search that opened the family is now one event of the audit trail, by the persons shown.
  await page
    .getByRole('navigation')
    .getByRole('button')
    .filter({ hasText: /Protection|Պաշտպանություն|Защита/ })
    .click();
  await page.getByRole('tab').nth(1).click();
  await page.waitForTimeout(400);
  await shot(page, `audit-search-${language}`);

  await page.keyboard.press('Control+L');
  await page.waitForTimeout(400);
  await shot(page, `lock-${language}`);
  await context.close();
}
await browser.close();
await Promise.all([web.close(), webFresh.close()]);
desk.close();
fresh.close();
rmSync(root, { recursive: true, force: true });
console.log(`Screenshots in ${out}`);
