import { foldName } from '../names/keys.js';

/**
 * How far apart two spellings are as keys pressed: an edit distance in which the slips of a hurried clerk cost
 * little. A dropped or doubled letter, two neighbouring letters swapped and a key next to the right one cost about
 * half an edit; one vowel for another a little more; any other letter a whole edit. Written for the three layouts
 * the desks use: US QWERTY, Russian ЙЦУКЕН and Armenian phonetic.
 */

const ROWS: readonly string[][] = [
  ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'],
  ['йцукенгшщзхъ', 'фывапролджэ', 'ячсмитьбю'],
  ['էթփձջւևրչճժ', 'քոեռտըւիօպխծշ', 'ասդֆգհյկլ', 'զղցվբնմ'],
].map((rows) => [...rows]);

/** Pairs of keys that touch on each layout ("ab" for a next to b, both orders). */
const NEIGHBOURS_BY_LAYOUT: readonly ReadonlySet<string>[] = ROWS.map((rows) => {
  const pairs = new Set<string>();
  for (let r = 0; r < rows.length; r++) {
    const row = [...rows[r]!];
    const below = [...(rows[r + 1] ?? '')];
    for (let c = 0; c < row.length; c++) {
      for (const other of [row[c + 1], below[c], below[c - 1]]) {
        if (!other) continue;
        pairs.add(row[c]! + other);
        pairs.add(other + row[c]!);
      }
    }
  }
  return pairs;
});
/** Pairs of keys that touch on one of the layouts. */
const NEIGHBOURS: ReadonlySet<string> = new Set(NEIGHBOURS_BY_LAYOUT.flatMap((pairs) => [...pairs]));

const VOWELS = new Set([...'aeiouyаеёиоуыэюяաեէըիոօ']);

/** Costs of one slip. */
export const SLIP = { dropOrDouble: 0.5, drop: 0.6, swap: 0.5, neighbour: 0.5, vowel: 0.7, other: 1 } as const;

/**
 * Pairs of sound-skeleton letters (`foldName`) whose keys touch on the layout of a script: a key slipped in a name
 * typed in Cyrillic (Анм for Ани) shows in its skeleton as m for i, which is a neighbouring key on ЙЦУКЕН though not
 * on QWERTY. Comparing the skeletons of two names typed in different scripts, a substitution costs a neighbouring
 * key's half edit only when the two letters' keys touch on the layout of one of the two scripts.
 */
export function soundNeighbours(scripts: readonly ('latin' | 'ru' | 'hy')[]): ReadonlySet<string> {
  const pairs = new Set<string>();
  for (const script of scripts) {
    for (const pair of NEIGHBOURS_BY_LAYOUT[script === 'latin' ? 0 : script === 'ru' ? 1 : 2]!) {
      const [x, y] = [...pair].map(soundLetter);
      if (x && y && x !== y) pairs.add(x + y);
    }
  }
  return pairs;
}

/** The one letter a key gives in a sound skeleton (h, х, խ, հ give x inside a word); '' when not one letter. */
function soundLetter(key: string): string {
  const folded = foldName(key);
  if (folded.length === 1) return folded;
  return folded === '' && 'hхխհ'.includes(key) ? 'x' : '';
}

function substitution(x: string, y: string, keyboard: boolean | ReadonlySet<string>): number {
  if (x === y) return 0;
  if (keyboard === false) return SLIP.other;
  if (keyboard !== true) return keyboard.has(x + y) ? SLIP.neighbour : SLIP.other;
  if (NEIGHBOURS.has(x + y)) return SLIP.neighbour;
  if (VOWELS.has(x) && VOWELS.has(y)) return SLIP.vowel;
  return SLIP.other;
}

/**
 * The cost of typing `b` when `a` was meant (symmetric): optimal string alignment distance with the slip costs
 * above. Inputs are compared as given (lower-case them first). Stops early, returning Infinity, once the cost
 * must exceed `limit`. With `keyboard` false (sound skeletons, whose letters are not the keys that were pressed),
 * every other letter costs a whole edit.
 */
export function slipDistance(a: string, b: string, limit = 2, keyboard: boolean | ReadonlySet<string> = true): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) * SLIP.dropOrDouble > limit) return Infinity;
  if (n >= MAX || m >= MAX) return Infinity;
  // Rows of the dynamic programme, reused: two back (for transpositions), one back, current.
  let back2 = ROW_A;
  let back1 = ROW_B;
  let row = ROW_C;
  back1[0] = 0;
  for (let j = 1; j <= m; j++) back1[j] = back1[j - 1]! + indel(b, j - 1);
  for (let i = 1; i <= n; i++) {
    const x = a.charCodeAt(i - 1);
    row[0] = back1[0]! + indel(a, i - 1);
    let best = row[0];
    for (let j = 1; j <= m; j++) {
      const y = b.charCodeAt(j - 1);
      let cost = Math.min(
        back1[j]! + indel(a, i - 1),
        row[j - 1]! + indel(b, j - 1),
        back1[j - 1]! + (x === y ? 0 : substitution(a[i - 1]!, b[j - 1]!, keyboard)),
      );
      if (i > 1 && j > 1 && x === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === y && x !== y) cost = Math.min(cost, back2[j - 2]! + SLIP.swap);
      row[j] = cost;
      if (cost < best) best = cost;
    }
    if (best > limit) return Infinity;
    [back2, back1, row] = [back1, row, back2];
  }
  const d = back1[m]!;
  return d > limit ? Infinity : d;
}

/** Names longer than this are not compared letter by letter. */
const MAX = 64;
const ROW_A = new Float64Array(MAX + 1);
const ROW_B = new Float64Array(MAX + 1);
const ROW_C = new Float64Array(MAX + 1);

/** A letter dropped or typed twice: cheaper where it repeats a neighbour (a doubled letter). */
function indel(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c === s.charCodeAt(i - 1) || c === s.charCodeAt(i + 1) ? SLIP.dropOrDouble : SLIP.drop;
}
