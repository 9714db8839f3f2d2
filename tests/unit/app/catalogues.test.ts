import { describe, expect, it } from 'vitest';
import { en } from '../../../app/src/i18n/en';
import { hy } from '../../../app/src/i18n/hy';
import { ru } from '../../../app/src/i18n/ru';
import { FEATURE_CATALOGS } from '../../../app/src/i18n/features';

/** No untranslated string: the three catalogues have the same keys, no empty text, the same placeholders. */

type Catalogue = Record<string, string>;
const catalogues: { name: string; en: Catalogue; hy: Catalogue; ru: Catalogue }[] = [
  { name: 'core', en, hy, ru },
  ...FEATURE_CATALOGS.map((c: { en: Catalogue; hy: Catalogue; ru: Catalogue }, i: number) => ({ name: `feature ${i}`, ...c })),
];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each(catalogues)('the $name catalogue', ({ en: english, hy: armenian, ru: russian }) => {
  it.each([['Armenian', armenian], ['Russian', russian]] as const)('has every English key in %s, and no other', (_name, other) => {
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
