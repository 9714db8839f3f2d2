/**
 * Transliteration of Armenian and Cyrillic names to ASCII Latin, and script detection.
 *
 * Pure, dependency-free and allocation-light: it runs once per name token when the
 * search / duplicate index is built (~120,000 persons × several tokens).
 */

/** What `transliterate` implements, stated precisely enough to reproduce it by hand. */
export const TRANSLIT_STANDARD = {
  armenian:
    'BGN/PCGN 1981 (ASCII, no aspirate marks): aspirate apostrophes dropped (թ t, փ p, ք k, ց ts, չ ch) ' +
    'and ը written e (ë without diaeresis); ե ye at word start and after a vowel, else e; ' +
    'ո vo at word start (except the word ով: ov), else o; ու u; և yev at word start and after a vowel, else ev; ' +
    'խ kh, ղ gh, ճ ch, ջ j, ժ zh, շ sh, ծ ts, ձ dz, յ y, է e, օ o, ռ r, ր r.',
  russian:
    'ICAO Doc 9303 Part 3 Cyrillic table: х kh, ц ts, ч ch, ш sh, щ shch, ж zh, ю iu, я ia, й i, ы y, ъ ie, ' +
    'ё e, э e, ь omitted; also Ukrainian/Belarusian є ie, і i, ї i, ґ g, ў u and ' +
    'Serbian/Macedonian ђ d, ѓ g, ѕ dz, ј j, љ lj, њ nj, ћ c, ќ k, џ dz.',
} as const;

export type Script = 'armenian' | 'cyrillic' | 'latin' | 'mixed' | 'none';

/** Armenian lowercase letter → Latin; ե, ո, և and ու are context-dependent and handled in code. */
const ARMENIAN: ReadonlyMap<string, string> = new Map(
  Object.entries({
    ա: 'a',
    բ: 'b',
    գ: 'g',
    դ: 'd',
    զ: 'z',
    է: 'e',
    ը: 'e',
    թ: 't',
    ժ: 'zh',
    ի: 'i',
    լ: 'l',
    խ: 'kh',
    ծ: 'ts',
    կ: 'k',
    հ: 'h',
    ձ: 'dz',
    ղ: 'gh',
    ճ: 'ch',
    մ: 'm',
    յ: 'y',
    ն: 'n',
    շ: 'sh',
    չ: 'ch',
    պ: 'p',
    ջ: 'j',
    ռ: 'r',
    ս: 's',
    վ: 'v',
    տ: 't',
    ր: 'r',
    ց: 'ts',
    ւ: 'v',
    փ: 'p',
    ք: 'k',
    օ: 'o',
    ֆ: 'f',
    // Presentation-form ligatures (մն, մե, մի, վն, մխ).
    ﬓ: 'mn',
    ﬔ: 'me',
    ﬕ: 'mi',
    ﬖ: 'vn',
    ﬗ: 'mkh',
    // Armenian punctuation mapped to its Latin counterpart.
    '։': '.',
    '՝': ',',
    '՚': "'",
    '՛': '',
    '՜': '!',
    '՞': '?',
  }),
);

/** Cyrillic lowercase letter → Latin per ICAO Doc 9303. */
const CYRILLIC: ReadonlyMap<string, string> = new Map(
  Object.entries({
    а: 'a',
    б: 'b',
    в: 'v',
    г: 'g',
    д: 'd',
    е: 'e',
    ё: 'e',
    ж: 'zh',
    з: 'z',
    и: 'i',
    й: 'i',
    к: 'k',
    л: 'l',
    м: 'm',
    н: 'n',
    о: 'o',
    п: 'p',
    р: 'r',
    с: 's',
    т: 't',
    у: 'u',
    ф: 'f',
    х: 'kh',
    ц: 'ts',
    ч: 'ch',
    ш: 'sh',
    щ: 'shch',
    ъ: 'ie',
    ы: 'y',
    ь: '',
    э: 'e',
    ю: 'iu',
    я: 'ia',
    є: 'ie',
    і: 'i',
    ї: 'i',
    ґ: 'g',
    ў: 'u',
    ђ: 'd',
    ѓ: 'g',
    ѕ: 'dz',
    ј: 'j',
    љ: 'lj',
    њ: 'nj',
    ћ: 'c',
    ќ: 'k',
    џ: 'dz',
  }),
);

/** Armenian vowel letters (lowercase) after which ե/և take the "y" glide. */
const ARMENIAN_VOWELS = new Set(['ա', 'ե', 'է', 'ը', 'ի', 'ո', 'օ', 'ւ']);

const isArmenianLetter = (c: number): boolean => (c >= 0x0531 && c <= 0x0556) || (c >= 0x0561 && c <= 0x0587) || (c >= 0xfb13 && c <= 0xfb17);
const isCyrillicLetter = (c: number): boolean => c >= 0x0400 && c <= 0x052f && !(c >= 0x0482 && c <= 0x0489);
const isLatinLetter = (c: number): boolean =>
  (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff);
const isLetter = (c: number): boolean => isLatinLetter(c) || isArmenianLetter(c) || isCyrillicLetter(c);

/** Cheap pre-check so pure-Latin (and empty) input is returned untouched without a scan-and-copy. */
const NEEDS_TRANSLIT = /[\u0400-\u052f\u0531-\u058a\ufb13-\ufb17]/;

/** True when the word starting at `start` is written in capitals (≥2 uppercase letters, no lowercase). */
function wordIsAllCaps(text: string, start: number): boolean {
  let upper = 0;
  for (let j = start; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (!isLetter(c)) break;
    const ch = text.charAt(j);
    const lower = ch.toLowerCase();
    if (lower === ch) {
      if (ch.toUpperCase() !== ch) return false; // a lowercase letter
    } else {
      upper++;
    }
  }
  return upper >= 2;
}

/** Applies the source letter's case to its Latin rendering ("Sh", or "SH" inside an all-caps word). */
function withCase(latin: string, upper: boolean, allCaps: boolean): string {
  if (!upper || latin === '') return latin;
  return allCaps ? latin.toUpperCase() : latin.charAt(0).toUpperCase() + latin.slice(1);
}

/**
 * Transliterates Armenian (BGN/PCGN 1981, ASCII) and Cyrillic (ICAO Doc 9303) letters to Latin,
 * keeping capitalisation ("Հովհաննիսյան" → "Hovhannisyan", "ОГАНЕСЯН" → "OGANESIAN").
 * Latin letters, digits, spaces and punctuation pass through unchanged.
 */
export function transliterate(text: string): string {
  if (!NEEDS_TRANSLIT.test(text)) return text;
  let out = '';
  let allCaps = false;
  let prevLetter = false; // was the previous source character a letter (i.e. are we mid-word)?
  let prevLower = ''; // previous source character, lowercased
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const ch = text.charAt(i);
    const letter = isLetter(code);
    if (letter && !prevLetter) allCaps = wordIsAllCaps(text, i);
    const wordStart = letter && !prevLetter;
    const lower = ch.toLowerCase();
    const upper = lower !== ch;
    let latin: string | undefined;

    if ((code >= 0x0531 && code <= 0x058a) || (code >= 0xfb13 && code <= 0xfb17)) {
      const afterVowel = prevLetter && ARMENIAN_VOWELS.has(prevLower);
      const nextLower = text.charAt(i + 1).toLowerCase();
      if (lower === 'ո' && nextLower === 'ւ') {
        latin = 'u'; // ու is the single vowel u
        i++;
        prevLetter = true;
        prevLower = 'ւ';
        out += withCase(latin, upper, allCaps);
        continue;
      } else if (lower === 'ե') {
        latin = wordStart || afterVowel ? 'ye' : 'e';
      } else if (lower === 'և') {
        latin = wordStart || afterVowel ? 'yev' : 'ev';
      } else if (lower === 'ո') {
        const isWordOv = wordStart && nextLower === 'վ' && !isLetter(text.charCodeAt(i + 2) || 0);
        latin = wordStart && !isWordOv ? 'vo' : 'o';
      } else {
        latin = ARMENIAN.get(lower);
      }
    } else if (code >= 0x0400 && code <= 0x052f) {
      latin = CYRILLIC.get(lower);
    }

    out += latin === undefined ? ch : withCase(latin, upper, allCaps);
    prevLetter = letter;
    prevLower = lower;
  }
  return out;
}

/**
 * Which of the three supported scripts the letters of `text` use. Digits, punctuation,
 * combining marks and letters of other scripts are ignored; 'none' when no letters remain.
 */
export function detectScript(text: string): Script {
  let armenian = false;
  let cyrillic = false;
  let latin = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isLatinLetter(c)) latin = true;
    else if (isArmenianLetter(c)) armenian = true;
    else if (isCyrillicLetter(c)) cyrillic = true;
  }
  const count = Number(armenian) + Number(cyrillic) + Number(latin);
  if (count === 0) return 'none';
  if (count > 1) return 'mixed';
  return armenian ? 'armenian' : cyrillic ? 'cyrillic' : 'latin';
}
