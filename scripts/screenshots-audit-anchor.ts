import { chromium, type Page } from 'playwright-core';
import Database from 'better-sqlite3-multiple-ciphers';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportBatch } from '../electron/core/batch/export.js';
import { importBatch } from '../electron/core/batch/import.js';
import { ensureHubKeys, installHubKey } from '../electron/core/batch/keys.js';
import { SYSTEM_ACTOR } from '../electron/core/context.js';
import { openCore } from '../electron/core/index.js';
import { createOperator } from '../electron/core/access/operators.js';
import { seedHouseholds } from '../electron/core/seed/seed.js';
import { databasePath } from '../electron/core/station.js';
import { openDesk } from '../electron/handlers/desk.js';
import { createWebServer } from '../electron/web/server.js';
import { CHROMIUM_ARGS } from '../playwright.config.js';

/**
 * The audit trail's signed heads on screen, in the three languages: a desk whose trail was cut after it was signed,
 * and a hub listing two desks, one of them diverging; a list refused for control characters in names. `tsx scripts/screenshots-audit-anchor.ts [outDir]`.
 */
const out = process.argv[2] ?? 'build/screenshots';
mkdirSync(out, { recursive: true });
const root = mkdtempSync(join(tmpdir(), 'intake-shots-anchor-'));
const ADMIN = { name: 'Anahit Grigoryan', secret: 'screens-pass-1' };
const stick = join(root, 'stick');
mkdirSync(stick);

const hubCore = openCore({ dataDir: join(root, 'hub'), setup: { centreCode: 'HUB1', centreName: 'Syunik hub', stationLabel: 'Hub', role: 'hub' } });
const hubKey = ensureHubKeys(join(root, 'hub')).pair.publicKey;
await createOperator(hubCore.ctx, SYSTEM_ACTOR, { name: ADMIN.name, role: 'admin', secret: ADMIN.secret });
const desks = ['Desk 1', 'Desk 2'].map((label, i) => {
  const dataDir = join(root, `desk-${i}`);
  const core = openCore({ dataDir, setup: { centreCode: 'GRS1', centreName: 'Goris', stationLabel: label } });
  installHubKey(core.ctx, SYSTEM_ACTOR, hubKey);
  seedHouseholds(core.ctx, SYSTEM_ACTOR, 10, i + 1);
  return { core, dataDir };
});
await createOperator(desks[0]!.core.ctx, SYSTEM_ACTOR, { name: ADMIN.name, role: 'admin', secret: ADMIN.secret });
const send = (d: (typeof desks)[number]) => {
  const outcome = exportBatch(d.core.ctx, SYSTEM_ACTOR, { folder: stick });
  if (outcome.exported) importBatch(hubCore.ctx, SYSTEM_ACTOR, readFileSync(outcome.batch.filePath), { acceptNewStation: true });
};
for (const d of desks) send(d);
// Desk 1's holder removes its last events and fixes the head, then works on and sends another batch.
const db = new Database(databasePath(desks[0]!.dataDir));
db.exec(`DROP TRIGGER audit_events_no_delete; DELETE FROM audit_events WHERE seq >= 8;
  UPDATE audit_head SET seq = 7, hash = (SELECT hash FROM audit_events WHERE seq = 7);`);
db.close();
seedHouseholds(desks[0]!.core.ctx, SYSTEM_ACTOR, 2, 9);
send(desks[0]!);
hubCore.close();
for (const d of desks) d.core.close();

const LIST = [
  'household_ref,ref,given_name,family_name,patronymic,sex,date_of_birth,dob_estimated,relationship,phone',
  'H1,A-1,"Aram\nAram",Sargsyan,,M,1980-05-12,false,head,',
  'H2,A-2,Ani,Sarg\u0085syan,,F,1983-02-03,false,head,',
].join('\n');
const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const shot = (page: Page, name: string) => page.screenshot({ path: join(out, `${name}.png`) });
for (const [name, dataDir] of [
  ['desk', desks[0]!.dataDir],
  ['hub', join(root, 'hub')],
] as const) {
  const desk = openDesk({ dataDir, purgeEveryHours: 0 });
  const web = await createWebServer({ dispatcher: desk.dispatcher, staticDir: 'build/app' });
  for (const language of ['en', 'hy', 'ru'] as const) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(web.url);
    await page.evaluate(`localStorage.setItem('intake.language', '${language}')`);
    await page.reload();
    await page.locator('input[type=password]').waitFor();
    await page.locator('input').first().fill(ADMIN.name);
    await page.locator('input[type=password]').fill(ADMIN.secret);
    await page.locator('form button[type=submit]').click();
    await page.getByRole('navigation').waitFor();
    await page
      .getByRole('navigation')
      .getByRole('button')
      .filter({ hasText: /Protection|Պաշտպանություն|Защита/ })
      .click();
    await page.getByRole('tab').nth(1).click();
    await page.waitForTimeout(800);
    await shot(page, `audit-anchor-${name}-${language}`);
    if (name === 'desk') {
      // A pre-registration list whose names hold a line break and an invisible control: refused with line and column.
      await page.keyboard.press('F7');
      await page.locator('input[type=file]').setInputFiles({ name: 'bus-7.csv', mimeType: 'text/csv', buffer: Buffer.from(LIST) });
      await page.getByRole('alert').waitFor();
      await page.waitForTimeout(300);
      await shot(page, `lists-control-${language}`);
    }
    await context.close();
  }
  await web.close();
  desk.close();
}
await browser.close();
