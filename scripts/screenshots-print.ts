import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { HouseholdSchema, type HouseholdInput } from '../electron/api/schemas/household.js';
import { CHROMIUM_ARGS, renderPdfs } from '../electron/cli/pdf.js';
import { SYSTEM_ACTOR } from '../electron/core/context.js';
import { registerHousehold } from '../electron/core/households/write.js';
import { openCore } from '../electron/core/index.js';
import { seedHouseholds } from '../electron/core/seed/seed.js';
import { setUpStation } from '../electron/core/setup.js';
import { openDesk } from '../electron/handlers/desk.js';
import { createWebServer } from '../electron/web/server.js';

/**
 * Pictures of what printing makes, for a person to look at: `tsx scripts/screenshots-print.ts [outDir]` (after
 * `npm run build:app`). Both slip layouts and the daily summary in English, Armenian and Russian, rendered to PDF
 * by the CLI's path and rasterised by pdftoppm; the dashboard in the three languages.
 */
const out = process.argv[2] ?? 'build/screenshots-print';
mkdirSync(out, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'intake-print-shots-'));
const admin = { name: 'Ani Admin', secret: 'admin-pass-1' };
await setUpStation(dataDir, { centreCode: 'GRS1', centreName: 'Goris reception centre', stationLabel: 'Desk 3', adminName: admin.name, secret: admin.secret });

// A long Armenian family (long names test the 80 mm layout), a Russian one, and a few hundred seeded families.
const families: HouseholdInput[] = [
  {
    originSettlement: 'Ստեփանակերտ',
    destination: 'relatives',
    members: [
      {
        givenName: 'Անահիտ',
        familyName: 'Տեր-Հովհաննիսյան',
        patronymic: 'Արմենակի',
        sex: 'F',
        birth: { kind: 'exact', date: '1985-03-14' },
        relationship: 'head',
      },
      {
        givenName: 'Գոռ',
        familyName: 'Տեր-Հովհաննիսյան',
        patronymic: 'Վարդանի',
        sex: 'M',
        birth: { kind: 'exact', date: '2012-06-01' },
        relationship: 'child',
      },
      { givenName: 'Նարե', familyName: 'Տեր-Հովհաննիսյան', sex: 'F', birth: { kind: 'age', years: 3 }, relationship: 'child' },
      { givenName: 'Մարգարիտա', familyName: 'Բաղդասարյան', patronymic: 'Գրիգորի', sex: 'F', birth: { kind: 'year', year: 1944 }, relationship: 'parent' },
    ],
  },
  {
    originSettlement: 'Степанакерт',
    destination: 'collective_centre',
    members: [
      {
        givenName: 'Константин',
        familyName: 'Григорян-Мелик-Шахназарян',
        patronymic: 'Ашотович',
        sex: 'M',
        birth: { kind: 'exact', date: '1950-11-02' },
        relationship: 'head',
      },
      { givenName: 'Людмила', familyName: 'Григорян', sex: 'F', birth: { kind: 'year', year: 1953 }, relationship: 'spouse' },
    ],
  },
];
const core = openCore({ dataDir });
seedHouseholds(core.ctx, SYSTEM_ACTOR, 400, 5, 6);
const [armenian, russian] = families.map((f) => registerHousehold(core.ctx, SYSTEM_ACTOR, HouseholdSchema.parse(f)));
const today = new Date().toISOString().slice(0, 10);

const jobs: { hash: string; out: string }[] = [];
for (const language of ['en', 'hy', 'ru'] as const) {
  jobs.push({ hash: `#/print/slip/${armenian!.id}?lang=${language}&layout=a4`, out: join(out, `slip-a4-${language}.pdf`) });
  jobs.push({ hash: `#/print/slip/${russian!.id}?lang=${language}&layout=receipt`, out: join(out, `slip-receipt-${language}.pdf`) });
  jobs.push({ hash: `#/print/report/${today}?lang=${language}`, out: join(out, `report-${language}.pdf`) });
}
await renderPdfs(core, jobs);
core.close();
for (const job of jobs) execFileSync('pdftoppm', ['-png', '-r', '90', '-singlefile', job.out, job.out.replace(/\.pdf$/, '')]);

// The dashboard, signed in as the administrator, in each language.
const desk = openDesk({ dataDir, purgeEveryHours: 0 });
const web = await createWebServer({ dispatcher: desk.dispatcher, staticDir: 'build/app' });
const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.goto(web.url);
await page.evaluate(`localStorage.setItem('intake.language', 'en')`);
await page.reload();
await page.getByLabel('Name', { exact: true }).fill(admin.name);
await page.getByLabel('Password or PIN').fill(admin.secret);
await page.getByRole('button', { name: 'Sign in' }).click();
await page.getByRole('group', { name: 'Signed-in operator' }).waitFor();
for (const language of ['en', 'hy', 'ru'] as const) {
  await page.evaluate(`localStorage.setItem('intake.language', '${language}')`);
  await page.reload();
  await page.getByRole('button', { name: /^(Dashboard|Վահանակ|Сводка) F8$/ }).click();
  await page
    .getByRole('heading', { level: 1 })
    .filter({ hasText: /glance|ամփոփ|картина/ })
    .waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(out, `dashboard-${language}.png`), fullPage: true });
  await page.getByRole('button', { name: /Slip texts|Թերթիկի տեքստերը|Тексты талона/ }).click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, `slip-settings-${language}.png`), fullPage: true });
  await page.getByRole('button', { name: /^(Registrations|Գրանցումներ|Регистрации) F3$/ }).click();
  await page
    .getByRole('button', { name: /Константин/ })
    .first()
    .click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(out, `household-print-${language}.png`) });
}
await browser.close();
await web.close();
desk.close();
rmSync(dataDir, { recursive: true, force: true });
console.log(`Print screenshots in ${out}`);
