import type { Page } from '@playwright/test';
import type { HouseholdInput } from '../../electron/api/schemas/household.js';
import { HouseholdSchema } from '../../electron/api/schemas/household.js';
import { SYSTEM_ACTOR } from '../../electron/core/context.js';
import { registerHousehold } from '../../electron/core/households/write.js';
import { openCore } from '../../electron/core/index.js';
import { expectNoAxeViolations } from './axe.js';
import { expect, test } from './fixtures.js';

/**
 * axe-core on every screen the navigation reaches, for each role, and on the dialogs (duplicate decision, void,
 * erase, print preview), with nothing switched off (issue 13): zero violations. On each, too, no browser date or time
 * input: those follow the computer's locale (mm/dd/yyyy on an American Windows), the app's own DateInput does not.
 */

// axe reads every node of each screen: a dozen screens take longer than one ordinary test.
test.describe.configure({ timeout: 300_000 });

/** Two families on file, one of them the same woman typed again in Cyrillic, so lists, charts and the queue have rows. */
function registerOnFile(dataDir: string): void {
  const families: HouseholdInput[] = [
    {
      arrivedAt: '2026-01-10T08:00:00.000Z',
      originSettlement: 'Ստեփանակերտ',
      phone: '+374 91 123456',
      consentTracing: true,
      members: [
        { givenName: 'Հասմիկ', familyName: 'Սարգսյան', patronymic: 'Գևորգի', sex: 'F', birth: { kind: 'exact', date: '1978-06-21' }, relationship: 'head' },
        { givenName: 'Աշոտ', familyName: 'Սարգսյան', sex: 'M', birth: { kind: 'exact', date: '1975-02-10' }, relationship: 'spouse' },
      ],
    },
    {
      arrivedAt: '2026-01-11T09:30:00.000Z',
      originSettlement: 'Мартуни',
      consentTracing: false,
      members: [
        {
          givenName: 'Асмик',
          familyName: 'Саркисян',
          patronymic: 'Геворговна',
          sex: 'F',
          birth: { kind: 'exact', date: '1978-06-21' },
          relationship: 'head',
          specificNeeds: ['SM-CI'],
        },
      ],
    },
  ];
  const core = openCore({ dataDir });
  try {
    for (const h of families) registerHousehold(core.ctx, SYSTEM_ACTOR, HouseholdSchema.parse(h));
  } finally {
    core.close();
  }
}

/** Runs axe, and fails on any browser date or time input (the app's own DateInput and TimeInput are text inputs). */
async function checkScreen(page: Page, where: string): Promise<void> {
  await expectNoAxeViolations(page, where);
  const native = page.locator('input[type=date], input[type=time], input[type=datetime-local], input[type=month], input[type=week]');
  expect(await native.count(), `browser date or time inputs on ${where}`).toBe(0);
}

/** Every tab in the top bar, in turn: each screen checked once its heading is there and its data has come in. */
async function checkEveryTab(page: Page, who: string): Promise<string[]> {
  const nav = page.getByRole('navigation');
  const names = (await nav.getByRole('button').allTextContents()).map((n) => n.trim());
  for (const [i, name] of names.entries()) {
    await nav.getByRole('button').nth(i).click();
    await expect(nav.getByRole('button').nth(i)).toHaveAttribute('aria-current', 'page');
    await expect(page.locator('main h1, main h2').first()).toBeVisible();
    await page.waitForLoadState('networkidle');
    await checkScreen(page, `${who}: ${name}`);
  }
  return names;
}

async function openFamily(page: Page, query: string, name: RegExp): Promise<void> {
  await page.keyboard.press('F3');
  await page.getByLabel('Find a person').fill(query);
  await page.getByRole('list', { name: 'Search results' }).getByRole('button', { name }).first().click();
  await expect(page.getByRole('table', { name: 'Family members' })).toBeVisible();
}

test('administrator: every screen, the household, its record, slip and sync settings, and the dialogs', async ({ page, desk }) => {
  registerOnFile(desk.dataDir);
  const tabs = await checkEveryTab(page, 'admin');
  expect(tabs.length).toBeGreaterThanOrEqual(8);

  // The duplicate review with a pair in it, after a full review.
  await page.keyboard.press('F6');
  await page.getByRole('button', { name: 'Review the whole file' }).click();
  await expect(
    page
      .getByRole('list', { name: /^Pairs/ })
      .getByRole('listitem')
      .first(),
  ).toBeVisible();
  await page.waitForLoadState('networkidle');
  await checkScreen(page, 'admin: duplicate review with pairs');

  await openFamily(page, 'Sargsyan', /Հասմիկ Սարգսյան/);
  await checkScreen(page, 'admin: household');

  await page.getByRole('button', { name: 'Void' }).click();
  await expect(page.getByRole('dialog', { name: /^Void family/ })).toBeVisible();
  await checkScreen(page, 'admin: void dialog');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // The print preview stays open when the system print dialog fails, as it would on a machine without a printer.
  await page.evaluate('window.print = () => { throw new Error("no printer"); }');
  await page.getByRole('group', { name: 'Print slip' }).getByRole('button', { name: 'Print slip' }).click();
  await expect(page.getByRole('dialog', { name: 'Print preview' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await checkScreen(page, 'admin: print preview');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Print preview' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Family’s record (access request)' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await checkScreen(page, 'admin: family record');
  await page.getByRole('button', { name: 'Delete this family’s data on request' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await checkScreen(page, 'admin: erase dialog');
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

  await page.keyboard.press('F8');
  await page.getByRole('button', { name: 'Slip texts' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await checkScreen(page, 'admin: slip settings');

  const indicator = page.getByRole('group', { name: 'Sync with the hub' });
  await indicator.getByRole('button').first().click();
  await expect(page.getByRole('region', { name: 'Sync with the hub' })).toBeVisible();
  await checkScreen(page, 'admin: sync details');
  await page
    .getByRole('region', { name: 'Sync with the hub' })
    .getByRole('button', { name: /settings/i })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await checkScreen(page, 'admin: sync settings');

  // The duplicate decision, asked on saving the same woman a third time.
  await page.keyboard.press('F2');
  const row = page.getByRole('group', { name: 'Person 1', exact: true });
  await row.getByLabel('Given name', { exact: true }).fill('Hasmik');
  await row.getByLabel('Family name', { exact: true }).fill('Sargsyan');
  await row.getByLabel('Sex').selectOption('F');
  await row.getByLabel('Date of birth or age').fill('21.06.1978');
  await expect(page.getByRole('complementary', { name: 'Possible duplicates' })).toBeVisible();
  await checkScreen(page, 'admin: intake with the duplicate warning');
  await page.keyboard.press('Control+S');
  await expect(page.getByRole('dialog', { name: 'Is this the same person?' })).toBeVisible();
  await checkScreen(page, 'admin: duplicate decision');
});

for (const role of ['supervisor', 'registrar'] as const) {
  test(`${role}: every screen the navigation offers, and a household`, async ({ page, desk }) => {
    registerOnFile(desk.dataDir);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await desk.signIn(page, desk.operators[role].name, desk.operators[role].password);
    await checkEveryTab(page, role);
    await openFamily(page, 'Sargsyan', /Հասմիկ Սարգսյան/);
    await checkScreen(page, `${role}: household`);
  });
}

test('the sign-in screen', async ({ page }) => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
  await checkScreen(page, 'sign-in');
});

test('a hub: every screen, once this app is made the hub', async ({ page }) => {
  await page
    .getByRole('navigation')
    .getByRole('button', { name: /^Batches/ })
    .click();
  await page.getByRole('button', { name: 'Make this app the hub' }).click();
  await expect(page.getByRole('textbox', { name: 'Hub key', exact: true })).toHaveValue(/=$/);
  await checkEveryTab(page, 'hub');
  // The hub's review across centres, with its filters by arrival day.
  await page.keyboard.press('F6');
  await page.getByRole('radiogroup', { name: 'Which pairs' }).getByText('Across centres').click();
  await expect(page.getByLabel('Arrived from')).toBeVisible();
  await checkScreen(page, 'hub: duplicates across centres');
  await page.getByLabel('Arrived from').fill('01.01.2099');
  await expect(page.getByLabel('Arrived from')).toHaveValue('01.01.2099');
  await expect(page.getByLabel('Arrived from')).toHaveAttribute('placeholder', 'dd.mm.yyyy');
});
