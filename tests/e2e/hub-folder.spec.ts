import type { Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportBatch } from '../../electron/core/batch/export.js';
import { installHubKey, stationPublicKey } from '../../electron/core/batch/keys.js';
import { enrolStationKey } from '../../electron/core/batch/trust.js';
import { SYSTEM_ACTOR } from '../../electron/core/context.js';
import { openCore } from '../../electron/core/index.js';
import { recordJobApplied, recordJobEnd, recordJobStart } from '../../electron/core/jobs.js';
import { seedHouseholds } from '../../electron/core/seed/seed.js';
import { expectNoAxeViolations } from './axe.js';
import { chooseLanguage, expect, test } from './fixtures.js';

/**
 * A hub takes in a whole folder of batches (issue 15): the supervisor picks the folder, each batch file crosses by
 * its path and is imported in order, and the screen lists what became of each, in the operator's language. Then the
 * job bar tells a job that was stopped part way what stays of it.
 */

test.use({ viewport: { width: 1366, height: 768 } });
// Each test runs axe on the whole page in three languages: more than the default minute on a busy machine.
test.describe.configure({ timeout: 150_000 });

const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/hub-folder-${name}.png`, fullPage: true });

/** Two desks' batches in one folder (two from Desk 1, one from Desk 2), and a damaged file; Desk 1 is enrolled. */
function stick(root: string, hubDir: string, hubKey: string): string {
  const folder = join(root, 'stick');
  mkdirSync(folder);
  let enrolled = '';
  for (const [label, batches] of [
    ['Desk 1', 2],
    ['Desk 2', 1],
  ] as const) {
    const station = openCore({ dataDir: join(root, label.replace(' ', '')), setup: { centreCode: 'KPN2', centreName: 'Kapan', stationLabel: label } });
    try {
      installHubKey(station.ctx, SYSTEM_ACTOR, hubKey);
      for (let i = 0; i < batches; i++) {
        seedHouseholds(station.ctx, SYSTEM_ACTOR, 2 + i, 5 + i);
        expect(exportBatch(station.ctx, SYSTEM_ACTOR, { folder })).toMatchObject({ exported: true });
      }
      if (label === 'Desk 1') enrolled = stationPublicKey(station.ctx.db) ?? '';
    } finally {
      station.close();
    }
  }
  writeFileSync(join(folder, 'ZZZ-cut.ibatch'), 'INTAKEB1\0\0');
  writeFileSync(join(folder, 'readme.txt'), 'not a batch');
  const hub = openCore({ dataDir: hubDir });
  try {
    enrolStationKey(hub.ctx, SYSTEM_ACTOR, enrolled);
  } finally {
    hub.close();
  }
  return folder;
}

test('a hub imports a folder of batches in order and lists what became of each, in three languages', async ({ page, desk }) => {
  const root = mkdtempSync(join(tmpdir(), 'intake-e2e-folder-'));
  try {
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /^Batches/ })
      .click();
    await page.getByRole('button', { name: 'Make this app the hub' }).click();
    const key = page.getByRole('textbox', { name: 'Hub key', exact: true });
    await expect(key).toHaveValue(/^[A-Za-z0-9+/]{43}=$/);
    const folder = stick(root, desk.dataDir, await key.inputValue());

    const section = page.getByRole('region', { name: 'Import a folder of batches' });
    await section.getByLabel('Folder of batches (a stick from the desks)').setInputFiles(folder);
    await expect(section).toContainText('stick: 4 batch files');
    const list = section.getByRole('list', { name: 'What became of each batch' });
    await expect(list.getByRole('listitem')).toHaveCount(4, { timeout: 30_000 });
    await expect(section.getByRole('status').filter({ hasText: 'Folder imported.' })).toContainText('Imported: 2. Already held: 0. Refused: 2.');
    // In name order: per desk its change-log ranges, oldest first (desks by their random code), the damaged file last.
    const items = list.getByRole('listitem');
    const texts = await items.allTextContents();
    const desk1 = texts.filter((x) => x.includes('Desk 1'));
    expect(desk1).toEqual([expect.stringContaining('imported from Desk 1: 2 families'), expect.stringContaining('imported from Desk 1: 3 families')]);
    expect(texts.filter((x) => x.includes('refused: This hub has not enrolled the desk that made it.'))).toHaveLength(1);
    expect(texts[3]).toContain('ZZZ-cut.ibatch: refused: The batch file is cut short');
    await expect(page.getByRole('status').filter({ hasText: 'Folder import: done.' })).toBeVisible();
    await section.scrollIntoViewIfNeeded();
    await shot(page, 'en');
    await expectNoAxeViolations(page, 'the folder import outcome');

    for (const [language, text] of [
      ['hy', 'ներմուծված է Desk 1-ից՝ 2 ընտանիք'],
      ['ru', 'импортирован от Desk 1: 2 семьи'],
    ] as const) {
      await chooseLanguage(page, language);
      await expect(page.getByRole('listitem').filter({ hasText: text })).toBeVisible();
      await shot(page, language);
      await expectNoAxeViolations(page, `the folder import outcome (${language})`);
    }
    await chooseLanguage(page, 'en');

    // The same folder again: what came in is answered "already held", nothing changes.
    await section.getByLabel('Folder of batches (a stick from the desks)').setInputFiles(folder);
    await expect(section.getByRole('status').filter({ hasText: 'Folder imported.' })).toContainText('Imported: 0. Already held: 2. Refused: 2.');
    await expect(list.getByRole('listitem').filter({ hasText: 'already held (from Desk 1); nothing changed' })).toHaveCount(2);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the job bar says what stays of a job stopped part way, in three languages', async ({ page, desk }) => {
  // A purge stopped after 2 of 5 families, as the job worker notes it (its note committed with each family).
  const core = openCore({ dataDir: desk.dataDir });
  try {
    const at = core.ctx.now().toISOString();
    recordJobStart(core.ctx.db, { id: 'purge-1', method: 'retention.purge', operator: 'Ani Admin', startedAt: at });
    core.ctx.db.transaction(() => recordJobApplied(core.ctx.db, 'purge-1', 2, 5))();
    recordJobEnd(core.ctx.db, 'purge-1', 'cancelled', 'Stopped.', at);
  } finally {
    core.close();
  }
  const outcome = page.getByRole('status').filter({ hasText: 'Purge of expired records: cancelled.' });
  await expect(outcome).toContainText('What it had finished before stays (2 of 5); the rest was not done.');
  await shot(page, 'stopped-en');
  await expectNoAxeViolations(page, 'a job stopped part way');
  for (const [language, text] of [
    ['hy', 'Մինչ այդ ավարտվածը մնում է (2-ը 5-ից)'],
    ['ru', 'Завершённое до этого остаётся (2 из 5)'],
  ] as const) {
    await chooseLanguage(page, language);
    await expect(page.getByRole('status').filter({ hasText: text })).toBeVisible();
    await shot(page, `stopped-${language}`);
    await expectNoAxeViolations(page, `a job stopped part way (${language})`);
  }
});
