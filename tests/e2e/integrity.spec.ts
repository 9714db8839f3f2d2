import { AxeBuilder } from '@axe-core/playwright';
import { expect, intake, test } from './fixtures.js';

/**
 * Text with a control character (here a C1 "next line" pasted with a name, as copied from another system) is refused
 * at its field before anything is saved, in the screen's language.
 */

const REFUSAL = {
  en: 'Remove the line break or invisible control character',
  hy: 'Հեռացրեք տողադարձը կամ անտեսանելի կառավարման նշանը',
  ru: 'Уберите перевод строки или невидимый управляющий символ',
} as const;

test('a name holding a control character is refused at its field, in English, Armenian and Russian', async ({ page }) => {
  test.setTimeout(240_000); // axe over the whole form is slow on a shared machine
  await page.setViewportSize({ width: 1366, height: 768 });
  const k = page.keyboard;
  const given = intake(page).member(1).getByLabel('Given name', { exact: true });
  await expect(given).toBeFocused();
  await k.type('Ani', { delay: 120 });
  await k.insertText('\u0085'); // pasted along with the name
  await k.type('ta', { delay: 120 });
  await k.press('Tab');
  await k.type('Sargsyan', { delay: 120 });
  await k.press('Tab');
  await k.press('Tab');
  await k.type('F', { delay: 120 });
  await k.press('Tab');
  await k.type('14.03.1985', { delay: 120 });
  await k.press('Control+S');

  await expect(given).toHaveAttribute('aria-invalid', 'true');
  await expect(given).toHaveAccessibleDescription(new RegExp(REFUSAL.en));
  expect(await page.getByRole('status').filter({ hasText: 'Registration number' }).count()).toBe(0);
  await page.screenshot({ path: '/tmp/aa-shots/control-en.png' });
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  for (const language of ['hy', 'ru'] as const) {
    await page.getByRole('combobox', { name: /Language|Լեզու|Язык/ }).selectOption(language);
    const field = intake(page).member(1).locator('input[aria-invalid="true"]').first();
    await expect(field).toHaveAccessibleDescription(new RegExp(REFUSAL[language]));
    await page.screenshot({ path: `/tmp/aa-shots/control-${language}.png` });
  }

  // Taken out, the name saves.
  await page.getByRole('combobox', { name: /Language|Լեզու|Язык/ }).selectOption('en');
  await given.fill('Anita');
  await k.press('Control+S');
  await expect(page.getByRole('status').filter({ hasText: 'Registration number' })).toBeVisible();
});
