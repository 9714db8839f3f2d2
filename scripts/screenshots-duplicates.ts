import type { Page } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HouseholdSchema, type HouseholdInput } from '../electron/api/schemas/household.js';
import { SYSTEM_ACTOR } from '../electron/core/context.js';
import { reviewDuplicates } from '../electron/core/duplicates/review.js';
import { registerHousehold } from '../electron/core/households/write.js';
import { openCore } from '../electron/core/index.js';
import { seedHouseholds } from '../electron/core/seed/seed.js';
import { openDeskInBrowser } from '../tests/helpers/desk-browser.js';

/**
 * Screenshots of the finding-people screens in the three languages, for a person to look at:
 * `tsx scripts/screenshots-duplicates.ts [outDir]` (after `npx vite build`).
 */
const out = process.argv[2] ?? 'build/screenshots-duplicates';
mkdirSync(out, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'intake-shots-dup-'));
const core = openCore({ dataDir, setup: { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 3' } });
seedHouseholds(core.ctx, SYSTEM_ACTOR, 300, 3);
const family: HouseholdInput = {
  arrivedAt: '2026-01-10T08:00:00.000Z',
  originSettlement: 'Ստեփանակերտ',
  phone: '+374 91 123456',
  consentTracing: true,
  members: [
    {
      givenName: 'Հասմիկ',
      familyName: 'Սարգսյան',
      patronymic: 'Արամի',
      sex: 'F',
      birth: { kind: 'exact', date: '1978-06-21' },
      relationship: 'head',
      documents: [{ type: 'passport', number: 'AN 0456789' }],
    },
    { givenName: 'Աշոտ', familyName: 'Սարգսյան', sex: 'M', birth: { kind: 'exact', date: '1975-02-10' }, relationship: 'spouse' },
  ],
};
registerHousehold(core.ctx, SYSTEM_ACTOR, HouseholdSchema.parse(family));
registerHousehold(
  core.ctx,
  SYSTEM_ACTOR,
  HouseholdSchema.parse({
    ...family,
    arrivedAt: '2026-01-11T09:30:00.000Z',
    originSettlement: 'Степанакерт',
    phone: '',
    members: [
      { givenName: 'Асмик', familyName: 'Саркисян', patronymic: 'Арамовна', sex: 'F', birth: { kind: 'exact', date: '1978-06-12' }, relationship: 'head' },
    ],
  }),
);
reviewDuplicates(core.ctx, SYSTEM_ACTOR);
const { page, url: deskUrl, close } = await openDeskInBrowser(core, { name: 'Anahit', secret: 'screens-pass-1', role: 'admin' });

async function shot(name: string, language: string, full = true): Promise<void> {
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(out, `${name}-${language}.png`), fullPage: full });
}

async function intake(language: string): Promise<void> {
  const first = page.locator('[data-member-first="0"]');
  await first.fill(language === 'ru' ? 'Асмик' : language === 'hy' ? 'Հասմիկ' : 'Hasmik');
  await page.keyboard.press('Tab');
  await page.keyboard.type(language === 'ru' ? 'Саркисян' : language === 'hy' ? 'Սարգսյան' : 'Sarkissian');
  const row = page.locator('fieldset').first();
  await row.locator('select').first().selectOption('F');
  await row.locator('input[inputmode="numeric"]').fill('21.06.1978');
  await page.locator('.dup-panel').waitFor();
  await shot('intake-panel', language);
  await page.locator('.dup-panel .button--quiet').last().click();
  await page.locator('.dup-continue input').fill(language === 'ru' ? 'Другая женщина' : language === 'hy' ? 'Այլ կին' : 'Another woman');
  await page.locator('.dup-continue input').press('Enter');
  await shot('intake-decided', language, false);
}

async function screen(page: Page, key: string): Promise<void> {
  await page.keyboard.press(key);
}

for (const language of ['en', 'hy', 'ru'] as const) {
  await page.goto(deskUrl);
  await page.evaluate(`localStorage.setItem('intake.language', '${language}')`);
  await page.evaluate(`localStorage.removeItem('intake.draft')`);
  await page.reload();
  await intake(language);
  for (const [key, name] of [
    ['F6', 'review'],
    ['F4', 'tracing'],
    ['F7', 'lists'],
  ] as const) {
    await screen(page, key);
    if (name === 'tracing') {
      await page.locator('.trace__name input').fill(language === 'ru' ? 'Асмик Саркисян' : 'Hasmik Sargsyan');
      await page.locator('.trace__form input').nth(1).fill('47');
      await page.locator('.trace__form button[type=submit]').click();
      await page.locator('.trace h2').waitFor();
    }
    if (name === 'lists') {
      const header = 'household_ref,ref,given_name,family_name,patronymic,sex,date_of_birth,dob_estimated,relationship,phone';
      const rows = [
        header,
        'H1,R-1,Asmik,Sarkisyan,,F,1978-06-21,false,head,091 123456',
        'H1,R-2,Davit,Sarkisyan,,M,2010-03-05,false,child,',
        ',R-3,Levon,Petrosyan,,M,1961-01-01,true,,',
        'H2,R-4,Gor,Davtyan,,X,1999-02-30,false,head,',
      ];
      await page.locator('#lists-file').setInputFiles({ name: 'authorities.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
      await page.locator('.lists__summary').waitFor();
      await shot('lists-refused', language);
      await page.locator('#lists-file').setInputFiles({ name: 'authorities.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.slice(0, 4).join('\n')) });
      await page.locator('.lists__summary').waitFor();
    }
    await shot(name, language);
  }
}
await close();
core.close();
rmSync(dataDir, { recursive: true, force: true });
console.log(`Screenshots in ${out}`);
