import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { HouseholdSchema } from '../electron/api/schemas/household.js';
import { SYSTEM_ACTOR } from '../electron/core/context.js';
import { registerHousehold } from '../electron/core/households/write.js';
import { openCore } from '../electron/core/index.js';
import { openDeskInBrowser } from '../tests/helpers/desk-browser.js';

/**
 * The intake screen at 1366x768 in the three languages, for a person to look at: empty, a family of five in quick and
 * in full mode, and the duplicate decision. `tsx scripts/screenshots-intake.ts [outDir]` (after `npm run build:app`).
 */
const out = process.argv[2] ?? 'build/screenshots-intake';
mkdirSync(out, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'intake-shots-desk-'));
const core = openCore({ dataDir, setup: { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 3' } });
registerHousehold(
  core.ctx,
  SYSTEM_ACTOR,
  HouseholdSchema.parse({
    arrivedAt: '2026-11-30T08:00:00.000Z',
    phone: '+374 91 123456',
    members: [
      { givenName: 'Հասմիկ', familyName: 'Սարգսյան', patronymic: 'Գևորգի', sex: 'F', birth: { kind: 'exact', date: '1978-06-21' }, relationship: 'head' },
    ],
  }),
);
const { page, close } = await openDeskInBrowser(core, { name: 'Anahit', secret: 'screens-pass-1', role: 'admin' }, { width: 1366, height: 768 });

const FAMILY = [
  ['Aram', 'Petrosyan', 'M', '14.03.1980'],
  ['Ani', 'Petrosyan', 'F', '02.11.1983'],
  ['Davit', 'Petrosyan', 'M', '2012'],
  ['Lilit', 'Petrosyan', 'F', '09.09.2016'],
  ['Gor', 'Petrosyan', 'M', '3'],
] as const;

async function typeFamily(p: Page, full: boolean): Promise<void> {
  const k = p.keyboard;
  for (const [i, [given, family, sex, birth]] of FAMILY.entries()) {
    await k.type(given);
    await k.press('Tab');
    await k.type(family);
    await k.press('Tab');
    if (full) await k.press('Tab');
    await k.type(sex);
    await k.press('Tab');
    await k.type(birth);
    if (i < FAMILY.length - 1) await k.press('Enter');
  }
  await p.locator('[data-household-first]').fill('091 123456');
}

const shot = async (name: string, language: string) => {
  await page.waitForTimeout(400);
  await page.evaluate('window.scrollTo(0, 0)');
  const height = await page.evaluate('document.documentElement.scrollHeight');
  console.log(`${name}-${language}: page height ${String(height)} px (screen 768)`);
  await page.screenshot({ path: join(out, `${name}-${language}.png`) });
};

for (const language of ['en', 'hy', 'ru'] as const) {
  await page.evaluate(`localStorage.setItem('intake.language', '${language}')`);
  for (const mode of ['quick', 'full'] as const) {
    await page.reload();
    await page.locator('[data-member-first="0"]').waitFor();
    if (mode === 'quick') await shot('intake-empty', language);
    await page.locator(`input[name="mode"][value="${mode}"]`).check({ force: true });
    await page.locator('[data-member-first="0"]').focus();
    await typeFamily(page, mode === 'full');
    await page.locator('[data-member-first="0"]').focus();
    await shot(`intake-five-${mode}`, language);
    await page.locator('.actions .button--quiet').click();
  }
  await page.reload();
  await page.locator('[data-member-first="0"]').focus();
  await page.keyboard.type('Асмик');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Саркисян');
  await page.locator('input[name="mode"][value="full"]').check({ force: true });
  await page.locator('fieldset.member').first().locator('input').nth(2).fill('Геворговна');
  await page.locator('fieldset.member').first().locator('select').first().selectOption('F');
  await page.locator('fieldset.member').first().locator('input[inputmode="numeric"]').fill('21.06.1978');
  await page.keyboard.press('Control+S');
  await page.locator('[role="dialog"]').waitFor();
  await shot('intake-decision', language);
  await page.keyboard.press('Escape');
  await page.locator('.actions .button--quiet').click();
}
await close();
core.close();
rmSync(dataDir, { recursive: true, force: true });
console.log(`screenshots in ${out}`);
