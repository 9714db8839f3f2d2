import { describe, it, expect } from 'vitest';
import { foldName, keySimilarity, nameKeys, nameSimilarity, normaliseDocumentNumber, normalisePhone } from '../../../electron/core/names/keys.js';

/** Each group lists spellings of ONE name that must share a key. */
const SAME_NAME_GROUPS: readonly (readonly string[])[] = [
  ['Hovhannisyan', 'Hovannisian', 'Ovanesyan', 'Оганесян', 'Հովհաննիսյան', 'Hovhannisian'],
  ['Sargsyan', 'Sarkisyan', 'Sarkissian', 'Саркисян', 'Սարգսյան'],
  ['Hasmik', 'Asmik', 'Асмик', 'Հասմիկ'],
  ['Khachatryan', 'Xachatryan', 'Хачатрян', 'Խաչատրյան', 'Hachatryan'],
  ['Grigoryan', 'Григорян', 'Գրիգորյան', 'Grigorian'],
  ['Petrosyan', 'Petrosian', 'Петросян', 'Պետրոսյան'],
  ['Anna', 'Анна', 'Աննա'],
  ['Mariam', 'Мариам', 'Մարիամ'],
  ['Aram', 'Арам', 'Արամ'],
  ['Ivanov', 'Иванов'],
  ['Tigran', 'Тигран', 'Տիգրան'],
  ['Narine', 'Нарине', 'Նարինե'],
  ['Gayane', 'Гаяне', 'Գայանե', 'Gaiane'],
  // Further common variants covered by the same rules.
  ['Gohar', 'Goar', 'Гоар', 'Գոհար'],
  ['Yeghiazaryan', 'Егиазарян', 'Եղիազարյան'],
  ['Harutyunyan', 'Арутюнян', 'Հարությունյան', 'Harutiunian'],
  ['Mkrtchyan', 'Мкртчян', 'Մկրտչյան', 'Mkrtchian'],
  ['Poghosyan', 'Погосян', 'Պողոսյան'],
  ['Ghazaryan', 'Казарян', 'Ղազարյան'],
  ['Voskanyan', 'Восканян', 'Ոսկանյան', 'Oskanyan'],
  ['Avetisyan', 'Аветисян', 'Ավետիսյան', 'Avetisjan'],
  ['Jivan', 'Дживан', 'Ջիվան', 'Djivan'],
  ['Hovhannes', 'Ованес', 'Оганес', 'Հովհաննես'],
  ['Nersisyan', 'Нерсесян', 'Ներսիսյան'],
];

describe('foldName: spelling variants share a key', () => {
  it.each(SAME_NAME_GROUPS.map((g) => [g.join(' / '), g] as const))('%s', (_label, group) => {
    const keys = new Set(group.map(foldName));
    expect([...keys]).toHaveLength(1);
    expect(foldName(group[0] ?? '')).not.toBe('');
  });

  it('ignores case, diacritics and non-letters', () => {
    expect(foldName('HOVHANNISYAN')).toBe(foldName('hovhannisyan'));
    expect(foldName('Hovhannisyán')).toBe(foldName('Hovhannisyan'));
    expect(foldName(' Sargsyan! ')).toBe(foldName('Sargsyan'));
    expect(foldName('ХАЧАТРЯН')).toBe(foldName('Khachatryan'));
    expect(foldName('')).toBe('');
    expect(foldName('123 -')).toBe('');
  });

  it('is deterministic across repeated (cached) calls', () => {
    const first = foldName('Հովհաննիսյան');
    expect(foldName('Հովհաննիսյան')).toBe(first);
  });
});

describe('foldName: different names keep different keys', () => {
  it.each([
    ['Anna', 'Ani'],
    ['Anna', 'Ann'],
    ['Aram', 'Arman'],
    ['Armen', 'Arman'],
    ['Armen', 'Armine'],
    ['Karen', 'Garegin'],
    ['Karen', 'Karine'],
    ['Sargis', 'Sargsyan'],
    ['Gor', 'Goar'],
    ['Mariam', 'Maria'], // Armenian Mariam and Russian Maria are registered as different names
    ['Petrosyan', 'Petrov'],
    ['Ivanov', 'Ivanova'], // sex-marked ending is kept; sex is compared elsewhere
    ['Hakob', 'Hayk'],
    ['Narine', 'Nare'],
    ['Tigran', 'Tiran'],
    ['Sargsyan', 'Sahakyan'],
    ['Grigoryan', 'Gevorgyan'],
    ['Hovhannisyan', 'Hovsepyan'],
    ['Khachatryan', 'Khachikyan'],
    ['Davtyan', 'Davidyan'],
    ['Vardanyan', 'Vardazaryan'],
    ['Mkrtchyan', 'Martirosyan'],
  ])('%s ≠ %s', (a, b) => {
    expect(foldName(a)).not.toBe(foldName(b));
  });

  it('documents the accepted merge Hana = Anna (silent initial h, collapsed double letters)', () => {
    expect(foldName('Hana')).toBe(foldName('Anna'));
  });
});

describe('nameKeys', () => {
  it('folds each token, splitting on whitespace and hyphens', () => {
    expect(nameKeys('Հովհաննիսյան Աննա')).toEqual([foldName('Hovhannisyan'), foldName('Anna')]);
    expect(nameKeys('Ter-Petrosyan  Levon')).toEqual([foldName('Ter'), foldName('Petrosyan'), foldName('Levon')]);
  });

  it('deduplicates keys across scripts and drops empty tokens', () => {
    expect(nameKeys('Aram Арам - Արամ')).toEqual([foldName('Aram')]);
    expect(nameKeys('  ')).toEqual([]);
    expect(nameKeys('')).toEqual([]);
  });
});

describe('nameSimilarity', () => {
  it('is 1 for equal keys across scripts', () => {
    expect(nameSimilarity('Hovhannisyan', 'Оганесян')).toBe(1);
    expect(nameSimilarity('Սարգսյան', 'Sarkissian')).toBe(1);
    expect(nameSimilarity('Khachatryan', 'Хачатрян')).toBe(1);
  });

  it('is low for different surnames sharing the -yan suffix', () => {
    expect(nameSimilarity('Sargsyan', 'Petrosyan')).toBeLessThan(0.7);
    expect(nameSimilarity('Grigoryan', 'Hovhannisyan')).toBeLessThan(0.7);
  });

  it('is high for near-identical names and sex-marked endings', () => {
    expect(nameSimilarity('Ivanov', 'Ivanova')).toBeGreaterThan(0.85);
    expect(nameSimilarity('Иванов', 'Ivanova')).toBeGreaterThan(0.85);
    expect(nameSimilarity('Petrosyan', 'Petrosyants')).toBeGreaterThan(0.85);
    expect(nameSimilarity('Mariam', 'Maria')).toBeGreaterThan(0.85);
    expect(nameSimilarity('Hovhannisyan', 'Hovhanisyan')).toBe(1);
  });

  it('is keySimilarity of the folded keys', () => {
    for (const [a, b] of [
      ['Sargsyan', 'Sahakyan'],
      ['Armen', 'Arman'],
      ['Mher', 'Мгер'],
      ['', 'Aram'],
    ] as const) {
      expect(keySimilarity(foldName(a), foldName(b))).toBe(nameSimilarity(a, b));
    }
  });

  it('is symmetric and within [0, 1]', () => {
    const pairs: [string, string][] = [
      ['Aram', 'Arman'],
      ['Karen', 'Garegin'],
      ['Narine', 'Нарине'],
      ['Sargis', 'Սարգսյան'],
      ['A', 'Zoryan'],
    ];
    for (const [a, b] of pairs) {
      const s = nameSimilarity(a, b);
      expect(s).toBe(nameSimilarity(b, a));
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it('is 0 when either side has no letters', () => {
    expect(nameSimilarity('', 'Aram')).toBe(0);
    expect(nameSimilarity('123', '456')).toBe(0);
  });
});

describe('normalisePhone', () => {
  it.each([
    ['+374 91 123456', '+37491123456'],
    ['091 123456', '+37491123456'],
    ['00374 91123456', '+37491123456'],
    ['(010) 52-34-56', '+37410523456'],
    ['91 123456', '+37491123456'],
    ['374 91 123 456', '+37491123456'],
    ['+7 912 345 67 89', '+79123456789'],
    ['8 912 345-67-89', '+79123456789'],
    ['8 (912) 345 67 89', '+79123456789'],
  ])('%s → %s', (raw, expected) => {
    expect(normalisePhone(raw)).toBe(expected);
  });

  it('uses the given default country for national numbers', () => {
    expect(normalisePhone('0 555 12 34 56', 'GE')).toBe('+995555123456');
    expect(normalisePhone('912 345 67 89', 'RU')).toBe('+79123456789');
  });

  it('returns null for a number no country can have', () => {
    expect(normalisePhone('+374 91 12345')).toBeNull(); // one digit short
    expect(normalisePhone('1234567')).toBeNull();
    expect(normalisePhone('+374 91 12')).toBeNull();
    expect(normalisePhone('+1234 5678 9012 3456')).toBeNull();
    expect(normalisePhone('')).toBeNull();
    expect(normalisePhone('no phone')).toBeNull();
  });
});

describe('normaliseDocumentNumber', () => {
  it.each([
    ['am 123 45 67', 'AM1234567'],
    ['AK-1234567', 'AK1234567'],
    ['АК 1234567', 'AK1234567'], // Cyrillic А and К
    ['ан1234567', 'AH1234567'], // lowercase Cyrillic а, н
    ['ВЕМОРСТХ', 'BEMOPCTX'],
    ['ab–12—34', 'AB1234'],
    ['  ', ''],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseDocumentNumber(raw)).toBe(expected);
  });
});
