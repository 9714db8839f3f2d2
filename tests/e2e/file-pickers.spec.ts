import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

/**
 * File pickers in the clerk's language (issue 13): never the browser's "Choose File" (which speaks the computer's
 * language), but the app's own button, named in English, Armenian and Russian, opened from the keyboard, with the
 * chosen file's name beside it. The native input stays labelled, so setInputFiles still reaches it.
 */

type Language = 'en' | 'hy' | 'ru';
const CHOOSE: Record<Language, string> = { en: 'Choose a file', hy: 'Ընտրել ֆայլը', ru: 'Выбрать файл' };
const NONE: Record<Language, string> = { en: 'No file chosen', hy: 'Ֆայլ ընտրված չէ', ru: 'Файл не выбран' };

/** How many native file inputs a person could see (wider than a pixel and not transparent). */
async function visibleNativeInputs(page: Page): Promise<number> {
  return page.evaluate(`Array.from(document.querySelectorAll('input[type=file]')).filter((i) => {
    const box = i.getBoundingClientRect();
    return box.width > 1 && box.height > 1 && getComputedStyle(i).opacity !== '0';
  }).length`);
}

/** Opens the chooser with the keyboard alone (focus, Enter) and picks a file in it. */
async function chooseByKeyboard(page: Page, button: Locator, file: { name: string; mimeType: string; buffer: Buffer }) {
  await button.focus();
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Enter');
  await (await chooser).setFiles(file);
}

const HUB_KEY = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=';

// Playwright turns on catching file choosers when the first listener comes, asynchronously: a listener from the start
// makes sure the chooser a key opens is caught, not shown (or lost) as the browser's own.
test.beforeEach(({ page }) => {
  page.on('filechooser', () => undefined);
});

test('pre-registration lists: the app’s own button, opened by keyboard, shows the chosen name', async ({ page }) => {
  await page.keyboard.press('F7');
  await expect(page.getByRole('heading', { name: 'Pre-registration lists' })).toBeVisible();
  expect(await visibleNativeInputs(page)).toBe(0);
  const button = page.getByRole('button', { name: 'Choose a file' });
  await expect(button).toHaveAccessibleDescription('List file (CSV or JSON Lines) No file chosen');
  await chooseByKeyboard(page, button, {
    name: 'authorities.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      'household_ref,ref,given_name,family_name,patronymic,sex,date_of_birth,dob_estimated,relationship,phone\nH1,R1,Aram,Petrosyan,,M,1980-01-02,false,head,\n',
    ),
  });
  await expect(page.getByText('authorities.csv', { exact: true })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'authorities.csv: rows: 1' })).toBeVisible();
});

test('the desk’s hub key on the Batches screen: chosen by keyboard, its text lands in the box', async ({ page }) => {
  await page.keyboard.press('F9');
  expect(await visibleNativeInputs(page)).toBe(0);
  const button = page.getByRole('button', { name: 'Choose a file' });
  await expect(button).toHaveAccessibleDescription('Or choose the hub key file No file chosen');
  await chooseByKeyboard(page, button, { name: 'hub.pub', mimeType: 'text/plain', buffer: Buffer.from(`${HUB_KEY}\n`) });
  await expect(page.getByLabel('Hub key (paste it here)')).toHaveValue(HUB_KEY);
  await expect(page.getByText('hub.pub', { exact: true })).toBeVisible();
});

test('the hub key in Sync settings: chosen by keyboard, its text lands in the box', async ({ page }) => {
  await page.getByRole('group', { name: 'Sync with the hub' }).getByRole('button').first().click();
  await page.getByRole('button', { name: 'Sync settings' }).click();
  expect(await visibleNativeInputs(page)).toBe(0);
  const button = page.getByRole('button', { name: 'Choose a file' });
  await expect(button).toHaveAccessibleDescription('Or read it from a file No file chosen');
  await chooseByKeyboard(page, button, { name: 'hub-key.txt', mimeType: 'text/plain', buffer: Buffer.from(`${HUB_KEY}\n`) });
  await expect(page.getByLabel('Hub key, as the hub prints it')).toHaveValue(HUB_KEY);
  await expect(page.getByText('hub-key.txt', { exact: true })).toBeVisible();
});

test('a hub’s batch file: the app’s button by keyboard, and the label still finds the hidden input', async ({ page }) => {
  await page.keyboard.press('F9');
  await page.getByRole('button', { name: 'Make this app the hub' }).click();
  expect(await visibleNativeInputs(page)).toBe(0);
  const button = page.getByRole('button', { name: 'Choose a file' });
  await expect(button).toHaveAccessibleDescription('Batch file No file chosen');
  await chooseByKeyboard(page, button, { name: 'cut.ibatch', mimeType: 'application/octet-stream', buffer: Buffer.from('INTAKEB1\0\0') });
  await expect(page.getByText('cut.ibatch', { exact: true })).toBeVisible();
  await page.getByLabel('Batch file').setInputFiles({ name: 'other.ibatch', mimeType: 'application/octet-stream', buffer: Buffer.from('INTAKEB1\0\0') });
  await expect(page.getByText('other.ibatch', { exact: true })).toBeVisible();
});

for (const language of ['hy', 'ru'] as const) {
  test(`${language}: the file buttons speak the screen's language`, async ({ page }) => {
    await page.getByRole('combobox', { name: /^(Language|Լեզու|Язык)$/ }).selectOption(language);
    for (const key of ['F7', 'F9']) {
      await page.keyboard.press(key);
      await expect(page.getByRole('button', { name: CHOOSE[language] })).toBeVisible();
      await expect(page.getByText(NONE[language], { exact: true })).toBeVisible();
      await page.screenshot({ path: `/tmp/d3/file-picker-${language}-${key}.png` });
      expect(await visibleNativeInputs(page)).toBe(0);
    }
  });
}
