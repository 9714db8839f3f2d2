import type { Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../electron/core/index.js';
import { createHubService } from '../../electron/core/hub/service.js';
import { createHubServer } from '../../electron/core/hub/server.js';
import { expect, test } from './fixtures.js';

/**
 * The desk at 1366x768 in every language (issue 13): the top bar keeps one row of who and where (with the sync
 * indicator) above the screens' tabs, and a family of five fits the screen in quick mode, with at most one scroll
 * in full mode.
 */

type Language = 'en' | 'hy' | 'ru';
const LANGUAGES: readonly Language[] = ['en', 'hy', 'ru'];

async function chooseLanguage(page: Page, language: Language) {
  await page.getByRole('combobox', { name: /^(Language|Լեզու|Язык)$/ }).selectOption(language);
}

const person = (page: Page, n: number) => page.getByRole('group', { name: new RegExp(`^(Person|Человек|Անձ) ${n}$`) });

/** The family of five as the bench types it: Enter after each member opens the next row. */
async function typeFamilyOfFive(page: Page) {
  await person(page, 1).getByRole('textbox').first().focus();
  const family: readonly (readonly [string, string, 'F' | 'M'])[] = [
    ['Հասմիկ', '14.03.1985', 'F'],
    ['Արամ', '02.11.1982', 'M'],
    ['Անի', '21.05.2012', 'F'],
    ['Դավիթ', '09.09.2016', 'M'],
    ['Լիլիթ', '30.01.2021', 'F'],
  ];
  for (const [i, [given, birth, sex]] of family.entries()) {
    await page.keyboard.type(given);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Սարգսյան');
    await page.keyboard.press('Tab');
    if ((await page.evaluate('document.activeElement?.tagName')) !== 'SELECT') await page.keyboard.press('Tab');
    await person(page, i + 1)
      .locator('select')
      .first()
      .selectOption(sex);
    await page.keyboard.press('Tab');
    await page.keyboard.type(birth);
    if (i < 4) await page.keyboard.press('Enter');
  }
  await expect(person(page, 5)).toBeVisible();
}

/**
 * Rows the top bar's who-and-where takes (children sharing a vertical centre within a few pixels are on one line),
 * rows of tabs, and what sticks out sideways. Strings run in the page: the tests' tsconfig has no DOM types.
 */
async function headerLayout(page: Page): Promise<{ identity: number; tabs: number; overflow: number[] }> {
  return page.evaluate(`(() => {
    const header = document.querySelector('header.topbar');
    const nav = header.querySelector('nav');
    const centres = Array.from(header.children).filter((c) => c !== nav && c.getBoundingClientRect().height > 0)
      .map((c) => { const b = c.getBoundingClientRect(); return b.top + b.height / 2; }).sort((a, b) => a - b);
    let identity = 0;
    let last = -100;
    for (const c of centres) { if (c - last > 12) identity++; last = c; }
    const tabs = new Set(Array.from(nav.querySelectorAll('button')).map((b) => Math.round(b.getBoundingClientRect().top))).size;
    return { identity, tabs, overflow: [document.documentElement.scrollWidth, nav.scrollWidth - nav.clientWidth] };
  })()`);
}

for (const language of LANGUAGES) {
  test(`${language}: header one line, a family of five fits 1366x768 in quick mode and one scroll in full mode`, async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await chooseLanguage(page, language);
    await expect(page.getByRole('navigation')).toBeVisible();

    // One line of who and where, one of tabs: never a third row, nothing cut off or scrolled sideways.
    const header = await headerLayout(page);
    expect.soft(header.identity, 'who and where on one line').toBe(1);
    expect.soft(header.tabs, 'the tabs on one line').toBe(1);
    expect.soft(header.overflow, 'nothing cut off').toEqual([1366, 0]);

    await page.getByRole('radio', { name: /^(Quick|Быстрая|Արագ)$/ }).check();
    await typeFamilyOfFive(page);
    await page.screenshot({ path: `/tmp/d3/quick-${language}.png` });
    const wider = await page.evaluate(`Array.from(document.querySelectorAll('form.intake fieldset')).filter((f) => f.scrollWidth > f.clientWidth + 1).length`);
    expect.soft(wider, 'no row wider than the form').toBe(0);
    const quickHeight = Number(await page.evaluate('document.documentElement.scrollHeight'));
    expect.soft(quickHeight, 'quick mode on one screen').toBeLessThanOrEqual(768);

    await page.getByRole('radio', { name: /^(Full|Полная|Լրիվ)$/ }).check();
    await page.screenshot({ path: `/tmp/d3/full-${language}.png`, fullPage: true });
    const fullHeight = Number(await page.evaluate('document.documentElement.scrollHeight'));
    expect(fullHeight, 'full mode within two screens').toBeLessThanOrEqual(2 * 768);
  });
}

test('with sync set up and the hub away, the indicator, its problem and "Sync now" keep the header on one line', async ({ page, desk }) => {
  const hubDir = mkdtempSync(join(tmpdir(), 'intake-e2e-hub-'));
  const hubCore = openCore({ dataDir: hubDir, setup: { centreCode: 'HUB1', centreName: 'Hub', stationLabel: 'Hub', role: 'hub' } });
  try {
    const hub = createHubService(hubCore.ctx, { enrolmentOpen: true });
    const server = await createHubServer(hub);
    const keyFile = join(hubDir, 'hub.pub');
    writeFileSync(keyFile, `${hub.identity().hubKey}\n`);
    await desk.cli(['sync', '--hub', server.url, '--hub-key', keyFile]);
    await server.close();
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.reload();
    await page.getByLabel('Given name', { exact: true }).first().fill('Aram');
    await page.getByLabel('Family name', { exact: true }).first().fill('Petrosyan');
    await page.getByLabel('Sex').first().selectOption('M');
    await page.getByLabel('Date of birth or age').first().fill('1980');
    await page.keyboard.press('Control+S');
    const indicator = page.getByRole('group', { name: 'Sync with the hub' });
    await indicator.getByRole('button', { name: 'Sync now' }).click();
    await expect(indicator).toContainText('The hub cannot be reached');
    for (const language of LANGUAGES) {
      await chooseLanguage(page, language);
      await page.screenshot({ path: `/tmp/d3/header-sync-${language}.png`, clip: { x: 0, y: 0, width: 1366, height: 140 } });
      const header = await headerLayout(page);
      expect.soft(header.identity, `${language}: who and where on one line`).toBe(1);
      expect.soft(header.tabs, `${language}: the tabs on one line`).toBe(1);
      expect.soft(header.overflow, `${language}: nothing cut off`).toEqual([1366, 0]);
    }
  } finally {
    hubCore.close();
    rmSync(hubDir, { recursive: true, force: true });
  }
});
