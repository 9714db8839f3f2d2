import type { HouseholdInput, PersonInput } from '../../api/schemas/household.js';
import { HouseholdSchema, TEXT_LIMITS } from '../../api/schemas/household.js';
import type { Actor, CoreContext } from '../context.js';
import { registerHousehold } from '../households/write.js';
import { FAMILY, FEMALE, MALE, SETTLEMENTS, type Spelled } from './names.js';

/** mulberry32: a small deterministic generator, so the same seed gives the same families. */
export function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
const between = (rand: Rand, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

/** Household sizes of a displaced population: mean about 3.4 persons. */
const SIZE_WEIGHTS: readonly [number, number][] = [
  [1, 14],
  [2, 18],
  [3, 20],
  [4, 22],
  [5, 14],
  [6, 7],
  [7, 3],
  [8, 2],
];
function householdSize(rand: Rand): number {
  let r = rand() * 100;
  for (const [size, weight] of SIZE_WEIGHTS) {
    r -= weight;
    if (r < 0) return size;
  }
  return 4;
}

const SCRIPT_OF_DESK = [0, 0, 0, 0, 0, 1, 1, 1, 2, 2] as const; // half typed in Armenian, a third in Cyrillic

function patronymic(father: Spelled, script: 0 | 1 | 2, sex: 'F' | 'M'): string {
  if (script === 0) return `${father[0]}ի`;
  if (script === 1) return `${father[1]}${sex === 'M' ? 'ович' : 'овна'}`;
  return '';
}

function birthOf(rand: Rand, year: number, age: number, exactShare = 0.8): PersonInput['birth'] {
  if (rand() > exactShare) return { kind: 'age', years: age };
  const month = between(rand, 1, 12);
  const day = between(rand, 1, 28);
  return { kind: 'exact', date: `${year - age - 1}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

/**
 * A clerk's note as long as the field takes (the batch-size tests need desks whose files are large without
 * registering millions): a real sentence in the family's script, repeated to `length` characters.
 */
const NOTE_SENTENCES = [
  'Ընտանիքը ժամանել է ուշ երեկոյան, երեխաները հոգնած են, անհրաժեշտ է տաք հագուստ և դեղորայք։ ',
  'Семья прибыла поздно вечером, дети устали, нужна тёплая одежда и лекарства. ',
  'The family arrived late in the evening, the children are tired, warm clothes and medicine are needed. ',
] as const;
function fullNote(script: 0 | 1 | 2, length: number): string {
  const sentence = NOTE_SENTENCES[script];
  return sentence
    .repeat(Math.ceil(length / sentence.length))
    .slice(0, length)
    .trim();
}

export interface SyntheticOptions {
  /** Fill every note to its limit: a few thousand families then make a batch of tens of megabytes. */
  fullNotes?: boolean;
}

export function syntheticHousehold(rand: Rand, arrivedAt: string, options: SyntheticOptions = {}): HouseholdInput {
  const script = pick(rand, SCRIPT_OF_DESK);
  const family = pick(rand, FAMILY);
  const familyName = (sex: 'F' | 'M') => (script === 1 && sex === 'F' ? `${family[1]}` : family[script]);
  const year = Number(arrivedAt.slice(0, 4));
  const size = householdSize(rand);
  const headSex: 'F' | 'M' = size === 1 ? (rand() < 0.55 ? 'F' : 'M') : rand() < 0.35 ? 'F' : 'M';
  const headAge = size === 1 && rand() < 0.4 ? between(rand, 60, 88) : between(rand, 24, 70);
  const grandfather = pick(rand, MALE);
  const headName = pick(rand, headSex === 'M' ? MALE : FEMALE);
  const members: PersonInput[] = [
    {
      givenName: headName[script],
      familyName: familyName(headSex),
      patronymic: patronymic(grandfather, script, headSex),
      sex: headSex,
      birth: birthOf(rand, year, headAge),
      relationship: 'head',
      specificNeeds: headAge >= 60 && rand() < 0.3 ? ['ER-NF'] : [],
    },
  ];
  const father = headSex === 'M' ? headName : pick(rand, MALE);
  if (size >= 2) {
    const spouseSex: 'F' | 'M' = headSex === 'M' ? 'F' : 'M';
    members.push({
      givenName: pick(rand, spouseSex === 'M' ? MALE : FEMALE)[script],
      familyName: familyName(spouseSex),
      sex: spouseSex,
      birth: birthOf(rand, year, Math.max(18, headAge + between(rand, -6, 4))),
      relationship: 'spouse',
      specificNeeds: spouseSex === 'F' && headAge < 40 && rand() < 0.08 ? ['PG-PW'] : [],
    });
  }
  for (let i = 2; i < size; i++) {
    const sex: 'F' | 'M' = rand() < 0.5 ? 'F' : 'M';
    const age = Math.max(0, Math.min(headAge - 18, between(rand, 0, 17)));
    members.push({
      givenName: pick(rand, sex === 'M' ? MALE : FEMALE)[script],
      familyName: familyName(sex),
      patronymic: age >= 14 ? patronymic(father, script, sex) : '',
      sex,
      birth: birthOf(rand, year, age, 0.9),
      relationship: 'child',
      specificNeeds: rand() < 0.04 ? [pick(rand, ['DS-PM', 'SM-CI', 'SC-SC'] as const)] : [],
    });
  }
  const origin = pick(rand, SETTLEMENTS);
  if (options.fullNotes) for (const member of members) member.notes = fullNote(script, TEXT_LIMITS.personNotes);
  return {
    mode: 'full',
    arrivedAt,
    originSettlement: origin[script],
    originDistrict: '',
    arrivalMeans: pick(rand, ['car', 'bus', 'truck', 'on_foot', 'organised_transport'] as const),
    destination: pick(rand, ['relatives', 'collective_centre', 'collective_centre', 'hotel', 'unknown'] as const),
    phone: `+374 ${between(rand, 41, 99)} ${String(between(rand, 0, 999999)).padStart(6, '0')}`,
    consentTracing: rand() < 0.85,
    notes: options.fullNotes ? fullNote(script, TEXT_LIMITS.householdNotes) : '',
    members,
  };
}

/**
 * Registers `count` synthetic households through the one write path, spread over the `days` before now, in
 * transactions of a thousand so seeding does not wait on a disk flush per family.
 */
export function seedHouseholds(ctx: CoreContext, actor: Actor, count: number, seed = 1, days = 7, options: SyntheticOptions = {}): number {
  const rand = randomSource(seed);
  const end = ctx.now().getTime();
  const span = days * 86_400_000;
  let written = 0;
  while (written < count) {
    const chunk = Math.min(1000, count - written);
    ctx.db.transaction(() => {
      for (let i = 0; i < chunk; i++) {
        const n = written + i;
        const arrivedAt = new Date(end - span + Math.floor((span * n) / count)).toISOString();
        registerHousehold(ctx, actor, HouseholdSchema.parse(syntheticHousehold(rand, arrivedAt, options)));
      }
    })();
    written += chunk;
  }
  return written;
}
