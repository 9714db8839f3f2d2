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

/**
 * Station codes: 8 characters for a new station (24^8, about 1.1·10^11 codes: two desks of a hub's hundred collide
 * with a chance of about 5·10^-8), printed in two groups of four (`KQ7M-X3FA-00127-X`). Stations made before keep
 * their 4-character code and the numbers already printed with it (`KQ7M-00127-X`).
 */
export const STATION_CODE_LENGTH = 8;
const STATION_CODE_LENGTHS = [STATION_CODE_LENGTH, 4] as const;

const printedStation = (stationCode: string): string => (stationCode.length === 8 ? `${stationCode.slice(0, 4)}-${stationCode.slice(4)}` : stationCode);

export function formatRegistrationNumber(stationCode: string, sequence: number): string {
  const seq = String(sequence).padStart(5, '0');
  return `${printedStation(stationCode)}-${seq}-${checkCharacter(stationCode + seq)}`;
}

/** The station code a registration number was issued under (either form). */
export const stationCodeOf = (registrationNumber: string): string => registrationNumber.split('-').slice(0, -2).join('');

/**
 * The numbers, as printed, that what was typed can be (both station forms; typed without dashes, a 4-character
 * station with a 9-digit sequence reads like an 8-character one with 5 digits). Each is checked; the unique index
 * finds at most one household for each.
 */
export function printedForms(text: string): string[] {
  const compact = compactNumber(text);
  const forms: string[] = [];
  for (const length of STATION_CODE_LENGTHS) {
    const station = compact.slice(0, length);
    const seq = compact.slice(length, -1);
    if (station.length !== length || [...station].some((ch) => !STATION_ALPHABET.includes(ch)) || !/^\d{5,}$/.test(seq)) continue;
    forms.push(`${printedStation(station)}-${seq}-${compact.slice(-1)}`);
  }
  return forms;
}

/** Upper-cases and strips spaces and dashes, so "kq7m 00127 x" is read as typed on the slip. */
export const compactNumber = (text: string): string => text.toUpperCase().replace(/[\s-]/g, '');

export function isValidRegistrationNumber(text: string): boolean {
  const compact = compactNumber(text);
  if (!/^[0-9A-Z]{10,}$/.test(compact)) return false;
  // Station part (either form) from its own alphabet, then digits, then the check character.
  if (printedForms(compact).length === 0) return false;
  try {
    return checkCharacter(compact.slice(0, -1)) === compact.slice(-1);
  } catch {
    return false;
  }
}

export function newStationCode(random: () => number = Math.random): string {
  let code = '';
  for (let i = 0; i < STATION_CODE_LENGTH; i++) code += STATION_ALPHABET[Math.floor(random() * STATION_ALPHABET.length)] ?? 'A';
  return code;
}
