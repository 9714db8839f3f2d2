/**
 * What the slip's QR code holds: the registration number and a check value, never a name. A scanner at a
 * distribution point reads `KQ7M-00127-X/42`, checks the two digits and looks the number up.
 * The check is ISO 7064 MOD 97-10 (as in IBANs) over the number's letters and digits.
 */

const SEPARATOR = '/';

export function slipCheckValue(registrationNumber: string): string {
  const compact = registrationNumber.toUpperCase().replace(/[^0-9A-Z]/g, '');
  let remainder = 0;
  for (const ch of `${compact}00`) {
    const value = /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55;
    for (const digit of String(value)) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return String(98 - remainder).padStart(2, '0');
}

export const slipQrText = (registrationNumber: string): string => `${registrationNumber}${SEPARATOR}${slipCheckValue(registrationNumber)}`;

/** The registration number a scanned slip holds, or null when the text is not a slip's or its check fails. */
export function readSlipQr(text: string): string | null {
  const at = text.lastIndexOf(SEPARATOR);
  if (at <= 0) return null;
  const registrationNumber = text.slice(0, at);
  return slipCheckValue(registrationNumber) === text.slice(at + 1) ? registrationNumber : null;
}
