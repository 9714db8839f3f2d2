import { useUi } from '../store';
import { en } from './en';
import { FEATURE_CATALOGS } from './features';
import { hy } from './hy';
import { ru } from './ru';

export type Language = 'en' | 'hy' | 'ru';
// Distributes over the catalogues, so every feature's keys join (a plain `extends` would keep only shared keys).
type KeysOf<C> = C extends { en: infer E } ? keyof E : never;
type FeatureKey = KeysOf<(typeof FEATURE_CATALOGS)[number]>;
export type MessageKey = keyof typeof en | FeatureKey;
export const LANGUAGES: readonly { code: Language; label: string }[] = [
  { code: 'en', label: 'English' },
  { code: 'hy', label: 'Հայերեն' },
  { code: 'ru', label: 'Русский' },
];

const merge = (base: Record<string, string>, language: Language): Record<string, string> =>
  Object.assign({}, base, ...FEATURE_CATALOGS.map((c: Record<Language, Record<string, string>>) => c[language]));

export const catalogs = { en: merge(en, 'en'), hy: merge(hy, 'hy'), ru: merge(ru, 'ru') } as Record<Language, Record<MessageKey, string>>;

export type Params = Record<string, string | number>;

export function translate(language: Language, key: string, params?: Params): string {
  const catalog = catalogs[language] as Record<string, string>;
  const text = catalog[key] ?? (catalogs.en as Record<string, string>)[key] ?? key;
  if (!params) return text;
  const plural = text.includes(', plural,') ? selectPlurals(text, language, params) : text;
  return plural.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

// CLDR's Armenian rule (one: i = 0,1), for a Chromium built without Armenian locale data.
const armenianPlural = (n: number): Intl.LDMLPluralRule => (Math.floor(Math.abs(n)) <= 1 ? 'one' : 'other');
const pluralRules = new Map<Language, (n: number) => Intl.LDMLPluralRule>();
function pluralCategory(language: Language, n: number): Intl.LDMLPluralRule {
  let rule = pluralRules.get(language);
  if (!rule) {
    const tag = { en: 'en', hy: 'hy', ru: 'ru' }[language];
    const rules = Intl.PluralRules.supportedLocalesOf([tag]).length > 0 ? new Intl.PluralRules(tag) : undefined;
    rule = rules ? (x: number) => rules.select(x) : language === 'hy' ? armenianPlural : (x: number) => (x === 1 ? 'one' : 'other');
    pluralRules.set(language, rule);
  }
  return rule(n);
}

/**
 * ICU-style plurals, one level deep: `{count, plural, one {# person} few {# persons} many {# persons} other {# persons}}`
 * (`=0 {...}` for an exact number); `#` is the number, formatted for the language.
 */
function selectPlurals(text: string, language: Language, params: Params): string {
  return text.replace(
    /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*(?:\{\w+\}[^{}]*)*\})+)\s*\}/g,
    (whole, name: string, body: string) => {
      const n = Number(params[name]);
      if (!Number.isFinite(n)) return whole;
      const forms = new Map<string, string>();
      for (const m of body.matchAll(/(=\d+|zero|one|two|few|many|other)\s*\{((?:[^{}]|\{\w+\})*)\}/g)) forms.set(m[1] as string, m[2] as string);
      const chosen = forms.get(`=${n}`) ?? forms.get(pluralCategory(language, n)) ?? forms.get('other') ?? '';
      return chosen.replace(/#/g, formatNumber(n, language));
    },
  );
}

export const hasMessage = (key: string): boolean => key in catalogs.en;

export type T = (key: MessageKey, params?: Params) => string;

export function useT(): T {
  const language = useUi((s) => s.language);
  return (key, params) => translate(language, key, params);
}

/** Translates an issue from core or the form by its code, falling back to core's English message. */
export function useIssueText(): (issue: { code: string; message: string; params?: Params }) => string {
  const language = useUi((s) => s.language);
  return (issue) => (hasMessage(issue.code) ? translate(language, issue.code, issue.params) : issue.message);
}

// Chromium (and so Electron) ships no Armenian locale data and would fall back to US formats; Russian formats dates
// and numbers as Armenia writes them (29.11.2026, 12 345).
const supported = (tag: string, fallback: string): string => (Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0 ? tag : fallback);
const LOCALES: Record<Language, string> = { en: 'en-GB', hy: supported('hy-AM', 'ru-RU'), ru: 'ru-RU' };

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Every date the UI shows goes through here: day.month.year in every language, as the date inputs take it
 * (components/DateInput), so 02.12 is always the 2nd of December, whatever the computer's locale.
 */
export function formatDate(iso: string, _language: Language): string {
  if (iso.length === 10) return iso.split('-').reverse().join('.');
  const d = new Date(iso);
  return `${pad2(d.getDate())}.${pad2(d.getMonth() + 1)}.${d.getFullYear()}`;
}

/** Local date and time, 24 hours: 02.12.2026 09:30. */
export function formatDateTime(iso: string, language: Language): string {
  const d = new Date(iso);
  return `${formatDate(iso.length === 10 ? `${iso}T00:00:00` : iso, language)} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

export function formatNumber(n: number, language: Language): string {
  return new Intl.NumberFormat(LOCALES[language]).format(n);
}
