import { describe, expect, it } from 'vitest';
import { en } from '../../../app/src/i18n/en';
import { hy } from '../../../app/src/i18n/hy';
import { ru } from '../../../app/src/i18n/ru';
import { FEATURE_CATALOGS } from '../../../app/src/i18n/features';
import { hasMessage, translate } from '../../../app/src/i18n/index';
import { AUDIT_ACTIONS } from '../../../electron/api/audit-actions';

/** No untranslated string: the three catalogues have the same keys, no empty text, the same placeholders. */

type Catalogue = Record<string, string>;
const catalogues: { name: string; en: Catalogue; hy: Catalogue; ru: Catalogue }[] = [
  { name: 'core', en, hy, ru },
  ...FEATURE_CATALOGS.map((c: { en: Catalogue; hy: Catalogue; ru: Catalogue }, i: number) => ({ name: `feature ${i}`, ...c })),
];
/** The names a message fills in: plain `{name}` and the number of a plural `{name, plural, ...}`, each once. */
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]))].sort();
/** The forms each language's plural rules need (CLDR cardinal categories for whole numbers and fractions). */
const NEEDED_FORMS = { en: ['one', 'other'], hy: ['one', 'other'], ru: ['one', 'few', 'many', 'other'] } as const;
/** Each `{name, plural, ...}` in a text, with the forms it gives. */
const pluralForms = (text: string) =>
  [...text.matchAll(/\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*(?:\{\w+\}[^{}]*)*\})+)\s*\}/g)].map((m) => ({
    name: m[1],
    forms: [...(m[2] ?? '').matchAll(/(=\d+|zero|one|two|few|many|other)\s*\{/g)].map((f) => f[1]).sort(),
  }));

describe.each(catalogues)('the $name catalogue', ({ en: english, hy: armenian, ru: russian }) => {
  it.each([
    ['Armenian', armenian],
    ['Russian', russian],
  ] as const)('has every English key in %s, and no other', (_name, other) => {
    expect(Object.keys(other).sort()).toEqual(Object.keys(english).sort());
  });
  it('has no empty text and the same placeholders in every language', () => {
    for (const key of Object.keys(english)) {
      for (const catalogue of [english, armenian, russian]) {
        expect(catalogue[key]?.trim(), key).toBeTruthy();
        expect(placeholders(catalogue[key] ?? ''), key).toEqual(placeholders(english[key] ?? ''));
      }
    }
  });
  it('gives every plural the forms its language needs, and nothing a plural cannot read', () => {
    for (const key of Object.keys(english)) {
      for (const [language, catalogue] of [
        ['en', english],
        ['hy', armenian],
        ['ru', russian],
      ] as const) {
        const text = catalogue[key] ?? '';
        for (const plural of pluralForms(text)) expect(plural.forms, `${language} ${key}`).toEqual([...NEEDED_FORMS[language]].sort());
        // A plural the selector cannot parse would be shown as written: count the plurals both ways.
        expect(pluralForms(text).length, `${language} ${key}`).toBe(text.split(', plural,').length - 1);
        expect(text, `${language} ${key}: a count needs plural forms, not "(s)"`).not.toMatch(/\w\(s\)/);
      }
    }
  });
  it('reads as words for 1, 2, 5 and 21 of everything counted: no braces or # left', () => {
    for (const key of Object.keys(english).filter((k) => english[k]?.includes(', plural,'))) {
      for (const language of ['en', 'hy', 'ru'] as const) {
        for (const n of [1, 2, 5, 21]) {
          const text = translate(language, key, Object.fromEntries(placeholders(english[key] ?? '').map((name) => [name, n])));
          expect(text, `${language} ${key} ${n}`).not.toMatch(/[{}#]/);
        }
      }
    }
  });
  it('is really translated: Armenian text is in Armenian script, Russian in Cyrillic', () => {
    const letters = (c: Catalogue, script: RegExp) => Object.values(c).filter((v) => script.test(v)).length / Object.keys(c).length;
    expect(letters(armenian, /[\u0531-\u058F]/)).toBeGreaterThan(0.8);
    expect(letters(russian, /[\u0400-\u04FF]/)).toBeGreaterThan(0.8);
  });
});

describe('the keys the screens use', () => {
  const sources = import.meta.glob('../../../app/src/**/*.{ts,tsx}', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
  const all = new Set(catalogues.flatMap((c) => Object.keys(c.en)));
  it('all exist in the catalogues', () => {
    const missing: string[] = [];
    for (const [file, text] of Object.entries(sources)) {
      for (const m of text.matchAll(/\bt\('([a-zA-Z0-9_.-]+)'/g)) if (m[1] && !all.has(m[1])) missing.push(`${file}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });
});

describe('the audit trail in words', () => {
  it('names every kind of event core may append, in the three languages', () => {
    expect(AUDIT_ACTIONS.filter((action) => !hasMessage(`action.${action}`))).toEqual([]);
  });
});
