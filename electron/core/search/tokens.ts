import { KEY_PREFIX } from '../households/index-person.js';
import { foldName } from '../names/keys.js';
import { transliterate } from '../names/translit.js';

/**
 * A typed word as the search looks it up: its folded key and the key prefixes it may be the start of.
 *
 * Folding looks ahead (t+ch is one sound, -isyan ends as -sian), so the fold of a word still being typed is not
 * always a prefix of the fold of the whole word: "Mkrt" folds to mkrt but Mkrtchyan to mkrqian, "Hovhannis" to
 * ovanis but Hovhannisyan to ovansian. Each word therefore also looks up the fold without its last letter when that
 * letter may open a digraph, and the -is-/-es- of a surname suffix folded as the whole name has it; and a name
 * with b or p also with the other letter.
 */
export interface NameToken {
  /** 'n:' + the folded word. */
  key: string;
  /** 'n:'-prefixed key prefixes to look up, the word's own key first; at most five. */
  prefixes: string[];
  /** How much a key reached through each prefix counts (1 for what was typed, less for a guess). */
  weights: number[];
}

const WORD_SPLIT_RE = /[\s\u002d\u2010-\u2015\u2212]+/u;
/** Latin letters that may open a digraph folded as one sound (tch, kh, sh, zh, ts, dz, dj, gh, ph, ck, ye, ou). */
const DIGRAPH_OPENERS = new Set(['t', 'k', 's', 'z', 'd', 'c', 'g', 'p', 'y', 'o']);
const TRIGRAPH_OPENERS = ['tc', 'dz'];
const SUFFIX_RE = /^(.+?)[ei]s+(i|ia)?$/;
/** What a key reached only by a guess about the rest of the word counts, against one reached as typed. */
const GUESS = 0.8;
/** A spelling folding keeps apart on purpose (it would merge too many names), found but ranked below. */
const VARIANT = 0.9;
const MAX_PREFIXES = 5;

const collapse = (key: string): string => key.replace(/([a-z])\1+/g, '$1');

function relaxed(fold: string): string | undefined {
  const m = SUFFIX_RE.exec(fold);
  return m ? collapse(`${m[1]}s${m[2] ?? ''}`) : undefined;
}

export function nameToken(word: string): NameToken | undefined {
  const own = foldName(word);
  if (!own) return undefined;
  // The word's own fold and its suffix reading are what was typed; the others only may be.
  const folds: [string | undefined, number][] = [
    [own, 1],
    [relaxed(own), 1],
  ];
  // b and p written either way: Russian Акопян for Hakobyan, Western Armenian Hagop for Hakob.
  if (/[bp]/.test(own)) folds.push([own.replace(/[bp]/g, (c) => (c === 'b' ? 'p' : 'b')), VARIANT]);
  // A final e/i may open the -is-/-es- that the whole surname loses (Огане… is Оганесян, ovansian).
  if (/[ei]$/.test(own) && own.length > 3) folds.push([own.slice(0, -1), GUESS]);
  const latin = transliterate(word).toLowerCase();
  if (DIGRAPH_OPENERS.has(latin.at(-1) ?? '') && word.length > 1) {
    const shorter = foldName(word.slice(0, -1));
    folds.push([shorter, GUESS], [relaxed(shorter), GUESS]);
    // A trailing y may be the start of ye (Yeghiazaryan folds to e…).
    if (latin.endsWith('y')) folds.push([foldName(`${word}e`), GUESS]);
  }
  // The first two letters of tch and dzh.
  if (TRIGRAPH_OPENERS.some((t) => latin.endsWith(t)) && word.length > 2) folds.push([foldName(word.slice(0, -2)), GUESS]);
  const prefixes: string[] = [];
  const weights: number[] = [];
  for (const [f, weight] of folds) {
    if (!f || prefixes.includes(KEY_PREFIX.name + f) || prefixes.length === MAX_PREFIXES) continue;
    prefixes.push(KEY_PREFIX.name + f);
    weights.push(weight);
  }
  return { key: KEY_PREFIX.name + own, prefixes, weights };
}

/** The name words of a query; numbers and words that fold to nothing are left to the other lookups. */
export function nameTokens(text: string): NameToken[] {
  const tokens: NameToken[] = [];
  for (const word of text.split(WORD_SPLIT_RE)) {
    if (!/\p{L}/u.test(word)) continue;
    const token = nameToken(word);
    if (token && !tokens.some((t) => t.key === token.key)) tokens.push(token);
  }
  return tokens;
}
