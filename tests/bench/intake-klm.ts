import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openCore } from '../../electron/core/index.js';
import { computeStats } from '../../electron/core/figures/stats.js';
import { SYSTEM_ACTOR } from '../../electron/core/context.js';
import { seedHouseholds } from '../../electron/core/seed/seed.js';
import { openDeskInBrowser } from '../helpers/desk-browser.js';

/**
 * `npm run bench:intake`: registers the standard family of five (head, spouse, three children; names, sex, date of
 * birth, relationship, phone, origin, one specific need) through the real UI, counting what the clerk's hands do,
 * and prices it with the Keystroke-Level Model (Card, Moran and Newell): K 0.28 s a keystroke, P 1.1 s to point,
 * H 0.4 s to move a hand between keyboard and mouse, M 1.35 s of mental preparation per field. The same family in quick
 * mode gives klm_quick_seconds; save_to_fresh_form_ms is Ctrl+S to an empty form with 120,000 persons on file (the
 * median of seven saves; BENCH_INTAKE_HOUSEHOLDS=N for a smaller file while developing).
 */
const K = 0.28;
const P = 1.1;
const H = 0.4;
const M = 1.35;

class Hands {
  keystrokes = 0;
  otherKeys = 0;
  clicks = 0;
  handMoves = 0;
  fields = 0;
  private onMouse = false;
  constructor(private readonly page: Page) {}
  private keyboard() {
    if (this.onMouse) this.handMoves++;
    this.onMouse = false;
  }
  /** Typing a field's value: one mental preparation, then a keystroke a character. */
  async field(text: string) {
    this.keyboard();
    this.fields++;
    this.keystrokes += text.length;
    await this.page.keyboard.type(text);
  }
  /** Tab, Enter and chords: Ctrl+S counts as two keystrokes. */
  async press(key: string) {
    this.keyboard();
    this.otherKeys += key.split('+').length;
    await this.page.keyboard.press(key);
  }
  get seconds() {
    return (this.keystrokes + this.otherKeys) * K + this.clicks * P + this.handMoves * H + this.fields * M;
  }
}

const FAMILY = [
  { given: 'Հասմիկ', family: 'Սարգսյան', sex: 'F', birth: '14.03.1985', need: 'SM-CI' },
  { given: 'Արամ', family: 'Սարգսյան', sex: 'M', birth: '02.11.1982' },
  { given: 'Անի', family: 'Սարգսյան', sex: 'F', birth: '21.05.2012' },
  { given: 'Դավիթ', family: 'Սարգսյան', sex: 'M', birth: '09.09.2016' },
  { given: 'Լիլիթ', family: 'Սարգսյան', sex: 'F', birth: '30.01.2021' },
];

/** Types the standard family; `quick` leaves out the patronymic column. */
async function typeFamily(hands: Hands, quick: boolean): Promise<void> {
  for (const [i, p] of FAMILY.entries()) {
    await hands.field(p.given);
    await hands.press('Tab');
    await hands.field(p.family);
    await hands.press('Tab');
    if (!quick) await hands.press('Tab'); // patronymic left empty
    await hands.field(p.sex); // type-ahead in the sex list
    await hands.press('Tab');
    await hands.field(p.birth);
    if (p.need) {
      await hands.press('Tab'); // relationship: already "head", "spouse", "child" as the rows come
      await hands.press('Tab');
      await hands.field(p.need); // the specific-needs combobox narrows to the code...
      await hands.press('Enter'); // ...and Enter takes it
    }
    await hands.press('Enter');
    if (i === FAMILY.length - 1) await hands.press('Enter'); // blank row: on to the family's details
  }
  await hands.field('091 123456');
  await hands.press('Tab');
  await hands.field('Մարտունի');
  await hands.press('Control+S');
}

/** One desk on a fresh data folder (seeded with `households` when asked), signed in as a registrar. */
async function withDesk<T>(households: number, run: (page: Page, core: ReturnType<typeof openCore>) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'intake-klm-'));
  const core = openCore({ dataDir, setup: { centreCode: 'KLM', centreName: 'Bench centre', stationLabel: 'Desk 1' } });
  if (households > 0) seedHouseholds(core.ctx, SYSTEM_ACTOR, households, 1);
  // The clerk is signed in before the family reaches the desk: signing in is not part of the family's minute.
  const desk = await openDeskInBrowser(core, { name: 'Bench Clerk', secret: 'bench-pass-1', role: 'registrar' }, { width: 1366, height: 768 });
  try {
    await desk.page.getByRole('heading', { name: 'Register a family' }).waitFor();
    return await run(desk.page, core);
  } finally {
    await desk.close();
    core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function assertRegistered(core: ReturnType<typeof openCore>): void {
  const stats = computeStats(core.ctx.db);
  if (stats.households !== 1 || stats.persons !== 5 || stats.bySpecificNeed['SM'] !== 1) {
    throw new Error(`The family was not registered as typed: ${JSON.stringify(stats)}`);
  }
}

const full = await withDesk(0, async (page, core) => {
  const hands = new Hands(page);
  await typeFamily(hands, false);
  await page.getByRole('status').filter({ hasText: 'Registration number' }).waitFor();
  assertRegistered(core);
  return hands;
});
const quick = await withDesk(0, async (page, core) => {
  // The desk works in quick mode for the day: chosen once, not per family.
  await page.getByRole('radio', { name: 'Quick' }).check();
  await page.locator('[data-member-first="0"]').focus();
  const hands = new Hands(page);
  await typeFamily(hands, true);
  await page.getByRole('status').filter({ hasText: 'Registration number' }).waitFor();
  assertRegistered(core);
  return hands;
});

/**
 * Ctrl+S to a fresh form with 120,000 persons on file: from the key to the first field of an empty form holding the
 * focus, timed in the page (to the next frame). Families unlike anyone seeded, so no decision is asked.
 */
const HOUSEHOLDS_FOR_120K = Number(process.env['BENCH_INTAKE_HOUSEHOLDS'] ?? 35_000);
const saves = await withDesk(HOUSEHOLDS_FOR_120K, async (page) => {
  const times: number[] = [];
  const names = ['Զանգակ', 'Ծիրանուշ', 'Վարսենիկ', 'Խնկօղլի', 'Շամիրամ', 'Աստղունք', 'Մանուշակ'];
  for (const [i, given] of names.entries()) {
    await page.locator('[data-member-first="0"]').focus();
    await page.keyboard.type(given);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Քարավանճյան');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type(i % 2 ? 'F' : 'M');
    await page.keyboard.press('Tab');
    await page.keyboard.type(`${String(10 + i)}.0${String(1 + (i % 9))}.19${String(50 + i)}`);
    await page.waitForTimeout(500); // the clerk's last look before saving; the duplicate check answers meanwhile
    const start = Number(await page.evaluate('performance.now()'));
    await page.keyboard.press('Control+S');
    const ms = await page
      .waitForFunction(
        () => {
          // No DOM types here (node's tsconfig): the page's objects are read through narrow shapes.
          const w = globalThis as unknown as {
            document: { activeElement: unknown; querySelector(s: string): { value: string } | null };
            performance: { now(): number };
          };
          const first = w.document.querySelector('[data-member-first="0"]');
          return first && first.value === '' && w.document.activeElement === first ? w.performance.now() : false;
        },
        undefined,
        { polling: 'raf', timeout: 10_000 },
      )
      .catch(async (error: unknown) => {
        await page.screenshot({ path: '/tmp/dd/bench-fail.png' });
        throw error;
      });
    times.push(Number(await ms.jsonValue()) - start);
  }
  return times.sort((a, b) => a - b);
});

console.log(`keystrokes=${full.keystrokes}`);
console.log(`other_key_presses=${full.otherKeys}`);
console.log(`clicks=${full.clicks}`);
console.log(`hand_moves=${full.handMoves}`);
console.log(`fields=${full.fields}`);
console.log(`klm_quick_seconds=${Math.round(quick.seconds * 10) / 10}`);
console.log(`save_to_fresh_form_ms=${Math.round((saves[Math.floor(saves.length / 2)] ?? 0) * 10) / 10}`);
console.log(`save_to_fresh_form_max_ms=${Math.round((saves.at(-1) ?? 0) * 10) / 10}`);
console.log(`klm_seconds=${Math.round(full.seconds * 10) / 10}`);
