import { describe, expect, it } from 'vitest';
import { catalogs, translate } from '../../../app/src/i18n/index';

/** Counts follow each language's plural rules: one/other in English and Armenian, one/few/many in Russian. */
const persons = '{count, plural, one {# person} other {# persons}}';
const russian = '{count, plural, one {# человек} few {# человека} many {# человек} other {# человека}}';

function withMessage<T>(language: 'en' | 'hy' | 'ru', text: string, run: () => T): T {
  const catalog = catalogs[language] as Record<string, string>;
  catalog['test.plural'] = text;
  try {
    return run();
  } finally {
    delete catalog['test.plural'];
  }
}

describe('translate with plurals', () => {
  it('chooses one and other in English', () => {
    withMessage('en', persons, () => {
      expect(translate('en', 'test.plural', { count: 1 })).toBe('1 person');
      expect(translate('en', 'test.plural', { count: 0 })).toBe('0 persons');
      expect(translate('en', 'test.plural', { count: 12345 })).toBe('12,345 persons');
    });
  });

  it('chooses one, few and many in Russian', () => {
    withMessage('ru', russian, () => {
      expect(translate('ru', 'test.plural', { count: 1 })).toBe('1 человек');
      expect(translate('ru', 'test.plural', { count: 3 })).toBe('3 человека');
      expect(translate('ru', 'test.plural', { count: 5 })).toBe('5 человек');
      expect(translate('ru', 'test.plural', { count: 11 })).toBe('11 человек');
      expect(translate('ru', 'test.plural', { count: 21 })).toBe('21 человек');
      expect(translate('ru', 'test.plural', { count: 22 })).toBe('22 человека');
    });
  });

  it('treats 0 and 1 as one in Armenian', () => {
    withMessage('hy', '{count, plural, one {# անձ (one)} other {# անձ}}', () => {
      expect(translate('hy', 'test.plural', { count: 0 })).toBe('0 անձ (one)');
      expect(translate('hy', 'test.plural', { count: 1 })).toBe('1 անձ (one)');
      expect(translate('hy', 'test.plural', { count: 2 })).toBe('2 անձ');
    });
  });

  it('prefers an exact form and keeps other placeholders', () => {
    withMessage('en', 'In {place}: {count, plural, =0 {nobody} one {# person ({name})} other {# persons}}', () => {
      expect(translate('en', 'test.plural', { count: 0, place: 'Goris' })).toBe('In Goris: nobody');
      expect(translate('en', 'test.plural', { count: 1, place: 'Goris', name: 'Ani' })).toBe('In Goris: 1 person (Ani)');
    });
  });
});
