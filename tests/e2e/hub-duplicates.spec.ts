import type { Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HouseholdSchema, type HouseholdInput } from '../../electron/api/schemas/household.js';
import { exportBatch } from '../../electron/core/batch/export.js';
import { installHubKey } from '../../electron/core/batch/keys.js';
import { SYSTEM_ACTOR } from '../../electron/core/context.js';
import { registerHousehold } from '../../electron/core/households/write.js';
import { openCore } from '../../electron/core/index.js';
import { expectNoAxeViolations } from './axe.js';
import { chooseLanguage, expect, test } from './fixtures.js';

/**
 * Duplicates across centres at the hub (issue 14): the app becomes the hub, takes in a batch from Goris and one from
 * Yerevan holding the same family in another script, and its duplicate review shows the pairs with both centres and
 * stations, filters them by centre and day, links one (counted once) and undoes it.
 */

const today = new Date().toISOString().slice(0, 10);
const family = (head: [string, string, string], child: [string, string, string], birth: HouseholdInput['members'][number]['birth']): HouseholdInput => ({
  arrivedAt: `${today}T08:00:00.000Z`,
  originSettlement: 'Martakert',
  phone: '',
  members: [
    { givenName: head[0], patronymic: head[1], familyName: head[2], sex: 'F', birth, relationship: 'head' },
    { givenName: child[0], patronymic: child[1], familyName: child[2], sex: 'M', birth: { kind: 'exact', date: '2012-06-01' }, relationship: 'child' },
  ],
});

function stationBatch(root: string, hubKey: string, centreCode: string, label: string, input: HouseholdInput): string {
  const file = join(root, `${centreCode}.ibatch`);
  const station = openCore({ dataDir: join(root, centreCode), setup: { centreCode, centreName: centreCode, stationLabel: label } });
  try {
    installHubKey(station.ctx, SYSTEM_ACTOR, hubKey);
    registerHousehold(station.ctx, SYSTEM_ACTOR, HouseholdSchema.parse(input));
    exportBatch(station.ctx, SYSTEM_ACTOR, { file });
  } finally {
    station.close();
  }
  return file;
}

async function importAccepting(page: Page, file: string, label: string): Promise<void> {
  await page.getByLabel('Batch file').setInputFiles(file);
  await page.getByRole('dialog', { name: 'A desk this hub has not seen before' }).getByRole('button', { name: 'Accept the desk and import' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Imported from ${label}` })).toBeVisible();
}

test('the hub finds a family registered at Goris and at Yerevan, links a pair and undoes the link', async ({ page, desk }) => {
  const root = mkdtempSync(join(tmpdir(), 'intake-e2e-hubdup-'));
  try {
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /^Batches/ })
      .click();
    await page.getByRole('button', { name: 'Make this app the hub' }).click();
    const hubKey = await page.getByRole('textbox', { name: 'Hub key', exact: true }).inputValue();
    expect(hubKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const goris = stationBatch(
      root,
      hubKey,
      'GRS1',
      'Goris desk 1',
      family(['Հասմիկ', 'Արամի', 'Հովհաննիսյան'], ['Ժիրայր', 'Գագիկի', 'Հովհաննիսյան'], { kind: 'exact', date: '1985-03-14' }),
    );
    const yerevan = stationBatch(
      root,
      hubKey,
      'YRV1',
      'Yerevan desk 3',
      family(['Асмик', 'Арамовна', 'Оганесян'], ['Жирар', 'Гагикович', 'Оганесян'], { kind: 'year', year: 1985 }),
    );
    await importAccepting(page, goris, 'Goris desk 1');
    await importAccepting(page, yerevan, 'Yerevan desk 3');

    await page
      .getByRole('navigation')
      .getByRole('button', { name: /^Duplicates/ })
      .click();
    await page.getByRole('radiogroup', { name: 'Which pairs' }).getByLabel('Across centres').check();
    const figures = page.getByRole('definition');
    await expect(page.getByRole('heading', { name: 'Duplicates across centres' })).toBeVisible();
    await expect(figures.nth(0)).toHaveText('4');
    await expect(figures.nth(1)).toHaveText('2');
    const list = page.getByRole('list', { name: '2 pairs' });
    await expect(list.getByRole('listitem')).toHaveCount(2);
    await expect(list).toContainText('GRS1 · Goris desk 1');
    await expect(list).toContainText('YRV1 · Yerevan desk 3');
    // Both persons of the family match: the pair shown says so among its reasons.
    await expect(page.getByRole('listitem').filter({ hasText: 'Others in the two families match too' })).toBeVisible();

    // Filters: another day finds none; the centre filter keeps both.
    await page.getByLabel('Arrived from').fill('2099-01-01');
    await expect(page.getByText('No pairs across centres here.')).toBeVisible();
    await page.getByLabel('Arrived from').fill('');
    await page.getByRole('combobox', { name: 'Centre' }).selectOption('YRV1');
    await expect(page.getByRole('list', { name: '2 pairs' })).toBeVisible();

    // Two people needs a reason, said at the field; the same person is linked and counted once.
    await page.getByRole('button', { name: 'Two people: keep apart' }).click();
    await expect(page.getByRole('alert')).toHaveText('Write why they are two people: at least 3 letters.');
    await page.getByRole('button', { name: 'Same person: link' }).click();
    await expect(figures.nth(1)).toHaveText('1');
    await expect(figures.nth(0)).toHaveText('3');
    await page.getByRole('radiogroup', { name: 'Show' }).last().getByLabel('Linked').check();
    await expect(page.getByRole('status').filter({ hasText: 'Linked as one person at the hub.' })).toBeVisible();
    await page.getByLabel('Note (required when they are two people)').pressSequentially('too soon', { delay: 120 });
    await page.getByRole('button', { name: 'Undo this decision' }).click();
    await expect(figures.nth(1)).toHaveText('2');
    await expect(figures.nth(0)).toHaveText('4');

    // A check cut short by the app closing (noted as the import left it): the screen says pairs may be missing, in
    // three languages, with a button that checks those families now.
    const cutShort = () => {
      const hub = openCore({ dataDir: desk.dataDir });
      try {
        hub.ctx.db.prepare("INSERT INTO hub_unchecked (batch_id, household_id) SELECT 'cut-short', id FROM households").run();
      } finally {
        hub.close();
      }
    };
    cutShort();
    await page.getByRole('radiogroup', { name: 'Show' }).last().getByLabel('Waiting').check();
    const unchecked = page.getByRole('status').filter({ hasText: '1 batch taken in is not yet checked against the other centres' });
    await expect(unchecked).toBeVisible();
    await expectNoAxeViolations(page, 'the hub queue with a batch not checked through');
    await page.screenshot({ path: '/tmp/hub-unchecked-en.png' });
    for (const [language, text] of [
      ['hy', 'Ընդունված 1 փաթեթը դեռ չի ստուգվել'],
      ['ru', '1 принятый пакет ещё не сверен'],
    ] as const) {
      await chooseLanguage(page, language);
      await expect(page.getByRole('status').filter({ hasText: text })).toBeVisible();
      await page.screenshot({ path: `/tmp/hub-unchecked-${language}.png` });
    }
    await chooseLanguage(page, 'en');
    // A hub supervisor need not wait for the next import: the check runs now, as a task of its own, and says what it
    // found (the pairs of those families are queued already: none new).
    await page.getByRole('button', { name: 'Check them now' }).click();
    await expect(page.getByRole('status').filter({ hasText: '1 batch checked against the other centres: no new pair.' })).toBeVisible();
    await page.screenshot({ path: '/tmp/hub-checked-en.png' });
    await expect(unchecked).toHaveCount(0);
    await expect(figures.nth(1)).toHaveText('2');

    // Cut short again: the next import (the same file again, already held) checks those families too.
    cutShort();
    await page.getByRole('radiogroup', { name: 'Show' }).last().getByLabel('Linked').check();
    await page.getByRole('radiogroup', { name: 'Show' }).last().getByLabel('Waiting').check();
    await expect(unchecked).toBeVisible();
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /^Batches/ })
      .click();
    await page.getByLabel('Batch file').setInputFiles(yerevan);
    await expect(page.getByRole('status').filter({ hasText: 'was already imported' })).toBeVisible();
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /^Duplicates/ })
      .click();
    await page.getByRole('radiogroup', { name: 'Which pairs' }).getByLabel('Across centres').check();
    await expect(page.getByRole('heading', { name: 'Duplicates across centres' })).toBeVisible();
    await expect(figures.nth(1)).toHaveText('2');
    await expect(unchecked).toHaveCount(0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the hub’s dashboard counts every centre, a linked person once, with the pairs waiting beside it', async ({ page }) => {
  const root = mkdtempSync(join(tmpdir(), 'intake-e2e-hubdash-'));
  try {
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /^Batches/ })
      .click();
    await page.getByRole('button', { name: 'Make this app the hub' }).click();
    const hubKey = await page.getByRole('textbox', { name: 'Hub key', exact: true }).inputValue();
    const goris = stationBatch(
      root,
      hubKey,
      'GRS1',
      'Goris desk 1',
      family(['Հասմիկ', 'Արամի', 'Հովհաննիսյան'], ['Ժիրայր', 'Գագիկի', 'Հովհաննիսյան'], { kind: 'exact', date: '1985-03-14' }),
    );
    const yerevan = stationBatch(
      root,
      hubKey,
      'YRV1',
      'Yerevan desk 3',
      family(['Асмик', 'Арамовна', 'Оганесян'], ['Жирар', 'Гагикович', 'Оганесян'], { kind: 'year', year: 1985 }),
    );
    await importAccepting(page, goris, 'Goris desk 1');
    await importAccepting(page, yerevan, 'Yerevan desk 3');

    const nav = page.getByRole('navigation');
    await nav.getByRole('button', { name: /^Dashboard/ }).click();
    const total = page.getByRole('region', { name: 'All centres (a person linked across centres counted once)' });
    const across = page.getByRole('region', { name: 'Across centres', exact: true });
    await expect(total.getByRole('definition').nth(1)).toHaveText('4');
    await expect(across.getByRole('term')).toHaveText('pairs of persons waiting for review');
    await expect(across.getByRole('definition')).toHaveText('2');
    await expectNoAxeViolations(page, 'the hub’s dashboard');

    // One pair linked in the review: one person fewer, one pair waiting (said in the singular).
    await across.getByRole('button', { name: 'Review the pairs' }).click();
    await page.getByRole('radiogroup', { name: 'Which pairs' }).getByLabel('Across centres').check();
    await page.getByRole('button', { name: 'Same person: link' }).click();
    await nav.getByRole('button', { name: /^Dashboard/ }).click();
    await expect(total.getByRole('definition').nth(1)).toHaveText('3');
    await expect(across.getByRole('term')).toHaveText('pair of persons waiting for review');
    await expect(across.getByRole('definition')).toHaveText('1');

    await page.setViewportSize({ width: 1366, height: 768 });
    await page.screenshot({ path: '/tmp/hub-dashboard-en.png' });
    for (const [language, waiting] of [
      ['hy', 'անձանց զույգ՝ ստուգման սպասող'],
      ['ru', 'пара лиц ожидает проверки'],
    ] as const) {
      await chooseLanguage(page, language);
      await expect(page.getByText(waiting)).toBeVisible();
      await page.screenshot({ path: `/tmp/hub-dashboard-${language}.png` });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
