import type { Page } from '@playwright/test';
import type { HouseholdInput } from '../../electron/api/schemas/household.js';
import { HouseholdSchema } from '../../electron/api/schemas/household.js';
import { SYSTEM_ACTOR } from '../../electron/core/context.js';
import { registerHousehold } from '../../electron/core/households/write.js';
import { openCore } from '../../electron/core/index.js';
import { expect, test } from './fixtures.js';

/** Finding people in the browser: the duplicate warning at intake, and the clerk's choice kept with the family. */

/** Registers families straight into the desk's file, as another desk's batch or an earlier shift would have. */
function registerOnFile(dataDir: string, households: HouseholdInput[]): void {
  const core = openCore({ dataDir });
  try {
    for (const h of households) registerHousehold(core.ctx, SYSTEM_ACTOR, HouseholdSchema.parse(h));
  } finally {
    core.close();
  }
}

const person1 = (page: Page) => page.getByRole('group', { name: 'Person 1', exact: true });

test('typing an existing person in another script shows the warning; continuing with a reason is kept', async ({ page, desk }) => {
  registerOnFile(desk.dataDir, [
    {
      arrivedAt: '2026-01-10T08:00:00.000Z',
      originSettlement: 'Ստեփանակերտ',
      phone: '+374 91 123456',
      consentTracing: true,
      members: [
        { givenName: 'Հասմիկ', familyName: 'Սարգսյան', sex: 'F', birth: { kind: 'exact', date: '1978-06-21' }, relationship: 'head' },
        { givenName: 'Աշոտ', familyName: 'Սարգսյան', sex: 'M', birth: { kind: 'exact', date: '1975-02-10' }, relationship: 'spouse' },
      ],
    },
  ]);

  const row = person1(page);
  await row.getByLabel('Given name', { exact: true }).fill('Асмик');
  await row.getByLabel('Family name', { exact: true }).fill('Саркисян');
  await row.getByLabel('Sex').selectOption('F');
  await row.getByLabel('Date of birth or age').fill('21.06.1978');

  const panel = page.getByRole('complementary', { name: 'Possible duplicates' });
  await expect(panel).toBeVisible();
  const match = panel.getByRole('article', { name: /^Possible match: / });
  await expect(match).toHaveCount(1);
  await expect(match.getByRole('table')).toContainText('Հասմիկ Սարգսյան');
  await expect(match.getByRole('list', { name: 'Why' })).toContainText('Same name in another alphabet');
  await expect(match.getByRole('list', { name: 'Why' })).toContainText('Same date of birth');

  await panel.getByRole('button', { name: 'None of these: continue' }).click();
  const reason = panel.getByLabel('Why is this another person?');
  await reason.fill('no');
  await reason.press('Enter');
  await expect(panel.getByRole('alert')).toHaveText('Write the reason: at least 3 letters.');
  await reason.fill('Another woman: her passport is AM7654321');
  await reason.press('Enter');
  await expect(panel.getByRole('status')).toContainText('not the same person as');
  await expect(panel.getByRole('status')).toContainText('Another woman: her passport is AM7654321');

  await page.getByRole('button', { name: 'Save Ctrl+S' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Registration number' })).toBeVisible();
  await expect(panel).toHaveCount(0);

  // The choice is kept: the pair is decided as two people, with the clerk's reason, and never queued again.
  const pairs = (await desk.cli(['duplicates', '--json']))
    .trim()
    .split('\n')
    .map(
      (line) =>
        JSON.parse(line) as {
          a: { name: string };
          b: { name: string };
          status: string;
          source: string;
          note?: string;
        },
    );
  expect(pairs).toHaveLength(1);
  expect(pairs[0]).toMatchObject({ status: 'different', source: 'intake', note: 'Another woman: her passport is AM7654321' });
  expect([pairs[0]?.a.name, pairs[0]?.b.name].sort()).toEqual(['Асмик Саркисян', 'Հասմիկ Սարգսյան']);
});

test('family tracing answers where and when a relative registered, and never shows one without consent', async ({ page, desk }) => {
  registerOnFile(desk.dataDir, [
    {
      arrivedAt: '2026-01-10T08:00:00.000Z',
      originSettlement: 'Մարտունի',
      consentTracing: true,
      members: [{ givenName: 'Անահիտ', familyName: 'Ավետիսյան', sex: 'F', birth: { kind: 'exact', date: '1976-04-04' }, relationship: 'head' }],
    },
    {
      arrivedAt: '2026-01-11T08:00:00.000Z',
      originSettlement: 'Гадрут',
      consentTracing: false,
      members: [{ givenName: 'Анаит', familyName: 'Аветисян', sex: 'F', birth: { kind: 'exact', date: '1977-05-05' }, relationship: 'head' }],
    },
  ]);
  await page.keyboard.press('F4');
  const form = page.getByRole('form', { name: 'Look for a relative' });
  await form.getByLabel('Name (any alphabet)').fill('Anahit Avetisyan');
  await form.getByLabel('Approximate age').fill('50');
  await form.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('heading', { name: 'Found: 1' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Found: 1' });
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).toContainText('Անահիտ Ավետիսյան');
  await expect(table).toContainText('Test centre · Desk 1');
  await expect(page.getByText('Гадрут')).toHaveCount(0);
  await expect(page.getByText('Анаит Аветисян')).toHaveCount(0);
});
