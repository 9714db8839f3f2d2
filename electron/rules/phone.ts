import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Phones as people say them at the desk, read with libphonenumber-js. A number typed without a country code belongs
 * to the centre's country (Armenia); a Russian number dialled the Russian way (8 912 ...) is Russian. Shared by the
 * form (a warning at the field) and core (the E.164 form stored beside what was typed, and the search keys).
 */

/** The country of the registration centres: numbers typed without a country code are read as from here. */
export const CENTRE_COUNTRY: CountryCode = 'AM';

export interface PhoneReading {
  /** E.164 (+37491123456) when the number can be one; null when it cannot. */
  e164: string | null;
  /** False when no real number has this shape: worth a second look, never a refusal. */
  valid: boolean;
}

const parse = (text: string, region: CountryCode) => {
  try {
    return parsePhoneNumberFromString(text, region);
  } catch {
    return undefined;
  }
};

export function readPhone(text: string, region: CountryCode = CENTRE_COUNTRY): PhoneReading {
  const typed = text.trim();
  if (!typed) return { e164: null, valid: true };
  const digits = typed.replace(/\D/g, '');
  if (digits.length < 5 || digits.length > 17) return { e164: null, valid: false };
  const here = parse(typed, region);
  if (here?.isValid()) return { e164: here.number, valid: true };
  if (!typed.startsWith('+')) {
    // The country code typed without its plus (374 91 ...), or a number dialled from Russia: 8, then ten digits.
    const tries = [
      digits.startsWith(getCountryCallingCode(region)) ? `+${digits}` : '',
      digits.length === 11 && digits.startsWith('8') ? `+7${digits.slice(1)}` : '',
    ];
    for (const international of tries) {
      const other = international ? parse(international, region) : undefined;
      if (other?.isValid()) return { e164: other.number, valid: true };
    }
  }
  return { e164: here?.isPossible() ? here.number : null, valid: false };
}

/** The form's check: a number no country uses is a warning at its field. */
export const isLikelyPhone = (text: string, region: CountryCode = CENTRE_COUNTRY): boolean => readPhone(text, region).valid;
