import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

/**
 * Printing in the app: the slip goes to the system print dialog with nothing of the app around it, in the family's
 * language; a second print says REPRINT; the dashboard follows registrations as they are saved.
 * window.print is replaced by a recorder that keeps what the printer would get (print media, body text).
 */

const printed = (page: Page) => page.evaluate<string[]>('window.printed');

/** Under print media, innerText leaves out what print CSS hides: this is the text the printer gets. */
async function recordPrints(page: Page): Promise<void> {
  await page.emulateMedia({ media: 'print' });
  await page.evaluate('window.printed = []; window.print = () => { window.printed.push(document.body.innerText); };');
}

/** Registers through the same door the intake screen uses, from inside the page (same session). */
async function register(page: Page, household: unknown): Promise<{ id: string; registrationNumber: string }> {
  const result = await page.evaluate(async (input) => {
    const response = await fetch('/api/invoke', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ method: 'household.register', input }),
    });
    return (await response.json()) as { ok: boolean; value: { id: string; registrationNumber: string } };
  }, household);
  expect(result.ok).toBe(true);
  return result.value;
}

const GRIGORYAN = {
  originSettlement: 'Степанакерт',
  members: [
    {
      givenName: 'Сергей',
      familyName: 'Григорян',
      patronymic: 'Ашотович',
      sex: 'M',
      birth: { kind: 'exact', date: '1950-11-02' },
      relationship: 'head',
      specificNeeds: ['ER-NF'],
      notes: 'private note',
    },
    { givenName: 'Людмила', familyName: 'Григорян', sex: 'F', birth: { kind: 'age', years: 70 }, relationship: 'spouse' },
    { givenName: 'Ани', familyName: 'Григорян', sex: 'F', birth: { kind: 'age', years: 3 }, relationship: 'grandchild' },
  ],
};

test('prints the slip from the household screen in the family’s language, and marks the second print REPRINT', async ({ page }) => {
  const household = await register(page, GRIGORYAN);
  await page.keyboard.press('F3');
  await page
    .getByRole('button', { name: /Сергей Григорян/ })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: new RegExp(household.registrationNumber) })).toBeVisible();
  await recordPrints(page);

  const controls = page.getByRole('group', { name: 'Print slip' });
  // The names were typed in Cyrillic: Russian is offered; the family reads Armenian, whatever the screen's language.
  await expect(controls.getByLabel('Language of the slip')).toHaveValue('ru');
  await controls.getByLabel('Language of the slip').selectOption('hy');
  await controls.getByRole('button', { name: 'Print slip' }).click();
  await expect.poll(() => printed(page).then((p) => p.length)).toBe(1);
  const [first] = await printed(page);
  expect(first).toContain('Գրանցման թերթիկ');
  expect(first).toContain(household.registrationNumber);
  expect(first).toContain('Сергей Ашотович Григорян');
  expect(first).toContain('Sergei Ashotovich Grigorian');
  expect(first).not.toContain('ԿՐԿՆՕՐԻՆԱԿ');
  // Only the slip reaches the printer: no top bar, no household screen, no needs or notes.
  for (const chrome of ['Intake Desk', 'Registrations', 'History', 'Specific needs', 'ER-NF', 'private note']) expect(first).not.toContain(chrome);
  await expect(page.getByRole('dialog', { name: 'Print preview' })).toHaveCount(0);

  await expect(controls.getByRole('note')).toHaveText('A slip was already printed for this family: the next one says REPRINT.');
  await controls.getByLabel('Language of the slip').selectOption('en');
  await controls.getByLabel('Paper').selectOption('receipt');
  await controls.getByRole('button', { name: 'Print slip' }).click();
  await expect.poll(() => printed(page).then((p) => p.length)).toBe(2);
  const second = (await printed(page))[1]!;
  expect(second).toContain('REPRINT');
  expect(second).toContain('Copy 2');
  expect(second).toContain('Registration slip');
});

test('Save and print (Ctrl+P) on the intake form prints the new family’s slip at once', async ({ page }) => {
  await recordPrints(page);
  const row = page.getByRole('group', { name: 'Person 1', exact: false }).first();
  await row.getByLabel('Given name', { exact: true }).fill('Հասմիկ');
  await row.getByLabel('Family name', { exact: true }).fill('Սարգսյան');
  await row.getByLabel('Sex').selectOption('F');
  await row.getByLabel('Date of birth or age').fill('14.03.1985');
  await page.keyboard.press('Control+p');
  await expect.poll(() => printed(page).then((p) => p.length)).toBe(1);
  const [slip] = await printed(page);
  expect(slip).toContain('Գրանցման թերթիկ');
  expect(slip).toMatch(/[0-9A-Z]{4}(?:-[0-9A-Z]{4})?-\d{5}-[0-9A-Z]/);
  expect(slip).toContain('Հասմիկ Սարգսյան');
  expect(slip).not.toContain('Register a family');
});

test('the dashboard follows registrations as they are saved', async ({ page }) => {
  await page.keyboard.press('F8');
  await expect(page.getByRole('heading', { name: /at a glance/ })).toBeVisible();
  const today = page.getByRole('region', { name: /^Today/ });
  const total = page.getByRole('region', { name: 'Since the centre opened' });
  await expect(today.getByRole('definition')).toHaveText(['0', '0']);
  await expect(page.getByText('Nobody is registered yet.')).toBeVisible();

  // Saved elsewhere at the station: the dashboard hears of it and reads its figures again, without a reload.
  await register(page, GRIGORYAN);
  await expect(today.getByRole('definition')).toHaveText(['1', '3']);
  await expect(total.getByRole('definition')).toHaveText(['1', '3']);
  await expect(today).toContainText('2 female · 1 male');
  await register(page, { members: [{ givenName: 'Արամ', familyName: 'Սարգսյան', sex: 'M', birth: { kind: 'age', years: 40 }, relationship: 'head' }] });
  await expect(today.getByRole('definition')).toHaveText(['2', '4']);
  for (const chart of ['Arrivals per day', 'Age and sex, since the centre opened', 'Persons with specific needs', 'Where they come from (persons)']) {
    await expect(page.getByRole('region', { name: chart })).toBeVisible();
  }
  await expect(page.getByRole('region', { name: 'Persons with specific needs' })).toContainText('Older person at risk (ER)');

  // The day's summary goes to the printer from here, alone.
  await recordPrints(page);
  await page.getByRole('button', { name: 'Print the daily summary' }).click();
  await expect.poll(() => printed(page).then((p) => p.length)).toBe(1);
  const [summary] = await printed(page);
  expect(summary).toContain('Daily intake summary');
  expect(summary).toMatch(/Households\s+2\s+Persons\s+4/);
  expect(summary).not.toContain('Сергей');
  expect(summary).not.toContain('at a glance');
});
