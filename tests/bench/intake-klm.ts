import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openCore } from '../../electron/core/index.js';
import { computeStats } from '../../electron/core/stats.js';
import { openDeskInBrowser } from '../helpers/desk-browser.js';

/**
 * `npm run bench:intake`: registers the standard family of five (head, spouse, three children; names, sex, date of
 * birth, relationship, phone, origin, one specific need) through the real UI, counting what the clerk's hands do,
 * and prices it with the Keystroke-Level Model (Card, Moran and Newell): K 0.28 s a keystroke, P 1.1 s to point,
 * H 0.4 s to move a hand between keyboard and mouse, M 1.35 s of mental preparation per field.
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

const dataDir = mkdtempSync(join(tmpdir(), 'intake-klm-'));
const core = openCore({ dataDir, setup: { centreCode: 'KLM', centreName: 'Bench centre', stationLabel: 'Desk 1' } });
// The clerk is signed in before the family reaches the desk: signing in is not part of the family's minute.
const desk = await openDeskInBrowser(core, { name: 'Bench Clerk', secret: 'bench-pass-1', role: 'registrar' }, { width: 1280, height: 800 });
try {
  const page = desk.page;
  await page.getByRole('heading', { name: 'Register a family' }).waitFor();
  const hands = new Hands(page);
  for (const [i, p] of FAMILY.entries()) {
    await hands.field(p.given);
    await hands.press('Tab');
    await hands.field(p.family);
    await hands.press('Tab');
    await hands.press('Tab'); // patronymic left empty
    await hands.field(p.sex); // type-ahead in the sex list
    await hands.press('Tab');
    await hands.field(p.birth);
    if (p.need) {
      await hands.press('Tab'); // relationship: already "head", "spouse", "child" as the rows come
      await hands.press('Tab');
      await hands.field(p.need); // type-ahead in the specific-needs list
    }
    await hands.press('Enter');
    if (i === FAMILY.length - 1) await hands.press('Enter'); // blank row: on to the family's details
  }
  await hands.field('091 123456');
  await hands.press('Tab');
  await hands.field('Մարտունի');
  await hands.press('Control+S');
  await page.getByRole('status').filter({ hasText: 'Registration number' }).waitFor();

  const stats = computeStats(core.ctx.db);
  if (stats.households !== 1 || stats.persons !== 5 || stats.bySpecificNeed['SM'] !== 1) {
    throw new Error(`The family was not registered as typed: ${JSON.stringify(stats)}`);
  }
  console.log(`keystrokes=${hands.keystrokes}`);
  console.log(`other_key_presses=${hands.otherKeys}`);
  console.log(`clicks=${hands.clicks}`);
  console.log(`hand_moves=${hands.handMoves}`);
  console.log(`fields=${hands.fields}`);
  console.log(`klm_seconds=${Math.round(hands.seconds * 10) / 10}`);
} finally {
  await desk.close();
  core.close();
  rmSync(dataDir, { recursive: true, force: true });
}
