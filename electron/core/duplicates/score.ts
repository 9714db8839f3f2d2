import type { DuplicateReason, DuplicateReasonCode } from '../../api/views-duplicates.js';
import type { Birth } from '../../api/schemas/household.js';
import { foldName, keySimilarity } from '../names/keys.js';
import { transliterate } from '../names/translit.js';
import { slipDistance, soundNeighbours } from './keyboard.js';

/**
 * Are two person records one person? A sum of evidence weights (log-odds, in the manner of Fellegi and Sunter)
 * turned into a score in [0, 1]. Names are compared on their folded keys in any script; the date of birth by what
 * each record knows (an exact date, a year, or an age estimated on the day it was taken); documents and phones by
 * their normalised numbers. Agreeing on a common name counts for less than agreeing on a rare one.
 *
 * What it must not call one person: siblings (the family name and the father's name agree, the given name and the
 * birth do not) and namesakes of another generation (the same names, ages more than ~15 years apart: Armenian
 * families often name a grandson after his grandfather).
 */

export interface DuplicateSubject {
  givenName: string;
  familyName: string;
  patronymic: string;
  givenNameLatin?: string;
  familyNameLatin?: string;
  patronymicLatin?: string;
  /** Unknown while a clerk is still typing. */
  sex?: 'F' | 'M';
  birth?: Birth;
  /** The day the record was taken (YYYY-MM-DD): an estimated age counts back from it. */
  recordedOn: string;
  /** Normalised document numbers (normaliseDocumentNumber). */
  documents: readonly string[];
  /** Normalised phones (E.164). */
  phones: readonly string[];
}

export interface DuplicateScore {
  score: number;
  reasons: DuplicateReason[];
}

/*
 * Thresholds, set from the training half of the generated labelled set (tests/fixtures/duplicates-generator.ts;
 * `npx tsx scripts/eval-duplicates.ts --sweep`), never from its test half. Training half, 15,523 pairs of which
 * 2,376 are one person twice (issue 14, third pass: after the generator stopped giving two living brothers or
 * sisters one name and listing cousins twice; Latin x and sch read as кс and щ; a date digit a slip only on a
 * neighbouring key; a told year one year out counted as two or three; adolescents' ages guessed as adults'):
 *   threshold 0.250  precision 0.9782  recall 0.9811  (highest F1, 0.9796)
 *   threshold 0.275  precision 0.9790  recall 0.9790  (the lesser of the two highest)
 *   threshold 0.325  precision 0.9793  recall 0.9777
 *   threshold 0.350  precision 0.9801  recall 0.9764   <- LIKELY_DUPLICATE (47 flagged wrongly, 56 missed)
 *   threshold 0.375  precision 0.9805  recall 0.9760
 *   threshold 0.400  precision 0.9810  recall 0.9756  (the threshold before this pass; 0.9702 and 0.9822 before it)
 *   threshold 0.500  precision 0.9833  recall 0.9684
 *   threshold 0.900  precision 0.9994  recall 0.6848
 *   threshold 0.925  precision 1.0000  recall 0.6431   <- NEAR_CERTAIN_DUPLICATE
 *   threshold 0.950  precision 1.0000  recall 0.5766
 * The rule for LIKELY_DUPLICATE: of the sweep's thresholds (steps of 0.025) above 0.332, the one at which the lesser
 * of training precision and recall is highest, as the goal asks 0.97 of each. At 0.332 and below, a pair whose exact
 * dates of birth are one or two years apart could be flagged when all else agrees (logistic(bestWithoutBirth(true) -
 * 3.5)), so blocking would have to read and score every namesake born within the two years it looks at
 * (exactBirthsMayMatch), where the check's, the review's and the hub's speed were measured with them left out;
 * below it the curve is nearly flat anyway (F1 0.9783 at 0.35, 0.9796 at best). Most pairs flagged wrongly are
 * namesakes in another family: the same names, an age guessed on one side and no father's name, phone or document
 * in common. Such pairs are one person about seven times in eight on the training half and nothing in the records
 * tells which, so a person must look at them. NEAR_CERTAIN_DUPLICATE: the lowest threshold at which no pair
 * flagged on the training half is two people. Tried on the training half in earlier passes and not kept, as each
 * moved along the same curve: a name's commonness in natural logs, commonness taken off names one slip apart,
 * weights for a guessed age that depend on its span, less for two guesses agreeing.
 */

/** At or above: shown to the clerk, put in the supervisor's queue and in the hub's queue across centres. */
export const LIKELY_DUPLICATE = 0.35;

/**
 * At or above: saving asks the clerk to decide (same person, not the same, not sure) in a dialog that takes focus.
 * Nearly two in three true pairs reach it on the training half, and no flagged pair there is two people.
 */
export const NEAR_CERTAIN_DUPLICATE = 0.925;

/** Years apart beyond which two people with the same names are of different generations. */
export const GENERATION_GAP = 15;

const PRIOR = -4;

/** Every reason, in the order a clerk reads them (evidence for first), with the side it is on. */
const REASONS: readonly DuplicateReason[] = (
  [
    ['same_document', 'for'],
    ['same_name', 'for'],
    ['name_variant', 'for'],
    ['other_script', 'for'],
    ['names_swapped', 'for'],
    ['same_patronymic', 'for'],
    ['same_birth_date', 'for'],
    ['birth_day_month_swapped', 'for'],
    ['birth_date_typo', 'for'],
    ['same_birth_year', 'for'],
    ['close_age', 'for'],
    ['same_phone', 'for'],
    ['different_given_name', 'against'],
    ['different_family_name', 'against'],
    ['different_patronymic', 'against'],
    ['different_sex', 'against'],
    ['different_birth_date', 'against'],
    ['different_age', 'against'],
    ['other_generation', 'against'],
    ['different_document', 'against'],
  ] as const
).map(([code, effect]) => ({ code, effect }));
const BIT = new Map<DuplicateReasonCode, number>(REASONS.map((r, i) => [r.code, 1 << i]));
const bit = (code: DuplicateReasonCode): number => BIT.get(code) ?? 0;

export function reasonsOf(mask: number): DuplicateReason[] {
  return REASONS.filter((_, i) => (mask & (1 << i)) !== 0);
}

/** The mask of these reasons (the scorer's own bits, which may change with it: a stored mask keeps its own). */
export const maskOf = (codes: readonly DuplicateReasonCode[]): number => codes.reduce((mask, code) => mask | bit(code), 0);

export interface BirthFacts {
  year: number;
  month?: number;
  day?: number;
  precision: 'exact' | 'year' | 'estimated';
  /** Years of age when the record was taken. */
  age: number;
  /** The birth as a fractional year: the day itself, the middle of the year, or the middle of the year an age allows. */
  at: number;
}

/** A date as a fractional year, from its parts. */
const fractionOf = (year: number, month: number, day: number): number => year + (month - 1) / 12 + (day - 1) / 365;

/** A date (YYYY-MM-DD) as the number stored for it (yyyymmdd). */
export const dateNumber = (date: string): number => Number(date.slice(0, 4)) * 10_000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10));

export function birthFacts(birth: Birth, recordedOn: string): BirthFacts {
  const value = birth.kind === 'exact' ? dateNumber(birth.date) : birth.kind === 'year' ? birth.year : birth.years;
  return birthFactsOf(birth.kind, value, dateNumber(recordedOn));
}

/**
 * `birthFacts` from numbers, as the hub's copy of its persons stores them (migration 026): the kind, the value (a date
 * as yyyymmdd, a year, or an age in years) and the day recorded (yyyymmdd).
 */
export function birthFactsOf(kind: Birth['kind'], value: number, recordedOn: number): BirthFacts {
  const on = Math.floor(recordedOn / 10_000);
  switch (kind) {
    case 'exact': {
      const year = Math.floor(value / 10_000);
      const month = Math.floor(value / 100) % 100;
      const day = value % 100;
      return { year, month, day, precision: 'exact', age: on - year, at: fractionOf(year, month, day) };
    }
    case 'year':
      return { year: value, precision: 'year', age: on - value, at: value + 0.5 };
    case 'age':
      // Someone who says 11 on a day was born in the year before that day, 11 to 12 years back.
      return { year: on - value, precision: 'estimated', age: value, at: fractionOf(on, Math.floor(recordedOn / 100) % 100, recordedOn % 100) - value - 0.5 };
  }
}

const digitsOf = (f: BirthFacts) => `${f.year}${String(f.month).padStart(2, '0')}${String(f.day).padStart(2, '0')}`;

/**
 * Digits whose keys touch: along the number row (1 to 9, then 0) and on the numeric keypad (7 8 9 / 4 5 6 / 1 2 3 /
 * 0 under 1 and 2). A digit typed for one far from it on both (1983 for 1989) is another number, not a slip.
 */
const DIGIT_NEIGHBOURS = new Set(
  ['12', '23', '34', '45', '56', '67', '78', '89', '90', '14', '47', '25', '58', '36', '69', '01', '02'].flatMap((p) => [p, p[1]! + p[0]!]),
);

/** Two exact dates one typing slip apart: one digit of the day, month or year struck on a neighbouring key, or two neighbouring digits swapped. */
function oneSlipApart(a: BirthFacts, b: BirthFacts): boolean {
  const x = digitsOf(a);
  const y = digitsOf(b);
  let first = -1;
  let differ = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === y[i]) continue;
    if (first < 0) first = i;
    differ++;
  }
  if (differ === 1) return DIGIT_NEIGHBOURS.has(x[first]! + y[first]!);
  return differ === 2 && x[first] === y[first + 1] && x[first + 1] === y[first];
}

/**
 * How many years a birth may be out: a guessed age by the person's age, a year by half of one. A guess is out by as
 * much as the age the person is, not the age guessed: when the other record knows the birth (a date or a year), its
 * age sets how far the guess may be out (a 15-year-old guessed at 12, a man of 51 guessed at 47). A child's age is
 * guessed to within a year or two until about twelve; from puberty, which comes years earlier to one child than to
 * another, a 13-year-old may look 10 or 16, and the guess is as loose as for an adult.
 */
function guessError(f: BirthFacts, other: BirthFacts): number {
  if (f.precision === 'exact') return 0;
  if (f.precision === 'year') return 0.5;
  const age = other.precision === 'estimated' ? f.age : other.age;
  return age < 12 ? 2 : age < 50 ? 3.5 : 4.5;
}

/** The evidence of two births: a weight and what to tell the clerk. */
function compareBirth(a: BirthFacts, b: BirthFacts): [number, DuplicateReasonCode] {
  const years = Math.abs(a.year - b.year);
  if (years > GENERATION_GAP) return [-9, 'other_generation'];
  if (a.precision === 'exact' && b.precision === 'exact') {
    if (years === 0 && a.month === b.month && a.day === b.day) return [3, 'same_birth_date'];
    if (years === 0 && a.month === b.day && a.day === b.month) return [2, 'birth_day_month_swapped'];
    if (oneSlipApart(a, b)) return [1, 'birth_date_typo'];
    if (years === 0) return [-2.5, 'different_birth_date'];
    return [years <= 2 ? -3.5 : -5, 'different_birth_date'];
  }
  if (a.precision !== 'estimated' && b.precision !== 'estimated') {
    // A year against a year or an exact date.
    if (years === 0) return [1.5, 'same_birth_year'];
    // A year told is the year on the person's papers, right to within the year (guessError gives it half a year):
    // one year out is outside that as much as two or three years are, and is what a namesake, a spouse or a sibling
    // of about the same age shows (on the training half, pairs with a year told one year out: 1 one person, 19
    // namesakes in other families; the same year: 398 and 4). It counts against as two or three years do.
    return [years <= 3 ? -2 : -5, 'different_age'];
  }
  // An age guessed at a desk is out by a year for a child, by a few for an adult, by more for the old; two
  // guesses can be out in opposite directions.
  const tolerance = guessError(a, b) + guessError(b, a);
  const apart = Math.abs(a.at - b.at);
  if (apart <= tolerance / 3) return [1, 'close_age'];
  if (apart <= tolerance) return [0.3, 'close_age'];
  if (apart <= tolerance + 1) return [-1.5, 'different_age'];
  return [apart <= 10 ? -3 : -5, 'different_age'];
}

/**
 * The most that names, father's name and sex can add to the prior (givenWeight 3, familyWeight 2.5, patronymic 1,
 * sex 0.3): a pair whose births weigh less than the likely threshold minus this, and who share no document or phone,
 * cannot be flagged whatever their names. A father's name counts only when both records have one (`fathers`): a
 * person registered without one gains nothing from it.
 */
const bestWithoutBirth = (fathers: boolean): number => PRIOR + 3 + 2.5 + (fathers ? 1 : 0) + 0.3;
/** `LIKELY_DUPLICATE` as a sum of weights (its log-odds). */
const LIKELY_WEIGHT = Math.log(LIKELY_DUPLICATE / (1 - LIKELY_DUPLICATE));

/**
 * Whether two exact dates of birth leave a pair able to reach `LIKELY_DUPLICATE` without a shared document or
 * phone: the same date, day and month swapped, a typing slip, or (when a father's name may count, `fathers`) the same
 * year. Blocking reads only those (`exactDatesToRead`); candidates sharing a document or phone are looked up by it.
 */
export function exactBirthsMayMatch(a: string, b: string, fathers = true): boolean {
  const [weight] = compareBirth(birthFacts({ kind: 'exact', date: a }, a), birthFacts({ kind: 'exact', date: b }, b));
  return bestWithoutBirth(fathers) + weight >= LIKELY_WEIGHT;
}

/**
 * For a person whose birth is known only as a year or an age: which held exact dates of birth (yyyymmdd numbers)
 * leave the pair able to reach `LIKELY_DUPLICATE` without a shared document or phone, as `exactBirthsMayMatch`
 * tells for two dates. How far a guessed age may be out depends on the held person's age when registered
 * (guessError), at most their age on `latest` (the last day anyone in the file arrived): taken at that, the answer
 * errs towards reading. Without a father's name, an adult guessed at 30 is read only against births some four and a
 * half years either side, where a check looks five years either side of a guess.
 */
export function guessMayMatch(birth: Birth, recordedOn: string, fathers: boolean, latest: string): (born: number) => boolean {
  const facts = birthFacts(birth, recordedOn);
  const threshold = LIKELY_WEIGHT - bestWithoutBirth(fathers);
  const known = new Map<number, boolean>();
  return (born) => {
    let may = known.get(born);
    if (may === undefined) {
      const digits = String(born);
      const held = birthFacts({ kind: 'exact', date: `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}` }, latest);
      may = compareBirth(facts, held)[0] >= threshold;
      known.set(born, may);
    }
    return may;
  };
}

/** Dates one typing slip away from this one (yyyymmdd numbers), in its year or another. */
function slipsOf(date: string): number[] {
  const x = date.replaceAll('-', '');
  const out = new Set<number>();
  for (let i = 0; i < x.length; i++) {
    for (let d = 0; d <= 9; d++) if (DIGIT_NEIGHBOURS.has(x[i]! + String(d))) out.add(Number(x.slice(0, i) + String(d) + x.slice(i + 1)));
    if (i + 1 < x.length && x[i] !== x[i + 1]) out.add(Number(x.slice(0, i) + x[i + 1]! + x[i]! + x.slice(i + 2)));
  }
  return [...out];
}

/**
 * The exact dates of birth a check reads for a person born on `date`, as `exactBirthsMayMatch` allows them with
 * `fathers` (whether the person has a father's name): every date of the same year (`sameYear`) and `dates` (yyyymmdd
 * numbers). Without a father's name, only the date, day and month swapped, or a slip: at a million persons that
 * leaves out a fifth of the namesakes a hub's check read, those born the same year on another day.
 */
export function exactDatesToRead(date: string, fathers: boolean): { sameYear: boolean; dates: number[] } {
  // With one, every date of the year is read, and the slips into another year (which a check reads within its window).
  if (fathers) return { sameYear: true, dates: slipsOf(date).filter((other) => Math.floor(other / 10_000) !== Number(date.slice(0, 4))) };
  const [y, m, d] = date.split('-');
  const dates = new Set([Number(y + m! + d!), ...slipsOf(date)]);
  if (Number(d) <= 12) dates.add(Number(y! + d! + m!));
  return { sameYear: false, dates: [...dates] };
}

const PATRONYMIC_ENDINGS = /(?:ovich|evich|ovna|evna|ichna|inichna|ich|ovitch|ovic|ovitsch)$/;

/** The father's name inside a patronymic in any script: Арамович, Արամի, Aramovich, Arami and Aram all give Aram. */
export function fatherName(patronymic: string): string {
  const latin = transliterate(patronymic.trim())
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  if (PATRONYMIC_ENDINGS.test(latin)) return latin.replace(PATRONYMIC_ENDINGS, '');
  // Armenian genitive -ի (Արամի, Վահեի); a father's name that itself ends in i is rare.
  return latin.length > 3 && latin.endsWith('i') ? latin.slice(0, -1) : latin;
}

/** The name the scorer reads: as typed, or in Latin letters when nothing was typed in the person's own script. */
export const nameOf = (typed: string, latin?: string): string => (typed.trim() ? typed.trim() : (latin ?? '').trim());

/** b/p and d/t written either way (Hakob / Акоп / Hagop, Boghosian / Պողոսյան); dz, dzh, dj are left alone. */
const devoiced = (name: string): string =>
  transliterate(name)
    .toLowerCase()
    .replace(/b/g, 'p')
    .replace(/d(?![zjh])/g, 't');
/** Russian г for Armenian հ after a consonant (Мгер = Mher) and х for ղ inside a word (Астхик = Astghik). */
const cyrillicH = (name: string): string => name.replace(/(?<=[бвгджзйклмнпрстфхцчшщ])г/giu, 'h');
const cyrillicGh = (name: string): string => name.replace(/(?<=\p{L})х/giu, 'gh');
/** Russian г for հ between vowels (Сагакян = Sahakyan, Шаген = Shahen) and at the start (Гамлет = Hamlet, Грант = Hrant). */
const cyrillicVowelH = (name: string): string => name.replace(/(?<=[аеиоуэюя])г(?=[аеиоуэюя])|^г/giu, 'h');
/** ISO 9985 writes ու as ow (Ṙowben): Latin ow is not otherwise met in these names. */
const isoU = (name: string): string => name.replace(/ow/gi, 'u');
/**
 * Latin x is кс in Russian names written the English way (Alexander, Alexey, Xenia), where folding reads it as խ
 * (ISO 9985 and informal Armenian: Xachik); German-style sch is щ (Scherbakov for Щербаков, ICAO Shcherbakov).
 * Looked up by a check, never filed: the keys stored in each file stay as they were (no migration to file everyone
 * again), so a check typed in Latin finds the Cyrillic spelling, as b/p made one is found.
 */
const latinKs = (name: string): string => (/[a-z]/i.test(name) ? name.replace(/x/gi, 'ks') : name);
const latinSch = (name: string): string => (/[a-z]/i.test(name) ? name.replace(/sch/gi, 'sh') : name);

/**
 * Armenian given names and the Russian names a Soviet passport or a Russian-speaking clerk put for them (Sargis is
 * Sergey, Mikayel is Mikhail, Hakob is Yakov, Gevorg is Georgiy, Grigor is Grigoriy, Petros is Pyotr), with the
 * stems a Russian patronymic leaves (Сергеевич: serge, Яковлевич: yakovl). Folding keeps them apart, as they are
 * other names; the scorer takes them as one name.
 */
const NAME_EQUIVALENTS: readonly (readonly string[])[] = [
  ['Sargis', 'Sarkis', 'Sergey', 'Serge', 'Sargs'],
  ['Mikayel', 'Mikael', 'Mikhail', 'Mikhayl'],
  ['Hakob', 'Akop', 'Yakov', 'Yakovl', 'Yak'],
  ['Gevorg', 'Gevork', 'Georgiy', 'Georgi'],
  ['Grigor', 'Grigoriy', 'Grigori'],
  ['Petros', 'Pyotr', 'Petr'],
];
const equivalents = new Map<string, string[]>();
for (const group of NAME_EQUIVALENTS) {
  const keys = [...new Set(group.map((name) => foldName(name)))];
  for (const key of keys)
    equivalents.set(
      key,
      keys.filter((k) => k !== key),
    );
}

/** A name as the scorer compares it: its folded key, and the keys of spellings folding keeps apart on purpose. */
interface PreparedName {
  readonly text: string;
  /** As typed, lower case: slips are measured on the keys of its own layout when both are in one script. */
  readonly typed: string;
  readonly key: string;
  readonly script: 'hy' | 'ru' | 'latin';
  /** The key with b/p and d/t made one. */
  readonly loose: string;
  /** Keys of the Russian renderings of հ and ղ read back, when the name has them. */
  readonly variants: readonly string[];
  /** Keys of Latin x read as кс and sch as щ: compared and looked up, not filed. */
  readonly lookedUp: readonly string[];
}

/**
 * Names repeat heavily (a review compares millions of pairs among a few thousand names), and a name's preparation and
 * its agreement with another depend on the two texts alone: each name is prepared once and each pair of names
 * compared once, while kept (bounded: past this many names, or this many compared with one name, they start afresh).
 */
const NAMES_KEPT = 20_000;
const AGREEMENTS_KEPT = 4_000;
const preparedNames = new Map<string, PreparedName>();
const agreements = new WeakMap<PreparedName, Map<PreparedName, NameAgreement | null>>();

function prepareName(text: string): PreparedName {
  let name = preparedNames.get(text);
  if (!name) {
    if (preparedNames.size >= NAMES_KEPT) preparedNames.clear();
    name = prepareNameOnce(text);
    preparedNames.set(text, name);
  }
  return name;
}

function prepareNameOnce(text: string): PreparedName {
  if (!text) return { text, typed: '', script: 'latin', key: '', loose: '', variants: [], lookedUp: [] };
  const key = foldName(text);
  const variants: string[] = [];
  for (const variant of [cyrillicH(text), cyrillicGh(text), cyrillicVowelH(text), isoU(text)]) {
    const k = variant === text ? key : foldName(variant);
    if (k !== key && !variants.includes(k)) variants.push(k);
  }
  for (const k of equivalents.get(key) ?? []) if (!variants.includes(k)) variants.push(k);
  const lookedUp: string[] = [];
  for (const variant of [latinKs(text), latinSch(text)]) {
    const k = variant === text ? key : foldName(variant);
    if (k !== key && !variants.includes(k) && !lookedUp.includes(k)) lookedUp.push(k);
  }
  return { text, typed: text.toLowerCase(), script: scriptOf(text), key, loose: foldName(devoiced(text)), variants, lookedUp };
}

/**
 * Keys of the spellings of a name folding keeps apart and the scorer takes as the name (Russian г and х read back,
 * Sargis / Sergey), and with `loose` its key with b/p and d/t made one and Latin x and sch read as кс and щ: what
 * duplicate blocking files and, with `loose`, looks up.
 */
export function spellingKeys(text: string, loose = false): string[] {
  if (!text.trim()) return [];
  const n = prepareName(text.trim());
  return [...new Set(loose ? [n.key, n.loose, ...n.variants, ...n.lookedUp] : [n.key, ...n.variants])].filter(Boolean);
}

/** How two names agree: `same` skeleton, a few `slips` apart (cost), or only alike (Jaro-Winkler similarity). */
interface NameAgreement {
  readonly similarity: number;
  /** The cheapest slip distance between the two, as sounds or as keys pressed; Infinity when beyond two edits. */
  readonly slips: number;
}

const SLIP_LIMIT = 1.5;
/** Below this similarity of every spelling compared, the slips are not counted (the training half loses no pair). */
const SLIPS_WORTH_COUNTING = 0.5;

/** For two scripts, the pairs of skeleton letters whose keys touch on the layout of either (keyboard.ts). */
const SOUND_NEIGHBOURS = new Map<string, ReadonlySet<string>>();
for (const x of ['hy', 'ru', 'latin'] as const) for (const y of ['hy', 'ru', 'latin'] as const) SOUND_NEIGHBOURS.set(x + y, soundNeighbours([x, y]));

/**
 * The cost in slips of two names: their sound skeletons, and as typed when both are in one script. Typed in two
 * scripts, a slip can only be seen in the skeletons: there one letter for another costs a neighbouring key's half
 * edit when their keys touch on the layout of either script (Анм against Անի: м is next to и on ЙЦУКЕН).
 */
function slipCost(a: PreparedName, b: PreparedName): number {
  const keys = a.script === b.script ? false : SOUND_NEIGHBOURS.get(a.script + b.script)!;
  const sounds = (x: string, y: string) => slipDistance(x, y, SLIP_LIMIT, keys);
  let best = sounds(a.key, b.key);
  if (best === 0) return 0;
  if (a.loose !== a.key || b.loose !== b.key) best = Math.min(best, sounds(a.loose, b.loose));
  for (const v of a.variants) best = Math.min(best, sounds(v, b.key));
  for (const v of b.variants) best = Math.min(best, sounds(a.key, v));
  for (const v of a.lookedUp) best = Math.min(best, sounds(v, b.key));
  for (const v of b.lookedUp) best = Math.min(best, sounds(a.key, v));
  if (a.script === b.script && best > 0.5) best = Math.min(best, slipDistance(a.typed, b.typed, SLIP_LIMIT));
  // One slip in a name of three sounds changes a third of it.
  return Math.min(a.key.length, b.key.length) < 4 ? best * 1.6 : best;
}

/**
 * Agreement of two names in any script; null when either is missing. Spellings that folding keeps apart on purpose
 * (for search, they would merge too many names) count here: a pair is already held together by its other evidence.
 */
function agreement(a: PreparedName, b: PreparedName): NameAgreement | null {
  if (!a.text || !b.text) return null;
  let known = agreements.get(a);
  if (!known) agreements.set(a, (known = new Map()));
  let found = known.get(b);
  if (found === undefined) {
    if (known.size >= AGREEMENTS_KEPT) known.clear();
    found = agreementOnce(a, b);
    known.set(b, found);
  }
  return found;
}

function agreementOnce(a: PreparedName, b: PreparedName): NameAgreement {
  if (a.key === b.key) return { similarity: 1, slips: 0 };
  let best = keySimilarity(a.key, b.key);
  best = Math.max(best, keySimilarity(a.loose, b.loose));
  for (const v of a.variants) best = Math.max(best, keySimilarity(v, b.key));
  for (const v of b.variants) best = Math.max(best, keySimilarity(a.key, v));
  for (const v of a.lookedUp) best = Math.max(best, keySimilarity(v, b.key));
  for (const v of b.lookedUp) best = Math.max(best, keySimilarity(a.key, v));
  // Names this far apart as sounds are never one or two slips apart: the slip distances are not worked out.
  if (best < SLIPS_WORTH_COUNTING) return { similarity: best, slips: Infinity };
  return { similarity: best, slips: slipCost(a, b) };
}

/** Same or one slip apart: the names are taken as one. */
const agrees = (n: NameAgreement | null): boolean => n !== null && (n.slips <= 0.7 || n.similarity >= 0.92);
const exact = (n: NameAgreement | null): boolean => n !== null && (n.slips === 0 || n.similarity >= 0.97);

/** Evidence of the given names: exact, one slip, two slips, alike, or different. */
function givenWeight(n: NameAgreement): number {
  if (n.slips === 0 || n.similarity >= 0.97) return 3;
  if (n.slips <= 0.5) return 2.2;
  if (n.slips <= 0.7) return 1.8;
  if (n.slips <= 1) return 0.8;
  if (n.slips <= 1.2) return -1;
  if (n.similarity >= 0.92) return 0.5;
  // Twins are often given names that sound alike (Ani and Anahit, Arman and Armen).
  if (n.similarity >= 0.88) return -2.5;
  // Names with little in common: twins and siblings share everything else.
  return n.similarity >= 0.75 ? -3.5 : -5;
}

function familyWeight(n: NameAgreement): number {
  if (n.slips === 0 || n.similarity >= 0.97) return 2.5;
  if (n.slips <= 0.5) return 2;
  if (n.slips <= 0.7) return 1.7;
  if (n.slips <= 1) return 0.9;
  if (n.slips <= 1.2) return -1.5;
  if (n.similarity >= 0.92) return 1.2;
  if (n.similarity >= 0.88) return -1.5;
  return -3;
}

const ARMENIAN_RE = /[\u0531-\u0587]/;
const CYRILLIC_RE = /[\u0400-\u04ff]/;
const scriptOf = (s: string) => (ARMENIAN_RE.test(s) ? 'hy' : CYRILLIC_RE.test(s) ? 'ru' : 'latin');

/** Whether the names were written alike, as a variant in the same script, or in another script. */
function nameReason(a: PreparedSubject, b: PreparedSubject): DuplicateReasonCode {
  if (a.written === b.written) return 'same_name';
  return a.script === b.script ? 'name_variant' : 'other_script';
}

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * How common a folded name key is in the file: the share of persons carrying it (0 to 1). Agreeing on a name one
 * person in fifty carries is weaker evidence than agreeing on a rare one (Fellegi and Sunter's u-probability).
 */
export type NameFrequency = (key: string) => number;

/** Weight taken off an agreement on a name this common: nothing up to 0.2 % of persons, up to 1.5 for the commonest. */
function commonness(frequency: NameFrequency | undefined, name: PreparedName): number {
  if (!frequency || !name.key) return 0;
  const share = frequency(name.key);
  return share <= 0.002 ? 0 : Math.min(1.5, Math.log10(share / 0.002));
}

/** A subject read once, so comparing it with many others does not read it again each time. */
export interface PreparedSubject {
  given: PreparedName;
  family: PreparedName;
  /** Given and family name as typed, lower case, for saying whether the names were written alike. */
  written: string;
  script: 'hy' | 'ru' | 'latin';
  father: PreparedName;
  sex: 'F' | 'M' | undefined;
  birth: BirthFacts | undefined;
  documents: readonly string[];
  phones: readonly string[];
}

/** A patronymic's father's name, prepared: worked out once for each patronymic while kept (as names are). */
const fathersKept = new Map<string, PreparedName>();
function preparedFather(patronymic: string): PreparedName {
  let father = fathersKept.get(patronymic);
  if (!father) {
    if (fathersKept.size >= NAMES_KEPT) fathersKept.clear();
    father = prepareName(fatherName(patronymic));
    fathersKept.set(patronymic, father);
  }
  return father;
}

/** Whether a person's father's name can count in a score (`scorePrepared` weighs it only when both have one). */
export const hasFatherName = (s: DuplicateSubject): boolean => preparedFather(nameOf(s.patronymic, s.patronymicLatin)).text !== '';

export function prepareSubject(s: DuplicateSubject): PreparedSubject {
  const names = prepareNames(nameOf(s.givenName, s.givenNameLatin), nameOf(s.familyName, s.familyNameLatin), nameOf(s.patronymic, s.patronymicLatin));
  return preparedWith(names, s.sex, s.birth ? birthFacts(s.birth, s.recordedOn) : undefined, s.documents, s.phones);
}

/** A person's names as the scorer reads them (`nameOf`: given, family, patronymic), prepared. */
export type PreparedNames = Pick<PreparedSubject, 'given' | 'family' | 'written' | 'script' | 'father'>;

export function prepareNames(given: string, family: string, patronymic: string): PreparedNames {
  const written = `${given} ${family}`.trim().toLowerCase();
  return { given: prepareName(given), family: prepareName(family), written, script: scriptOf(written), father: preparedFather(patronymic) };
}

/**
 * A prepared subject, always of one shape (every property present, in one order): the scorer compares hundreds of
 * thousands of them in a hub's check, and reads their properties fastest when they share it.
 */
export function preparedWith(
  names: PreparedNames,
  sex: 'F' | 'M' | undefined,
  birth: BirthFacts | undefined,
  documents: readonly string[],
  phones: readonly string[],
): PreparedSubject {
  return { given: names.given, family: names.family, written: names.written, script: names.script, father: names.father, sex, birth, documents, phones };
}

export function scoreDuplicate(a: DuplicateSubject, b: DuplicateSubject, frequency?: NameFrequency): DuplicateScore {
  const { score, mask } = scorePrepared(prepareSubject(a), prepareSubject(b), frequency);
  return { score, reasons: reasonsOf(mask) };
}

/** How well the names agree, summed, for choosing between the fields as typed and swapped. */
const total = (g: NameAgreement | null, f: NameAgreement | null) => (g ? g.similarity - g.slips / 4 : 0) + (f ? f.similarity - f.slips / 4 : 0);

/** The score and its reasons as a bit mask (`reasonsOf` reads it): a review compares millions of pairs. */
export function scorePrepared(a: PreparedSubject, b: PreparedSubject, frequency?: NameFrequency): { score: number; mask: number } {
  let mask = 0;
  let weight = PRIOR;

  // Names, also with given and family name swapped (a field typed into the other).
  let gs = agreement(a.given, b.given);
  let fs = agreement(a.family, b.family);
  let swapped = false;
  if (!agrees(gs) || !agrees(fs)) {
    const sg = agreement(a.given, b.family);
    const sf = agreement(a.family, b.given);
    if (total(sg, sf) > total(gs, fs) + 0.3 && agrees(sg) && agrees(sf)) {
      [gs, fs, swapped] = [sg, sf, true];
      mask |= bit('names_swapped');
    }
  }
  if (gs !== null) {
    weight += givenWeight(gs) - (exact(gs) ? commonness(frequency, swapped ? b.family : b.given) : 0);
    if (!agrees(gs)) mask |= bit('different_given_name');
  }
  if (fs !== null) {
    weight += familyWeight(fs) - (exact(fs) ? commonness(frequency, swapped ? b.given : b.family) : 0);
    if (!agrees(fs)) mask |= bit('different_family_name');
  }
  if (agrees(gs) && (fs === null || agrees(fs))) mask |= bit(nameReason(a, b));

  // The father's name, when both records have one.
  if (a.father.text && b.father.text) {
    const father = agreement(a.father, b.father)!;
    const ps = father.slips <= 0.7 ? 1 : father.similarity;
    if (ps >= 0.9) {
      weight += 1;
      mask |= bit('same_patronymic');
    } else if (ps < 0.8 || father.slips > 1.5) {
      // A father's name read back from a Russian patronymic is sometimes far from the Armenian: not the last word.
      weight -= ps < 0.7 ? 4.5 : 2;
      mask |= bit('different_patronymic');
    }
  }

  if (a.sex && b.sex) {
    if (a.sex === b.sex) weight += 0.3;
    else {
      weight -= 3;
      mask |= bit('different_sex');
    }
  }

  if (a.birth && b.birth) {
    const [birthWeight, code] = compareBirth(a.birth, b.birth);
    weight += birthWeight;
    mask |= bit(code);
  }

  if (a.documents.length > 0 && b.documents.length > 0) {
    if (a.documents.some((d) => b.documents.includes(d))) {
      weight += 5;
      mask |= bit('same_document');
    } else {
      weight -= 2.5;
      mask |= bit('different_document');
    }
  }
  if (a.phones.length > 0 && a.phones.some((p) => b.phones.includes(p))) {
    weight += 1.2;
    mask |= bit('same_phone');
  } else if (a.phones.length > 0 && b.phones.length > 0) {
    // A family gives the same number a few days later; a phone can change hands or be lost, so this says little.
    weight -= 0.7;
  }
  return { score: Math.round(logistic(weight) * 1000) / 1000, mask };
}
