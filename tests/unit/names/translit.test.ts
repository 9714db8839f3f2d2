import { describe, it, expect } from 'vitest';
import { detectScript, transliterate, TRANSLIT_STANDARD } from '../../../electron/core/names/translit.js';

describe('transliterate: Armenian (BGN/PCGN 1981, ASCII)', () => {
  it.each([
    ['Հովհաննիսյան', 'Hovhannisyan'],
    ['Սարգսյան', 'Sargsyan'],
    ['Խաչատրյան', 'Khachatryan'],
    ['Գրիգորյան', 'Grigoryan'],
    ['Պետրոսյան', 'Petrosyan'],
    ['Հասմիկ', 'Hasmik'],
    ['Աննա', 'Anna'],
    ['Մարիամ', 'Mariam'],
    ['Տիգրան', 'Tigran'],
    ['Նարինե', 'Narine'],
    ['Գայանե', 'Gayane'],
    ['Եղիազարյան', 'Yeghiazaryan'],
    ['Հարությունյան', 'Harutyunyan'],
    ['Մկրտչյան', 'Mkrtchyan'],
    ['Ժաննա', 'Zhanna'],
    ['Ջիվան', 'Jivan'],
    ['Ծատուր', 'Tsatur'],
    ['Ձորի', 'Dzori'],
    ['Ռուբեն', 'Ruben'],
    ['Ֆելիքս', 'Feliks'],
    ['Էդգար', 'Edgar'],
    ['Օհան', 'Ohan'],
  ])('%s → %s', (input, expected) => {
    expect(transliterate(input)).toBe(expected);
  });

  it('drops aspirate marks: թ փ ք ց չ → t p k ts ch', () => {
    expect(transliterate('թ փ ք ց չ ճ')).toBe('t p k ts ch ch');
  });

  it('ե is ye at word start and after a vowel, e after a consonant', () => {
    expect(transliterate('Երևան')).toBe('Yerevan');
    expect(transliterate('Մաեստրո')).toBe('Mayestro');
    expect(transliterate('Սերոբ')).toBe('Serob');
  });

  it('ո is vo at word start (except the word ով), o elsewhere; ու is u', () => {
    expect(transliterate('Ոսկան')).toBe('Voskan');
    expect(transliterate('Ով')).toBe('Ov');
    expect(transliterate('ով է')).toBe('ov e');
    expect(transliterate('Ովսաննա')).toBe('Vovsanna');
    expect(transliterate('Ուրիկ')).toBe('Urik');
    expect(transliterate('Հարություն')).toBe('Harutyun');
  });

  it('և is yev at word start, ev elsewhere', () => {
    expect(transliterate('և')).toBe('yev');
    expect(transliterate('Գևորգ')).toBe('Gevorg');
  });

  it('keeps capitalisation, including all-caps words', () => {
    expect(transliterate('ԽԱՉԱՏՐՅԱՆ ԱՐԱՄ')).toBe('KHACHATRYAN ARAM');
    expect(transliterate('ԵՐԵՎԱՆ')).toBe('YEREVAN');
    expect(transliterate('շուշան')).toBe('shushan');
    expect(transliterate('Շ.')).toBe('Sh.');
  });

  it('maps Armenian punctuation', () => {
    expect(transliterate('Արամ։')).toBe('Aram.');
  });
});

describe('transliterate: Cyrillic (ICAO Doc 9303)', () => {
  it.each([
    ['Оганесян', 'Oganesian'],
    ['Саркисян', 'Sarkisian'],
    ['Хачатрян', 'Khachatrian'],
    ['Григорян', 'Grigorian'],
    ['Петросян', 'Petrosian'],
    ['Иванов', 'Ivanov'],
    ['Щукин', 'Shchukin'],
    ['Юлия', 'Iuliia'],
    ['Ёлкин', 'Elkin'],
    ['Подъячев', 'Podieiachev'],
    ['Ильин', 'Ilin'],
    ['Цыганков', 'Tsygankov'],
    ['Эдуард', 'Eduard'],
    ['Андрей', 'Andrei'],
    ['Жанна', 'Zhanna'],
  ])('%s → %s', (input, expected) => {
    expect(transliterate(input)).toBe(expected);
  });

  it('transliterates a full sentence per the ICAO table', () => {
    expect(transliterate('Юлия, съешь ещё этих мягких французских булок из Йошкар-Олы, да выпей алтайского чаю')).toBe(
      'Iuliia, sieesh eshche etikh miagkikh frantsuzskikh bulok iz Ioshkar-Oly, da vypei altaiskogo chaiu',
    );
  });

  it('handles Ukrainian letters', () => {
    expect(transliterate('Євгенія Їжакевич Ґалаган')).toBe('Ievgeniia Izhakevich Galagan');
  });

  it('keeps capitalisation, including all-caps words', () => {
    expect(transliterate('ЮЛИЯ ЩУКИНА')).toBe('IULIIA SHCHUKINA');
    expect(transliterate('Юлия щукина')).toBe('Iuliia shchukina');
  });
});

describe('transliterate: other input', () => {
  it('passes Latin, digits and punctuation through unchanged', () => {
    for (const s of ['Hovhannisyan', 'José García-Núñez', "O'Brien 42", '', '  ']) {
      expect(transliterate(s)).toBe(s);
    }
  });

  it('handles mixed-script text', () => {
    expect(transliterate('Aram Арам Արամ')).toBe('Aram Aram Aram');
  });

  it('documents the standards', () => {
    expect(TRANSLIT_STANDARD.armenian).toMatch(/^BGN\/PCGN 1981 \(ASCII, no aspirate marks\)/);
    expect(TRANSLIT_STANDARD.russian).toMatch(/^ICAO Doc 9303/);
  });
});

describe('detectScript', () => {
  it.each([
    ['Hovhannisyan', 'latin'],
    ['José', 'latin'],
    ['Оганесян', 'cyrillic'],
    ['Ёлкин-Їжак', 'cyrillic'],
    ['Հովհաննիսյան', 'armenian'],
    ['Երևան', 'armenian'],
    ['Aram Арам', 'mixed'],
    ['Արամ Aram', 'mixed'],
    ['Aрам', 'mixed'], // Latin A typed into a Cyrillic word
    ['12-34 .', 'none'],
    ['', 'none'],
  ] as const)('%s → %s', (input, expected) => {
    expect(detectScript(input)).toBe(expected);
  });
});
