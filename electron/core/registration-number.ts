/**
 * Registration numbers are read aloud across a noisy hall: STATION-SEQUENCE-CHECK, e.g. `KQ7M-00127-X`.
 * The alphabet leaves out look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B); the check character is Luhn mod N over it,
 * which catches every single wrong character and most swapped neighbours.
 */
export const NUMBER_ALPHABET = '0123456789ACDEFGHJKMNPQRTUVWXY';
/** Without 0 and Y, whose swap across the dash the check character cannot catch. */
const STATION_ALPHABET = '34679ACDEFGHJKMNPQRTUVWX';

const codePoint = (ch: string): number => {
  const i = NUMBER_ALPHABET.indexOf(ch);
  if (i < 0) throw new Error(`Character ${ch} is not used in registration numbers`);
  return i;
};

export function checkCharacter(body: string): string {
  const n = NUMBER_ALPHABET.length;
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    let addend = factor * codePoint(body[i] ?? '0');
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
  }
  return NUMBER_ALPHABET[(n - (sum % n)) % n] ?? '0';
}

export function formatRegistrationNumber(stationCode: string, sequence: number): string {
  const seq = String(sequence).padStart(5, '0');
  return `${stationCode}-${seq}-${checkCharacter(stationCode + seq)}`;
}

/** Upper-cases and strips spaces and dashes, so "kq7m 00127 x" is read as typed on the slip. */
export const compactNumber = (text: string): string => text.toUpperCase().replace(/[\s-]/g, '');

export function isValidRegistrationNumber(text: string): boolean {
  const compact = compactNumber(text);
  if (!/^[0-9A-Z]{10,}$/.test(compact)) return false;
  // Station part from its own alphabet, then digits, then the check character.
  if ([...compact.slice(0, 4)].some((ch) => !STATION_ALPHABET.includes(ch)) || !/^\d{5,}$/.test(compact.slice(4, -1))) return false;
  try {
    return checkCharacter(compact.slice(0, -1)) === compact.slice(-1);
  } catch {
    return false;
  }
}

export function newStationCode(random: () => number = Math.random): string {
  let code = '';
  for (let i = 0; i < 4; i++) code += STATION_ALPHABET[Math.floor(random() * STATION_ALPHABET.length)] ?? 'A';
  return code;
}
