import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { SYSTEM_ACTOR } from '../../electron/core/context.js';
import { openCore } from '../../electron/core/index.js';
import { seedHouseholds } from '../../electron/core/seed/seed.js';
import { expectNoAxeViolations } from './axe.js';
import { chooseLanguage, expect, test } from './fixtures.js';

/**
 * Long work in the browser (issue 15): a full duplicate review shows a progress bar with what is done and what is
 * left, the desk answers meanwhile, the review can be cancelled, and the desk says what became of it in the
 * operator's language.
 */

/** Enough families that the review runs for a few seconds on the build machine. */
const HOUSEHOLDS = 12_000;

function seedOnFile(dataDir: string): void {
  const core = openCore({ dataDir });
  try {
    seedHouseholds(core.ctx, SYSTEM_ACTOR, HOUSEHOLDS, 5, 7);
  } finally {
    core.close();
  }
}

const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/long-jobs-${name}.png` });

test.use({ viewport: { width: 1366, height: 768 } });

test('a full review shows its progress, answers a search meanwhile, is cancelled and says so in three languages', async ({ page, desk }) => {
  test.setTimeout(400_000);
  seedOnFile(desk.dataDir);
  await page
    .getByRole('navigation')
    .getByRole('button', { name: /^Duplicates/ })
    .click();
  await page.getByRole('button', { name: 'Review the whole file' }).click();

  const bar = page.getByRole('region', { name: 'Duplicate review: running' });
  await expect(bar.getByRole('progressbar', { name: 'Progress of: Duplicate review' })).toBeVisible();
  await expect(bar).toContainText('You can keep working meanwhile.');
  // Preparing on a loaded machine can take a while before the first figure.
  await expect(bar).toContainText(/\d+ % done/, { timeout: 60_000 });
  await shot(page, 'running-en');
  const axe = await new AxeBuilder({ page }).include('.jobbar').analyze();
  expect(
    axe.violations.map((v) => v.id),
    'axe on the running job',
  ).toEqual([]);

  // The desk answers while the review runs: another screen opens and lists what it holds.
  await page
    .getByRole('navigation')
    .getByRole('button', { name: /^Registrations/ })
    .click();
  await page.getByRole('searchbox').first().fill('Hakobyan');
  // The answer comes while the review still runs (the bar is still there).
  await expect(page.getByRole('list', { name: 'Search results' }).getByRole('listitem').first()).toBeVisible();
  await expect(bar).toBeVisible();

  await bar.getByRole('button', { name: 'Cancel this task' }).click();
  const outcome = page.getByRole('status').filter({ hasText: 'Duplicate review: cancelled. Nothing of it was applied.' });
  await expect(outcome).toBeVisible({ timeout: 30_000 });
  await expect(bar).toHaveCount(0);
  await expectNoAxeViolations(page, 'the cancelled review');
  await shot(page, 'cancelled-en');

  for (const [language, text] of [
    ['hy', 'Կրկնությունների ստուգում՝ չեղարկված է։'],
    ['ru', 'Проверка дубликатов: отменено.'],
  ] as const) {
    await chooseLanguage(page, language);
    await expect(page.getByRole('status').filter({ hasText: text })).toBeVisible();
    await shot(page, `cancelled-${language}`);
  }
  await chooseLanguage(page, 'en');

  // Nothing of it was applied: the queue is as empty as before; dismissed, the message stays away after a reload.
  await page
    .getByRole('navigation')
    .getByRole('button', { name: /^Duplicates/ })
    .click();
  await expect(page.getByText('No pairs wait for a decision.', { exact: false })).toBeVisible();
  await outcome.getByRole('button', { name: 'Dismiss message' }).click();
  await expect(outcome).toHaveCount(0);
  // A reload keeps the session (the harness's connection cookie, as the app's main process keeps it across a window
  // reload): the desk opens signed in, so wait for the operator, not for a sign-in form. Waiting for that form used
  // to stall this spec for the idle lock's three minutes, until the lock screen showed one.
  await page.reload();
  await expect(page.getByRole('group', { name: 'Signed-in operator' })).toContainText(desk.operators.admin.name);
  // The job bar has heard what became of the last job, and still says nothing of the dismissed one.
  await page.waitForResponse((r) => r.url().endsWith('/api/invoke') && (r.request().postData() ?? '').includes('"jobs.status"'));
  await expect(page.getByRole('navigation').getByRole('button', { name: /^Duplicates/ })).toBeVisible();
  await expect(page.getByText('Duplicate review: cancelled.')).toHaveCount(0);
});
