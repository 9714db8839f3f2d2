import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

/** The intake flow as a clerk works it: keyboard first, corrections with history, voids, rules at the field. */

const person = (page: Page, n: number) => page.getByRole('group', { name: `Person ${n}`, exact: true });

async function savedNumber(page: Page): Promise<string> {
  const status = page.getByRole('status').filter({ hasText: 'Registration number' });
  await expect(status).toBeVisible();
  return /Registration number ([0-9A-Z-]+)\./.exec((await status.textContent()) ?? '')?.[1] ?? '';
}

async function openBySearch(page: Page, query: string, name: RegExp) {
  await page.keyboard.press('F3');
  await page.getByLabel('Find a person').fill(query);
  await page.getByRole('list', { name: 'Search results' }).getByRole('button', { name }).first().click();
}

test('a family of five is registered by keyboard alone, and focus returns to a fresh form', async ({ page }) => {
  const first = person(page, 1).getByLabel('Given name', { exact: true });
  await expect(first).toBeFocused();
  const k = page.keyboard;
  const members = [
    ['Hasmik', 'Sargsyan', 'F', '14.03.1985'],
    ['Aram', 'Sargsyan', 'M', '02.11.1982'],
    ['Ani', 'Sargsyan', 'F', '2012'],
    ['Davit', 'Sargsyan', 'M', '09.09.2016'],
    ['Lilit', 'Sargsyan', 'F', '3'],
  ] as const;
  for (const [i, [given, family, sex, birth]] of members.entries()) {
    await k.type(given);
    await k.press('Tab');
    await k.type(family);
    await k.press('Tab');
    await k.press('Tab'); // no patronymic on this form
    await k.type(sex); // type-ahead picks Female / Male
    await k.press('Tab');
    await k.type(birth);
    if (i === 0) {
      await k.press('Tab'); // relationship: head already
      await k.press('Tab'); // specific needs
      await k.type('SM-CI');
      await k.press('Enter'); // takes the need from the list; the next Enter is the next person
    }
    await k.press('Enter');
  }
  await k.press('Enter'); // Enter on the blank sixth row: on to the family's details
  await expect(page.getByLabel('Contact phone')).toBeFocused();
  await k.type('091 123456');
  await k.press('Tab');
  await k.type('Martuni');
  await k.press('Control+S');
  const number = await savedNumber(page);
  await expect(first).toBeFocused();
  await expect(first).toHaveValue('');
  await expect(page.getByRole('group', { name: /^Person 2$/ })).toHaveCount(0);

  await openBySearch(page, number, /Hasmik Sargsyan/);
  const table = page.getByRole('table', { name: 'Family members' });
  await expect(table.getByRole('row')).toHaveCount(6);
  await expect(table.getByRole('row', { name: /Hasmik/ })).toContainText('SM-CI');
  await expect(table.getByRole('row', { name: /Aram/ })).toContainText('Spouse');
  await expect(table.getByRole('row', { name: /Lilit/ })).toContainText('about 3 years');
  await expect(page.getByText('Martuni')).toBeVisible();
});

test('a quick registration is upgraded to a full one, and the history shows both versions', async ({ page }) => {
  await page.getByRole('radio', { name: 'Quick' }).check();
  await expect(person(page, 1).getByLabel('Patronymic', { exact: true })).toHaveCount(0);
  await person(page, 1).getByLabel('Given name', { exact: true }).fill('Karen');
  await person(page, 1).getByLabel('Family name', { exact: true }).fill('Petrosyan');
  await person(page, 1).getByLabel('Sex').selectOption('M');
  await person(page, 1).getByLabel('Date of birth or age').fill('40');
  await page.getByRole('button', { name: 'Add member' }).click();
  await person(page, 2).getByLabel('Sex').selectOption('F');
  await person(page, 2).getByLabel('Date of birth or age').fill('38');
  await page.getByRole('button', { name: 'Save Ctrl+S' }).click();
  const number = await savedNumber(page);

  await openBySearch(page, 'Karen Petrosyan', /Karen Petrosyan/);
  await expect(page.getByRole('definition').filter({ hasText: 'Quick' })).toBeVisible();
  await page.getByRole('button', { name: 'Correct' }).click();
  await expect(page.getByRole('heading', { name: `Correct family ${number}` })).toBeVisible();
  await page.getByRole('radio', { name: 'Full' }).check();
  await person(page, 1).getByLabel('Patronymic', { exact: true }).fill('Aramovich');
  await person(page, 1).getByRole('button', { name: 'Latin spelling, document, phone' }).click();
  await person(page, 1).getByLabel('Document number').fill('AN 0123456');
  await person(page, 2).getByLabel('Given name', { exact: true }).fill('Narine');
  await person(page, 2).getByLabel('Family name', { exact: true }).fill('Petrosyan');
  await page.getByRole('button', { name: 'Save Ctrl+S' }).click();

  await expect(page.getByRole('heading', { name: `Family ${number}` })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: 'Full' })).toBeVisible();
  const history = page.getByRole('region', { name: 'History' });
  await expect(history.getByRole('listitem')).toHaveCount(2);
  await expect(history.getByRole('listitem').nth(0)).toContainText('Version 1 · registered');
  await expect(history.getByRole('listitem').nth(1)).toContainText('Version 2 · corrected');
  const changes = history.getByRole('listitem').nth(1).getByRole('table');
  await expect(changes.getByRole('row', { name: /^Registration/ })).toContainText('Quick');
  await expect(changes.getByRole('row', { name: /^Registration/ })).toContainText('Full');
  await expect(changes.getByRole('row', { name: 'Karen Petrosyan: Patronymic — Aramovich' })).toBeVisible();
  await expect(changes.getByRole('row', { name: 'Narine Petrosyan: Given name — Narine' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Family members' })).toContainText('Narine');
});

test('a household is voided with a reason, never deleted, and can no longer be corrected', async ({ page }) => {
  await person(page, 1).getByLabel('Given name', { exact: true }).fill('Tigran');
  await person(page, 1).getByLabel('Family name', { exact: true }).fill('Hakobyan');
  await person(page, 1).getByLabel('Sex').selectOption('M');
  await person(page, 1).getByLabel('Date of birth or age').fill('1970');
  await page.getByRole('button', { name: 'Save Ctrl+S' }).click();
  const number = await savedNumber(page);
  await openBySearch(page, 'Tigran', /Tigran Hakobyan/);

  await page.getByRole('button', { name: 'Void' }).click();
  const dialog = page.getByRole('dialog', { name: `Void family ${number}` });
  await dialog.getByRole('button', { name: 'Void this registration' }).click();
  await expect(dialog.getByRole('alert')).toBeVisible();
  await dialog.getByLabel('Reason').fill('Registered twice at desk 2');
  await dialog.getByRole('button', { name: 'Void this registration' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Voided: Registered twice at desk 2' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Correct' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'History' })).toContainText('Version 2 · voided');

  await page.keyboard.press('F3');
  await page.getByLabel('Find a person').fill('Hakobyan');
  await expect(page.getByRole('list', { name: 'Search results' }).getByRole('button', { name: /Tigran Hakobyan/ })).toContainText('Voided');
});

test('a broken rule is shown at its field and nothing is saved until it is fixed', async ({ page, desk }) => {
  await person(page, 1).getByLabel('Given name', { exact: true }).fill('Gor');
  await person(page, 1).getByLabel('Family name', { exact: true }).fill('Vardanyan');
  await person(page, 1).getByLabel('Sex').selectOption('M');
  await person(page, 1).getByLabel('Date of birth or age').fill('31.02.1990');
  await page.getByRole('button', { name: 'Add member' }).click();
  await person(page, 2).getByLabel('Given name', { exact: true }).fill('Mane');
  await person(page, 2).getByLabel('Sex').selectOption('F');
  await person(page, 2).getByLabel('Date of birth or age').fill('10');
  await page.getByLabel('Family size').fill('3');
  await page.getByLabel('Contact phone').fill('12ab');
  await page.getByRole('button', { name: 'Save Ctrl+S' }).click();

  await expect(page.getByRole('alert').filter({ hasText: /Not saved/ })).toBeVisible();
  await expect(person(page, 1).getByLabel('Date of birth or age')).toHaveAttribute('aria-invalid', 'true');
  await expect(person(page, 1).getByRole('alert')).toHaveText('This date does not exist. Check day and month.');
  await expect(person(page, 2).getByRole('alert')).toHaveText('A spouse aged 10 is not plausible. Check the age or the relationship.');
  await expect(page.getByRole('alert').filter({ hasText: 'The family said 3 people, but 2 are listed.' })).toBeVisible();
  // An impossible phone is a warning at its field, never a refusal.
  await expect(page.getByRole('status').filter({ hasText: 'No phone number has this shape' })).toBeVisible();
  await expect(person(page, 1).getByLabel('Date of birth or age')).toBeFocused();
  expect(JSON.parse(await desk.cli(['stats', '--json'])).households).toBe(0);

  await person(page, 1).getByLabel('Date of birth or age').fill('28.02.1990');
  await person(page, 2).getByLabel('Relationship to head').selectOption('child');
  await page.getByLabel('Family size').fill('2');
  await page.getByLabel('Contact phone').fill('+374 93 112233');
  await page.getByRole('button', { name: 'Save Ctrl+S' }).click();
  await savedNumber(page);
  expect(JSON.parse(await desk.cli(['stats', '--json'])).households).toBe(1);
});

test('the family being typed survives a closed window and is offered back', async ({ page }) => {
  await person(page, 1).getByLabel('Given name', { exact: true }).fill('Շուշան');
  await person(page, 1).getByLabel('Family name', { exact: true }).fill('Մելքոնյան');
  await page.waitForTimeout(800); // the draft is written a moment after the last keystroke
  await page.reload();
  const offer = page.getByRole('status').filter({ hasText: 'A family was being typed' });
  await expect(offer).toBeVisible();
  await offer.getByRole('button', { name: 'Continue it' }).click();
  await expect(person(page, 1).getByLabel('Given name', { exact: true })).toHaveValue('Շուշան');
  await expect(person(page, 1).getByLabel('Family name', { exact: true })).toHaveValue('Մելքոնյան');
});

test('in Armenian and in Russian, families with Armenian and Cyrillic names are registered', async ({ page, desk }) => {
  await page.getByLabel('Language').selectOption('hy');
  await expect(page.getByRole('heading', { name: 'Ընտանիքի գրանցում' })).toBeVisible();
  const hy = page.getByRole('group', { name: 'Անձ 1', exact: true });
  await hy.getByLabel('Անուն', { exact: true }).fill('Գայանե');
  await hy.getByLabel('Ազգանուն', { exact: true }).fill('Խաչատրյան');
  await hy.getByLabel('Սեռ').selectOption('F');
  await hy.getByLabel('Ծննդյան ամսաթիվ կամ տարիք').fill('1979');
  await page.getByRole('button', { name: 'Պահպանել Ctrl+S' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Գրանցման համար' })).toBeVisible();

  await page.getByLabel('Լեզու').selectOption('ru');
  await expect(page.getByRole('heading', { name: 'Регистрация семьи' })).toBeVisible();
  const ru = page.getByRole('group', { name: 'Человек 1', exact: true });
  await ru.getByLabel('Имя', { exact: true }).fill('Асмик');
  await ru.getByLabel('Фамилия', { exact: true }).fill('Саркисян');
  await ru.getByLabel('Отчество', { exact: true }).fill('Арамовна');
  await ru.getByLabel('Пол').selectOption('F');
  await ru.getByLabel('Дата рождения или возраст').fill('05.06.1990');
  await page.getByRole('button', { name: 'Сохранить Ctrl+S' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Регистрационный номер' })).toBeVisible();

  const hits = JSON.parse(await desk.cli(['search', '--json', 'Khachatryan'])) as { name: string }[];
  expect(hits.map((h) => h.name)).toContain('Գայանե Խաչատրյան');
  const latin = JSON.parse(await desk.cli(['search', '--json', 'Asmik'])) as { name: string; nameLatin: string }[];
  expect(latin[0]?.name).toBe('Асмик Арамовна Саркисян');
  expect(latin[0]?.nameLatin).toBe('Asmik Sarkisian');
});
