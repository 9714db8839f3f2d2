import { expect, test } from '@playwright/test';
import { ok } from '../../electron/api/result.js';
import type { SessionView } from '../../electron/api/views-protection.js';
import type { Dispatcher } from '../../electron/handlers/dispatch.js';
import { createWebServer } from '../../electron/web/server.js';
import { expectNoAxeViolations } from './axe.js';

/**
 * The start-up card while the data file is updated (or encrypted) asks the desk twice a second how far it is, and
 * keeps asking when two answers are alike (a long step): once the desk has opened, the window moves on by itself.
 * A desk that answers "step 1 of 2, 40 %" several times over, then "not set up yet" stands in for the real one.
 */

const base: SessionView = { setup: null, station: null, operator: null, locked: false, lockAfterSeconds: 600, unlock: null };

test('the update card keeps asking through answers that are alike, then gives way to the desk', async ({ page }) => {
  let asked = 0;
  const dispatcher = {
    invoke: (method: string) => {
      if (method !== 'session.status') return Promise.resolve({ ok: false, error: { code: 'locked', message: 'locked' } });
      asked++;
      return Promise.resolve(
        ok<SessionView>(
          asked <= 5 ? { ...base, upgrading: { migration: 1, migrations: 2, done: 4, total: 10 }, upgradeFailed: null } : { ...base, setup: 'station' },
        ),
      );
    },
    onEvent: () => () => {},
  } as unknown as Dispatcher;
  const web = await createWebServer({ dispatcher, staticDir: 'build/app' });
  try {
    await page.goto(web.url);
    await expect(page.getByRole('heading', { name: 'Updating the data file' })).toBeVisible();
    await expect(page.getByRole('status')).toHaveText('Step 1 of 2: 20% done');
    await expect(page.getByRole('progressbar', { name: 'Update progress' })).toBeVisible();
    await expectNoAxeViolations(page, 'the update card');
    // Five answers alike, then the desk is open: the first run's form shows without a reload.
    await expect(page.getByRole('heading', { name: 'Updating the data file' })).toBeHidden({ timeout: 15_000 });
    expect(asked).toBeGreaterThan(5);
  } finally {
    await web.close();
  }
});
