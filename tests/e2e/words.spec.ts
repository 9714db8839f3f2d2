import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

/** Words and layout at the desk: counts by each language's plural rules, a history in words, roles and dialogs. */

type Language = 'en' | 'hy' | 'ru';

/** Calls a method as the page would (its connection, its session): families are put on file without the form. */
async function invoke<T>(page: Page, method: string, input: unknown): Promise<T> {
  const result = await page.evaluate(async ([m, i]) => {
    const response = await fetch('/api/invoke', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ method: m, input: i }) });
    return (await response.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  }, [method, input] as const);
  if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
  return result.value as T;
}

const head = (givenName: string, familyName: string, years: number) =>
  ({ givenName, familyName, sex: 'F', birth: { kind: 'age', years }, relationship: 'head' }) as const;

async function register(page: Page, household: Record<string, unknown>): Promise<{ id: string; registrationNumber: string; version: number }> {
  return invoke(page, 'household.register', household);
}

async function chooseLanguage(page: Page, language: Language) {
  await page.getByRole('combobox', { name: /^(Language|Լեզու|Язык)$/ }).selectOption(language);
}

const latest = (page: Page) => page.getByRole('list', { name: /^(Latest registrations|Վերջին գրանցումները|Последние регистрации)$/ });

test('counts read by each language’s plural rules: 1 person, 2 persons, about 1 year, in English, Armenian and Russian', async ({ page }) => {
  const alone = await register(page, { members: [head('Gayane', 'Mkrtchyan', 30)] });
  const pair = await register(page, {
    members: [head('Anahit', 'Grigoryan', 31), { givenName: 'Arev', familyName: 'Grigoryan', sex: 'F', birth: { kind: 'age', years: 1 }, relationship: 'child' }],
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
