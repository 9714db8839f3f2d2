import { expect, test } from './fixtures.js';

test('registers a family of four, finds it after a reload in Latin and in Armenian, and shows all four', async ({ page }) => {
  await expect(page.getByRole('heading', { name: 'Register a family' })).toBeVisible();
  const family = [
    { given: 'Հասմիկ', family: 'Սարգսյան', sex: 'F', birth: '14.03.1985', rel: 'head' },
    { given: 'Արամ', family: 'Սարգսյան', sex: 'M', birth: '02.11.1982', rel: 'spouse' },
    { given: 'Անի', family: 'Սարգսյան', sex: 'F', birth: '2012', rel: 'child' },
    { given: 'Դավիթ', family: 'Սարգսյան', sex: 'M', birth: '6', rel: 'child' },
  ];
  for (const [i, person] of family.entries()) {
    const row = page.getByRole('group', { name: `Person ${i + 1}`, exact: false }).first();
    if (i > 0) await page.keyboard.press('Enter');
    await row.getByLabel('Given name', { exact: true }).fill(person.given);
    await row.getByLabel('Family name', { exact: true }).fill(person.family);
    await row.getByLabel('Sex').selectOption(person.sex);
    await row.getByLabel('Date of birth or age').fill(person.birth);
    await expect(row.getByLabel('Relationship to head')).toHaveValue(person.rel);
    await row.getByLabel('Date of birth or age').focus();
  }
  await page.getByLabel('Contact phone').fill('+374 91 555123');
  await page.getByRole('button', { name: 'Save Ctrl+S' }).click();
  const status = page.getByRole('status').filter({ hasText: 'Registration number' });
  await expect(status).toBeVisible();
  const number = /Registration number ([A-Z0-9-]+)\./.exec((await status.textContent()) ?? '')?.[1];
  expect(number).toMatch(/^[0-9A-Z]{4}(?:-[0-9A-Z]{4})?-\d{5}-[0-9A-Z]$/);

  await page.reload();
  await page.getByRole('button', { name: /Registrations/ }).click();
  const search = page.getByLabel('Find a person');
  await search.fill('Hasmik Sargsyan');
  const results = page.getByRole('list', { name: 'Search results' });
  await expect(results.getByRole('button', { name: /Հասմիկ Սարգսյան/ })).toBeVisible();
  await search.fill('Սարգսյան');
  await expect(results.getByRole('listitem')).toHaveCount(4);
  await search.fill('Դավիթ');
  await results.getByRole('button', { name: /Դավիթ Սարգսյան/ }).click();

  await expect(page.getByRole('heading', { name: new RegExp(`Family ${number}`) })).toBeVisible();
  const members = page.getByRole('table', { name: 'Family members' });
  await expect(members.getByRole('row')).toHaveCount(5);
  for (const person of family) await expect(members).toContainText(`${person.given} ${person.family}`);
});
