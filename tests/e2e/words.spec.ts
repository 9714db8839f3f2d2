import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { chooseLanguage, expect, invoke, test } from './fixtures.js';

/** Words and layout at the desk: counts by each language's plural rules, a history in words, roles and dialogs. */

type Language = 'en' | 'hy' | 'ru';

const head = (givenName: string, familyName: string, years: number) =>
  ({ givenName, familyName, sex: 'F', birth: { kind: 'age', years }, relationship: 'head' }) as const;

async function register(page: Page, household: Record<string, unknown>): Promise<{ id: string; registrationNumber: string; version: number }> {
  return invoke(page, 'household.register', household);
}

const latest = (page: Page) => page.getByRole('list', { name: /^(Latest registrations|Վերջին գրանցումները|Последние регистрации)$/ });

test('counts read by each language’s plural rules: 1 person, 2 persons, about 1 year, in English, Armenian and Russian', async ({ page }) => {
  const alone = await register(page, { members: [head('Gayane', 'Mkrtchyan', 30)] });
  const pair = await register(page, {
    members: [
      head('Anahit', 'Grigoryan', 31),
      { givenName: 'Arev', familyName: 'Grigoryan', sex: 'F', birth: { kind: 'age', years: 1 }, relationship: 'child' },
    ],
  });
  const expected: Record<Language, { one: string; two: string; year: string }> = {
    en: { one: '1 person', two: '2 persons', year: 'about 1 year' },
    hy: { one: '1 անձ', two: '2 անձ', year: 'մոտ 1 տարեկան' },
    ru: { one: '1 человек', two: '2 человека', year: 'около 1 года' },
  };
  for (const language of ['en', 'hy', 'ru'] as const) {
    await chooseLanguage(page, language);
    await page.keyboard.press('F3');
    const words = expected[language];
    const aloneRow = latest(page).getByRole('listitem').filter({ hasText: alone.registrationNumber });
    const pairRow = latest(page).getByRole('listitem').filter({ hasText: pair.registrationNumber });
    await expect(aloneRow).toContainText(words.one);
    await expect(aloneRow).not.toContainText(`${words.one}s`);
    await expect(pairRow).toContainText(words.two);
    await pairRow.getByRole('button').click();
    await expect(page.getByRole('table').first().getByRole('row').filter({ hasText: 'Arev' })).toContainText(words.year);
  }
});

/** A family on file, then corrected in the fields whose values are dates, codes, lists and yes/no. */
async function registerAndCorrect(page: Page) {
  const household = {
    arrivedAt: '2026-11-30T08:15:00.000Z',
    originSettlement: 'Martuni',
    consentTracing: false,
    members: [{ givenName: 'Siranush', familyName: 'Hovhannisyan', sex: 'F', birth: { kind: 'age', years: 40 }, relationship: 'head' }],
  };
  const saved = await register(page, household);
  const detail = await invoke<{ members: { id: string }[] }>(page, 'household.get', { id: saved.id });
  await invoke(page, 'household.update', {
    id: saved.id,
    expectedVersion: saved.version,
    household: {
      ...household,
      arrivedAt: '2026-11-30T09:45:00.000Z',
      consentTracing: true,
      destination: 'collective_centre',
      members: [
        {
          ...household.members[0],
          id: detail.members[0]?.id,
          birth: { kind: 'exact', date: '1986-03-14' },
          relationship: 'head',
          specificNeeds: ['SM-CI'],
          documents: [{ type: 'passport', number: 'AM1234567' }],
        },
      ],
    },
  });
  return saved;
}

test('the history shows local times and every value in words, never ISO strings, codes or JSON, in the three languages', async ({ page }) => {
  const saved = await registerAndCorrect(page);
  const words: Record<Language, { need: string; passport: string; yes: string; centre: string }> = {
    en: { need: 'Chronic illness', passport: 'Passport AM1234567', yes: 'Yes', centre: 'Collective centre' },
    hy: { need: 'Քրոնիկ հիվանդություն', passport: 'Անձնագիր AM1234567', yes: 'Այո', centre: 'Ժամանակավոր կացարան' },
    ru: { need: 'Хроническое заболевание', passport: 'Паспорт AM1234567', yes: 'Да', centre: 'Пункт временного размещения' },
  };
  await page.keyboard.press('F3');
  await latest(page)
    .getByRole('button', { name: new RegExp(saved.registrationNumber) })
    .click();
  for (const language of ['en', 'hy', 'ru'] as const) {
    await chooseLanguage(page, language);
    const history = page.getByRole('region', { name: /^(History|Պատմություն|История)$/ });
    const changes = history.getByRole('listitem').nth(1).getByRole('table');
    await expect(changes).toContainText(words[language].need);
    await expect(changes).toContainText(words[language].passport);
    await expect(changes).toContainText(words[language].yes);
    await expect(changes).toContainText(words[language].centre);
    const text = (await history.textContent()) ?? '';
    expect(text, 'no ISO date or time').not.toMatch(/\d{4}-\d{2}-\d{2}|T\d{2}:\d{2}|Z\b/);
    expect(text, 'no JSON').not.toMatch(/[{}[\]"]|\btrue\b|\bfalse\b|collective_centre|"kind"/);
    // The arrival time is the desk's local time, as the rest of the screen shows it.
    const arrived = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' }).format(new Date('2026-11-30T09:45:00.000Z'));
    await expect(changes).toContainText(arrived);
  }
});

test('every audit event reads in the UI’s language, also the slip printed in the family’s own record', async ({ page }) => {
  const saved = await register(page, { members: [head('Karine', 'Harutyunyan', 52)] });
  await invoke(page, 'slip.print', { id: saved.id, language: 'hy', layout: 'a4' });
  const printed: Record<Language, RegExp> = { en: /Printed a family’s slip/, hy: /Տպել է ընտանիքի թերթիկը/, ru: /Распечатал\(а\) талон семьи/ };
  await page.keyboard.press('F3');
  await latest(page)
    .getByRole('button', { name: new RegExp(saved.registrationNumber) })
    .click();
  await page.getByRole('button', { name: 'Family’s record (access request)' }).click();
  for (const language of ['en', 'hy', 'ru'] as const) {
    await chooseLanguage(page, language);
    const accesses = page.getByRole('table', {
      name: /^(Who opened, printed or changed the record|Ով է բացել, տպել կամ փոխել գրառումը|Кто открывал, печатал или изменял запись)$/,
    });
    await expect(accesses).toContainText(printed[language]);
    await expect(accesses).not.toContainText(/\b[a-z_]+\.[a-z_]+\b/);
  }
});

async function openFamily(page: Page, registrationNumber: string) {
  await page.keyboard.press('F3');
  await page.getByLabel('Find a person').fill(registrationNumber);
  await page.getByRole('list', { name: 'Search results' }).getByRole('button').first().click();
}

test('the opened family’s heading takes focus; the void dialog keeps focus inside and closes with Esc', async ({ page }) => {
  const saved = await register(page, { members: [head('Lusine', 'Abrahamyan', 45)] });
  await openFamily(page, saved.registrationNumber);
  await expect(page.getByRole('heading', { name: `Family ${saved.registrationNumber}`, level: 1 })).toBeFocused();

  const voidButton = page.getByRole('button', { name: 'Void', exact: true });
  await voidButton.click();
  const dialog = page.getByRole('dialog', { name: `Void family ${saved.registrationNumber}` });
  const reason = dialog.getByLabel('Reason');
  await expect(reason).toBeFocused();
  // Round and round inside the dialog, forwards and back, never out to the screen behind it.
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    expect(await page.evaluate<boolean>('document.activeElement?.closest("[role=dialog]") !== null')).toBe(true);
  }
  await reason.focus();
  await page.keyboard.press('Shift+Tab');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(reason).toBeFocused();

  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(voidButton).toBeFocused();
});

test('search results show the date of birth, the head of the family and where it came from, and say when more match', async ({ page }) => {
  const child = (givenName: string) => ({ givenName, familyName: 'Petrosyan', sex: 'M', birth: { kind: 'year', year: 2012 }, relationship: 'child' });
  const family = (headName: string, from: string, children: string[]) => ({
    originSettlement: from,
    members: [{ givenName: headName, familyName: 'Petrosyan', sex: 'F', birth: { kind: 'year', year: 1980 }, relationship: 'head' }, ...children.map(child)],
  });
  const names = (prefix: string) => Array.from({ length: 25 }, (_, i) => `${prefix}${String.fromCharCode(97 + i)}`);
  await register(page, family('Gohar', 'Martuni', ['Aram', ...names('Arm')]));
  await register(page, family('Naira', 'Vardenis', ['Aram', ...names('Vard')]));

  await page.keyboard.press('F3');
  await page.keyboard.type('Aram Petrosyan', { delay: 120 });
  const results = page.getByRole('list', { name: 'Search results' });
  const fromMartuni = results
    .getByRole('listitem')
    .filter({ hasText: 'Gohar Petrosyan' })
    .filter({ hasText: /^.*Aram Petrosyan/ });
  await expect(fromMartuni).toContainText('born 2012');
  await expect(fromMartuni).toContainText('from Martuni');
  await expect(results.getByRole('listitem').filter({ hasText: 'Head of family: Naira Petrosyan' })).toContainText('from Vardenis');

  await page.getByLabel('Find a person').fill('Petrosyan');
  await expect(page.getByRole('status').filter({ hasText: 'More than 50 persons match' })).toBeVisible();
  await expect(results.getByRole('listitem')).toHaveCount(50);
});

test('a registrar is not shown "Void", nor the family’s record: only what their role may do', async ({ page, desk }) => {
  const saved = await register(page, { members: [head('Armine', 'Sahakyan', 33)] });
  await openFamily(page, saved.registrationNumber);
  await expect(page.getByRole('button', { name: 'Void', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await desk.signIn(page, desk.operators.registrar.name, desk.operators.registrar.password);
  await openFamily(page, saved.registrationNumber);
  await expect(page.getByRole('heading', { name: `Family ${saved.registrationNumber}` })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Void', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Family’s record (access request)' })).toHaveCount(0);
});

test('the dashboard’s charts keep no focusable drawing under aria-hidden: axe finds nothing, in the three languages', async ({ page }) => {
  await register(page, { members: [head('Mariam', 'Davtyan', 29)] });
  await page.keyboard.press('F8');
  await expect(page.getByRole('heading', { name: 'Arrivals per day' })).toBeVisible();
  for (const language of ['en', 'hy', 'ru'] as const) {
    await chooseLanguage(page, language);
    await expectNoAxeViolations(page, `dashboard (${language})`);
  }
});
