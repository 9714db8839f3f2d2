import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkCharacter,
  compactNumber,
  formatRegistrationNumber,
  isValidRegistrationNumber,
  newStationCode,
  NUMBER_ALPHABET,
  printedForms,
  stationCodeOf,
} from '../../../electron/core/intake/registration-number.js';

/**
 * Registration numbers are read aloud and typed back: STATION-SEQUENCE-CHECK. The check character must catch every
 * single wrong character and every swap of two neighbours within a group as printed.
 */

/** Characters a clerk could confuse with another: never in a station code. */
const LOOK_ALIKES = ['0', 'O', '1', 'I', 'L', '2', 'Z', '5', 'S', '8', 'B'];

/** Every character newStationCode can produce, found by sweeping its random source over [0, 1). */
function stationAlphabet(): string[] {
  const seen = new Set<string>();
  for (let i = 0; i < 10_000; i++) {
    const r = i / 10_000;
    for (const ch of newStationCode(() => r)) seen.add(ch);
  }
  return [...seen].sort();
}

const STATION_CHARS = stationAlphabet();
const stationCode = fc.array(fc.constantFrom(...STATION_CHARS), { minLength: 4, maxLength: 4 }).map((a) => a.join(''));
const sequence = fc.integer({ min: 1, max: 99_999 });

/** A deterministic sample: codes from both ends of the alphabet, sequences with repeated and extreme digits. */
const SAMPLE: string[] = (() => {
  const codes = ['KQ7M', '3333', 'XXXX', 'A9C4', 'XW9C', 'KQ7X', STATION_CHARS.slice(0, 4).join(''), STATION_CHARS.slice(-4).join('')];
  const sequences = [1, 9, 10, 127, 909, 1234, 9090, 45_678, 99_999];
  return codes.flatMap((c) => sequences.map((s) => formatRegistrationNumber(c, s)));
})();

const replaceAt = (text: string, i: number, ch: string) => text.slice(0, i) + ch + text.slice(i + 1);
const swapAt = (text: string, i: number) => text.slice(0, i) + (text[i + 1] ?? '') + (text[i] ?? '') + text.slice(i + 2);

describe('the check character', () => {
  it('every number formatted is valid, printed or compacted', () => {
    for (const number of SAMPLE) {
      expect(isValidRegistrationNumber(number), number).toBe(true);
      expect(isValidRegistrationNumber(compactNumber(number)), number).toBe(true);
    }
    fc.assert(
      fc.property(stationCode, sequence, (code, seq) => isValidRegistrationNumber(formatRegistrationNumber(code, seq))),
      { seed: 7 },
    );
  });

  it('catches every single-character substitution, in any position, check character included', () => {
    const escaped: string[] = [];
    for (const number of SAMPLE) {
      for (let i = 0; i < number.length; i++) {
        if (number[i] === '-') continue;
        for (const ch of NUMBER_ALPHABET) {
          if (ch === number[i]) continue;
          const typo = replaceAt(number, i, ch);
          if (isValidRegistrationNumber(typo)) escaped.push(`${number} -> ${typo}`);
        }
      }
    }
    expect(escaped).toEqual([]);
  });

  it('catches every single-character substitution on random numbers too', () => {
    fc.assert(
      fc.property(stationCode, sequence, fc.nat(), fc.constantFrom(...NUMBER_ALPHABET), (code, seq, at, ch) => {
        const number = formatRegistrationNumber(code, seq);
        const positions = [...number].flatMap((c, i) => (c === '-' ? [] : [i]));
        const i = positions[at % positions.length] ?? 0;
        fc.pre(number[i] !== ch);
        return !isValidRegistrationNumber(replaceAt(number, i, ch));
      }),
      { seed: 11, numRuns: 2000 },
    );
  });

  it('catches every swap of two different neighbours within a group (station code, sequence)', () => {
    const escaped: string[] = [];
    for (const number of SAMPLE) {
      for (let i = 0; i + 1 < number.length; i++) {
        if (number[i] === '-' || number[i + 1] === '-' || number[i] === number[i + 1]) continue;
        const typo = swapAt(number, i);
        if (isValidRegistrationNumber(typo)) escaped.push(`${number} -> ${typo}`);
      }
    }
    expect(escaped).toEqual([]);
    fc.assert(
      fc.property(stationCode, sequence, fc.nat(), (code, seq, at) => {
        const number = formatRegistrationNumber(code, seq);
        const pairs = [...number].flatMap((c, i) => (c !== '-' && number[i + 1] !== undefined && number[i + 1] !== '-' && number[i + 1] !== c ? [i] : []));
        fc.pre(pairs.length > 0);
        return !isValidRegistrationNumber(swapAt(number, pairs[at % pairs.length] ?? 0));
      }),
      { seed: 13, numRuns: 2000 },
    );
  });

  it("across the whole compacted number, misses no neighbour swap: the station part has neither 0 nor Y and the sequence only digits, so Luhn mod N's 0/Y blind spot cannot occur", () => {
    const escaped = new Set<string>();
    for (const number of SAMPLE) {
      const compact = compactNumber(number);
      for (let i = 0; i + 1 < compact.length; i++) {
        if (compact[i] === compact[i + 1]) continue;
        if (isValidRegistrationNumber(swapAt(compact, i))) escaped.add([compact[i], compact[i + 1]].sort().join(''));
      }
    }
    expect([...escaped]).toEqual([]);
  });

  it('is one of the number alphabet, and the same for the same body', () => {
    for (const number of SAMPLE) {
      const compact = compactNumber(number);
      const check = checkCharacter(compact.slice(0, -1));
      expect(NUMBER_ALPHABET).toContain(check);
      expect(check).toBe(compact.slice(-1));
    }
  });
});

describe('format', () => {
  it('is STATION-SEQUENCE-CHECK, the sequence padded to five digits', () => {
    for (const [seq, padded] of [
      [1, '00001'],
      [127, '00127'],
      [99_999, '99999'],
    ] as const) {
      const number = formatRegistrationNumber('KQ7M', seq);
      expect(number).toMatch(new RegExp(`^KQ7M-${padded}-[${NUMBER_ALPHABET}]$`));
    }
  });

  it('grows past 99,999 instead of wrapping, and stays valid', () => {
    const number = formatRegistrationNumber('KQ7M', 123_456);
    expect(number).toMatch(/^KQ7M-123456-.$/);
    expect(isValidRegistrationNumber(number)).toBe(true);
    expect(number).not.toBe(formatRegistrationNumber('KQ7M', 23_456));
  });

  it('reads a number as typed: lower case, spaces or no dashes', () => {
    const number = formatRegistrationNumber('KQ7M', 127);
    expect(compactNumber(number.toLowerCase().replace(/-/g, ' '))).toBe(number.replace(/-/g, ''));
    expect(isValidRegistrationNumber(number.toLowerCase())).toBe(true);
    expect(isValidRegistrationNumber(` ${number.replace(/-/g, ' ')} `)).toBe(true);
  });

  it('refuses what is not a registration number', () => {
    for (const text of ['', 'KQ7M', 'KQ7M-001-', 'hello world', 'KQ7M-00127-!', 'ԱԲԳԴ-00127-X', 'KQ7M-00127-O']) {
      expect(isValidRegistrationNumber(text), text).toBe(false);
    }
  });
});

describe('station codes', () => {
  it('are four characters of the number alphabet, without characters that look alike', () => {
    expect(STATION_CHARS.length).toBeGreaterThanOrEqual(20);
    for (const ch of STATION_CHARS) {
      expect(NUMBER_ALPHABET, ch).toContain(ch);
      expect(LOOK_ALIKES, ch).not.toContain(ch);
    }
    for (let i = 0; i < 200; i++) expect(newStationCode()).toMatch(new RegExp(`^[${STATION_CHARS.join('')}]{8}$`));
  });

  it('the number alphabet itself leaves out the letters that look like digits', () => {
    for (const ch of ['O', 'I', 'L', 'Z', 'S', 'B']) expect(NUMBER_ALPHABET).not.toContain(ch);
    expect(new Set(NUMBER_ALPHABET).size).toBe(NUMBER_ALPHABET.length);
  });

  it('reach every character of their alphabet, first and last included', () => {
    expect(newStationCode(() => 0)).toBe((STATION_CHARS[0] ?? '').repeat(8));
    const last = newStationCode(() => 0.999_999);
    expect(new Set(last).size).toBe(1);
    expect(STATION_CHARS).toContain(last[0]);
    // Eight draws, one per character: the generator is used as given.
    const draws = [0, 0.13, 0.26, 0.38, 0.51, 0.63, 0.76, 0.999_999];
    let i = 0;
    const code = newStationCode(() => draws[i++] ?? 0);
    expect(i).toBe(8);
    expect(new Set(code).size).toBe(8);
  });
});

describe('station codes of two forms', () => {
  it("new stations get 8 characters, printed in two groups: a collision among a hub's stations is out of reach", () => {
    const code = newStationCode();
    expect(code).toHaveLength(8);
    const number = formatRegistrationNumber(code, 127);
    expect(number).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-00127-[0-9A-Z]$/);
    expect(stationCodeOf(number)).toBe(code);
    // 100 stations at one hub: the chance that any two share a code (birthday bound).
    const codes = STATION_CHARS.length ** 8;
    expect((100 * 99) / 2 / codes).toBeLessThan(1e-7);
  });

  it('numbers already printed with a 4-character station stay valid and read back as printed', () => {
    const old = formatRegistrationNumber('KQ7M', 127);
    expect(old).toBe(`KQ7M-00127-${old.slice(-1)}`);
    expect(isValidRegistrationNumber(old)).toBe(true);
    expect(stationCodeOf(old)).toBe('KQ7M');
    expect(printedForms(compactNumber(old).toLowerCase())).toEqual([old]);
    const fresh = formatRegistrationNumber('KQ7MX3FA', 127);
    expect(isValidRegistrationNumber(fresh)).toBe(true);
    expect(printedForms(compactNumber(fresh))).toContain(fresh);
  });

  it('catches every single-character substitution in the new form too', () => {
    const number = formatRegistrationNumber('KQ7MX3FA', 45_678);
    const compact = compactNumber(number);
    for (let i = 0; i < compact.length; i++) {
      for (const ch of NUMBER_ALPHABET) {
        if (ch === compact[i]) continue;
        expect(isValidRegistrationNumber(replaceAt(compact, i, ch)), `${i}:${ch}`).toBe(false);
      }
    }
  });
});
