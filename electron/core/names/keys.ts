/**
 * Cross-script name keys, similarity, and phone / document-number normalisation used by
 * search-as-you-type and duplicate detection.
 *
 * `foldName` turns one name token in Armenian, Cyrillic or Latin script into a phonetic
 * skeleton so that spelling variants of the same name share a key:
 *   Հովհաննիսյան / Оганесян / Hovhannisyan / Ovanesyan        → "ovansian"
 *   Սարգսյան / Саркисян / Sargsyan / Sarkissian                → "sarksian"
 *   Խաչատրյան / Хачатрян / Khachatryan / Xachatryan / Hachatryan → "aqatrian"
 *
 * Keys are lowercase ASCII and opaque (compare them, do not display them). Digraph classes
 * are written with letters that are otherwise folded away:
 *   c = ts (ц ց ծ, Latin c/tz)   q = ch (ч չ ճ)   w = sh (ш շ щ)   y = zh (ж ժ)   x = kh/h kept after a consonant
 *
 * Deliberate non-folds: -ov/-ova and other sex-marked endings stay distinct (sex is compared
 * elsewhere); b/p and d/t (Western Armenian voicing) and intervocalic Russian г for հ
 * (Ваган/Vahan) are not folded because they would merge too many distinct names.
 * Known, accepted merges: Hana = Ana = Anna (initial h is silent, double letters collapse).
 */
import { transliterate } from './translit.js';
import type { CountryCode } from 'libphonenumber-js';
import { CENTRE_COUNTRY, readPhone } from '../../rules/phone.js';

/** Ordered fold rules applied to the lowercase ASCII transliteration. Order matters. */
const FOLD_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // Germanic/Slavic Latin spelling -jan is the Armenian -yan suffix (Sarkisjan = Sarkisyan).
  [/([a-z]{2})jan$/, '$1yan'],
  // Russian щ (ICAO shch) occurs in names only as a variant of ш.
  [/shch/g, 'sh'],
  // Russian дж (ICAO dzh) and French dj both spell Armenian ջ, romanised j.
  [/dzh|dj/g, 'j'],
  // French/English tch spells ch; Armenian տչ (Mkrtchyan) folds the same way in every script.
  [/tch/g, 'ch'],
  // French ou is u (Western Armenian spellings such as Kouyoumdjian).
  [/ou/g, 'u'],
  // Armenian ե is "ye" at word start/after vowels where Russian writes е = e (Yerevan/Ереван).
  [/ye/g, 'e'],
  // յ (y), ы (y), й/я/ю (i, ia, iu) and Latin y are the same front glide/vowel.
  [/y/g, 'i'],
  // Latin w (German/Polish spellings) is the в/վ sound.
  [/w/g, 'v'],
  // Latin ck and informal q (for ք) are k.
  [/ck|q/g, 'k'],
  // kh (խ, х) becomes class x; done before sh/ch/zh so that s+kh (Ashkhen) is not read as sh.
  [/kh/g, 'x'],
  // sh (ш, շ) gets its own class letter so that the h rules below cannot break it.
  [/sh/g, 'w'],
  // zh (ж, ժ) gets its own class letter for the same reason.
  [/zh/g, 'y'],
  // ch (ч, չ, ճ) gets its own class letter for the same reason.
  [/ch/g, 'q'],
  // ts (ц, ց, ծ), German tz and Latin c (Polish/Czech) are one affricate.
  [/ts|tz/g, 'c'],
  // dz (ձ) is often written z (Russian дз/з).
  [/dz/g, 'z'],
  // ղ (gh) is written г (g) in Russian.
  [/gh/g, 'g'],
  // th (informal for թ) is t; ph is f (Sophia/София).
  [/th/g, 't'],
  [/ph/g, 'f'],
  // Any remaining h (հ) joins class x: Russian renders հ as х, г or nothing.
  [/h/g, 'x'],
  // Initial h/kh is dropped (Hasmik/Асмик, Hachatryan/Khachatryan/Хачатрян).
  [/^x+/, ''],
  // h after a vowel or v is silent in Russian forms (Gohar/Гоар, Hovhannes/Ованес).
  [/([aeiouv])x+/g, '$1'],
  // Initial Russian Ог- renders Armenian Հովհ- (Оганес = Hovhannes = Ovanes).
  [/^og(?=[aeiou])/, 'ov'],
  // Armenian initial ո is romanised vo where Russian/informal Latin write o (Voskan/Oskan).
  [/^vo/, 'o'],
  // g and k are one class: Armenian գ/կ/ք versus Russian г/к (Sargsyan/Саркисян, Grigoryan/Krikorian).
  [/g/g, 'k'],
  // -isyan/-esyan/-syan: the Armenian genitive -is- is written -es- in Russian (Оганесян) and the
  // unwritten schwa of Sargsyan is written и in Russian (Саркисян).
  [/[ei]s+ian$/, 'sian'],
  // Doubled letters are collapsed (Hovhannisyan/Оганесян, Sarkissian, Anna/Ana).
  [/([a-z])\1+/g, '$1'],
];

/** Latin letters that NFD does not decompose. */
const SPECIAL_LATIN: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
};
const SPECIAL_LATIN_RE = /[ßæœøłđðþıħ]/g;
/**
 * ISO 9985 romanises Armenian with marks that stripping them would misread: š ž č are sh zh ch (č̣ for ճ too),
 * ł is ղ (gh), ǰ is ջ (j) and ç is ծ (ts). Read before the marks are stripped.
 */
const ISO_9985: Readonly<Record<string, string>> = { š: 'sh', ž: 'zh', č: 'ch', ł: 'gh', ǰ: 'j', ç: 'ts' };
const ISO_9985_RE = /[šžčłǰç]/g;
const COMBINING_MARKS_RE = /\p{M}+/gu;
const NON_ASCII_LETTERS_RE = /[^a-z]+/g;
const ASCII_LOWER_RE = /^[a-z]*$/;

/** Bounded memo: name tokens repeat heavily across 120,000 persons. */
const CACHE_LIMIT = 50_000;
const foldCache = new Map<string, string>();

/**
 * Phonetic skeleton of ONE name token (any script). Non-letters are removed, so a hyphenated
 * name folds to one key; use `nameKeys` to fold a full name token by token.
 */
export function foldName(text: string): string {
  const cached = foldCache.get(text);
  if (cached !== undefined) return cached;

  let s = transliterate(text).toLowerCase();
  if (!ASCII_LOWER_RE.test(s)) {
    s = s
      .replace(ISO_9985_RE, (c) => ISO_9985[c] ?? c)
      .normalize('NFD')
      .replace(COMBINING_MARKS_RE, '')
      .replace(SPECIAL_LATIN_RE, (c) => SPECIAL_LATIN[c] ?? '')
      .replace(NON_ASCII_LETTERS_RE, '');
  }
  for (const [re, replacement] of FOLD_RULES) s = s.replace(re, replacement);

  if (foldCache.size >= CACHE_LIMIT) foldCache.clear();
  foldCache.set(text, s);
  return s;
}

const TOKEN_SPLIT_RE = /[\s\u002d\u2010-\u2015\u2212]+/u;

/** Folded keys of every name token in `fullText` (split on whitespace and hyphens), deduplicated. */
export function nameKeys(fullText: string): string[] {
  const keys: string[] = [];
  for (const token of fullText.split(TOKEN_SPLIT_RE)) {
    const key = token === '' ? '' : foldName(token);
    if (key !== '' && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

/** Jaro-Winkler similarity (prefix scale 0.1, prefix up to 4). */
function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const matchedA = new Uint8Array(la);
  const matchedB = new Uint8Array(lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const end = Math.min(i + window + 1, lb);
    for (let j = Math.max(0, i - window); j < end; j++) {
      if (matchedB[j] === 0 && a.charCodeAt(i) === b.charCodeAt(j)) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let halfTranspositions = 0;
  for (let i = 0, j = 0; i < la; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[j] === 0) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) halfTranspositions++;
    j++;
  }
  const m = matches;
  const jaro = (m / la + m / lb + (m - halfTranspositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** The folded Armenian surname suffix; shared by most surnames, so it carries no evidence. */
const SHARED_SUFFIX = 'ian';

/**
 * Similarity in [0, 1] of two single name tokens in any script: Jaro-Winkler on the folded keys
 * (1 when the keys are equal; 0 when either key is empty). When both keys end in the ubiquitous
 * -ian (-yan) suffix it is ignored, so Sargsyan vs Petrosyan is judged on "sarks" vs "petros".
 */
export function nameSimilarity(a: string, b: string): number {
  return keySimilarity(foldName(a), foldName(b));
}

/** `nameSimilarity` of two keys already folded (hot loops fold each name once). */
export function keySimilarity(ka: string, kb: string): number {
  if (ka === '' || kb === '') return 0;
  if (ka === kb) return 1;
  const n = SHARED_SUFFIX.length;
  if (ka.endsWith(SHARED_SUFFIX) && kb.endsWith(SHARED_SUFFIX) && ka.length > n + 1 && kb.length > n + 1) {
    ka = ka.slice(0, -n);
    kb = kb.slice(0, -n);
  }
  return jaroWinkler(ka, kb);
}

/**
 * The E.164 form of a phone ("+37491123456"), read by libphonenumber-js with the centre's country as the default
 * region (rules/phone.ts); null when no number can have this shape.
 */
export function normalisePhone(raw: string, region: CountryCode = CENTRE_COUNTRY): string | null {
  return readPhone(raw, region).e164;
}

/** Cyrillic capitals that look like Latin ones, as mis-typed from Cyrillic keyboards. */
const CYRILLIC_LOOKALIKES: Readonly<Record<string, string>> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  У: 'Y',
  І: 'I',
  Ј: 'J',
  Ѕ: 'S',
};
const CYRILLIC_LOOKALIKES_RE = /[АВЕКМНОРСТХУІЈЅ]/g;
const SPACES_DASHES_RE = /[\s\u002d\u2010-\u2015\u2212]+/gu;

/** Passport/ID number for comparison: uppercase, no spaces or dashes, Cyrillic look-alikes → Latin. */
export function normaliseDocumentNumber(raw: string): string {
  return raw
    .toUpperCase()
    .replace(SPACES_DASHES_RE, '')
    .replace(CYRILLIC_LOOKALIKES_RE, (c) => CYRILLIC_LOOKALIKES[c] ?? c);
}
