import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HouseholdInput } from '../../../electron/api/schemas/household.js';
import { HouseholdSchema } from '../../../electron/api/schemas/household.js';
import type { SearchHit } from '../../../electron/api/views.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { updateHousehold, voidHousehold } from '../../../electron/core/households/write.js';
import { searchPersons } from '../../../electron/core/search/persons.js';
import { cleanupTemp, makeTempCore, person, type TempCore } from '../../helpers/core.js';

/** Search as you type on a real SQLite file: scripts, spelling variants, partial words, numbers, phones, documents. */

let t: TempCore;
const ON = '2026-11-20';
const search = (q: string, limit = 20): SearchHit[] => searchPersons(t.db, q, limit, ON);
const names = (q: string, limit = 20): string[] => search(q, limit).map((h) => h.name);

const household = (members: HouseholdInput['members'], extra: Partial<HouseholdInput> = {}): HouseholdInput => ({
  arrivedAt: '2026-11-20T08:00:00.000Z',
  members,
  ...extra,
});

beforeEach(() => {
  t = makeTempCore();
  // Hasmik Sargsyan typed in Armenian at one desk, with her husband; their passport and phone.
  t.register(
    household(
      [
        person('Աշոտ', 'Սարգսյան', 'M', '1975-02-10', 'head', { documents: [{ type: 'passport', number: 'AN 0456789' }] }),
        person('Հասմիկ', 'Սարգսյան', 'F', '1978-06-21', 'spouse'),
      ],
      { phone: '+374 91 123456' },
    ),
  );
  // An Oganesyan family typed in Cyrillic.
  t.register(
    household([
      person('Арам', 'Оганесян', 'M', '1969-01-01', 'head', { patronymic: 'Петросович' }),
      person('Анна', 'Оганесян', 'F', '1999-03-03', 'child', { phone: '8 915 123-45-67' }),
    ]),
  );
  // Latin spellings from a list: Khachatryan and Mkrtchyan; a Petrosian.
  t.register(household([person('Tigran', 'Khachatryan', 'M', '1988-08-08')]));
  t.register(household([person('Gayane', 'Mkrtchyan', 'F', '1990-10-10')]));
  t.register(household([person('Narine', 'Petrosian', 'F', '1985-05-05')]));
  // Others sharing a first letter, so that prefixes have something to leave out.
  t.register(household([person('Ani', 'Sahakyan', 'F', '1992-02-02'), person('Sargis', 'Sahakyan', 'M', '1990-01-01', 'spouse')]));
  t.register(household([person('Hovhannes', 'Abrahamyan', 'M', '1960-12-12')]));
});
afterEach(cleanupTemp);

describe('one script finds the others', () => {
  it.each([
    ['Armenian', 'Հասմիկ Սարգսյան'],
    ['Cyrillic', 'Асмик Саркисян'],
    ['Latin', 'Hasmik Sargsyan'],
    ['Latin variant', 'Hasmik Sarkissian'],
    ['family name first', 'Sargsyan Hasmik'],
  ])('%s: %s', (_label, query) => {
    const hits = search(query);
    expect(hits[0]?.name).toBe('Հասմիկ Սարգսյան');
    expect(hits).toHaveLength(1);
  });

  it('says why: as typed, a spelling variant, or another script', () => {
    expect(search('Հասմիկ')[0]?.reasons).toEqual(['name']);
    expect(search('Асмик')[0]?.reasons).toEqual(['other_script']);
    expect(search('Оганесян Арам')[0]?.reasons).toEqual(['name']);
    expect(search('Оганисян Арам')[0]?.reasons).toEqual(['name_variant']);
  });
});

describe('spelling variants meet', () => {
  it.each(['Hovhannisyan', 'Hovannisian', 'Ovanesyan', 'Оганесян', 'Հովհաննիսյան'])('%s finds the Оганесян family', (query) => {
    expect(names(query)).toEqual(expect.arrayContaining(['Арам Петросович Оганесян', 'Анна Оганесян']));
  });

  it.each(['Khachatryan', 'Xachatryan', 'Hachatryan', 'Хачатрян', 'Խաչատրյան', 'Khachatrian'])('kh / x / h: %s', (query) => {
    expect(names(query)).toEqual(['Tigran Khachatryan']);
  });

  it.each(['Petrosyan', 'Petrosian', 'Петросян', 'Petrosjan'])('-yan / -ian: %s', (query) => {
    expect(names(query)).toContain('Narine Petrosian');
  });

  it('b / p: Акопян is Hakobyan', () => {
    t.register(household([person('Armine', 'Hakobyan', 'F', '1995-06-30')]));
    expect(names('Акопян')).toEqual(['Armine Hakobyan']);
    expect(names('Акоп')).toEqual(['Armine Hakobyan']);
    expect(search('Акопян')[0]?.reasons).toEqual(['other_script']);
  });

  it('finds a patronymic in another script', () => {
    expect(names('Petrosovich')).toEqual(['Арам Петросович Оганесян']);
  });
});

describe('partial names as they are typed', () => {
  const everyPrefix = (word: string, from = 2) => Array.from({ length: word.length - from + 1 }, (_, i) => word.slice(0, from + i));

  it.each([
    ['Hovhannisyan', 'Анна Оганесян'],
    ['Оганесян', 'Анна Оганесян'],
    ['Մկրտչյան', 'Gayane Mkrtchyan'],
    ['Mkrtchyan', 'Gayane Mkrtchyan'],
    ['Хачатрян', 'Tigran Khachatryan'],
    ['Sargsyan', 'Հասմիկ Սարգսյան'],
  ])('every keystroke of %s keeps %s in the results', (word, expected) => {
    for (const prefix of everyPrefix(word)) expect(names(prefix, 50), prefix).toContain(expected);
  });

  it('narrows with each word', () => {
    // Hasmik is Асмик in Russian: her name begins with A as well.
    expect(names('Sargsyan A')).toEqual(['Աշոտ Սարգսյան', 'Հասմիկ Սարգսյան']);
    expect(names('Sargsyan Ash')).toEqual(['Աշոտ Սարգսյան']);
    expect(names('Sa A')).toEqual(expect.arrayContaining(['Աշոտ Սարգսյան', 'Ani Sahakyan']));
    expect(names('Sa A')).not.toContain('Sargis Sahakyan');
  });

  it('puts the whole name before longer names it begins', () => {
    // "Ani" is Ani Sahakyan's whole given name and only the start of Anna.
    const hits = names('Ani');
    expect(hits[0]).toBe('Ani Sahakyan');
  });

  it('finds nothing for a word that no name begins with', () => {
    expect(search('Sargsyan Zzyzx')).toEqual([]);
    expect(search('   ')).toEqual([]);
  });
});

describe('numbers, phones and documents', () => {
  it('finds a household by its registration number in any case and spacing', () => {
    const number = search('Ashot')[0]?.registrationNumber ?? '';
    for (const typed of [number, number.toLowerCase(), number.replace(/-/g, ' '), number.replace(/-/g, '')]) {
      const hits = search(typed);
      expect(hits[0]?.name, typed).toBe('Աշոտ Սարգսյան');
      expect(hits[0]?.reasons).toContain('registration_number');
    }
  });

  it.each(['+374 91 123456', '091 123456', '091-12-34-56', '0037491123456', '(091) 12 34 56', '123456', '91 12 34 56'])(
    'finds the household phone typed as %s',
    (typed) => {
      const hits = search(typed);
      expect(hits[0]?.name).toBe('Աշոտ Սարգսյան');
      expect(hits[0]?.reasons).toContain('phone');
    },
  );

  it('finds a phone from its first digits while it is typed', () => {
    expect(names('+374 91 12')).toContain('Աշոտ Սարգսյան');
    expect(names('091 12')).toContain('Աշոտ Սարգսյան');
  });

  it('finds a Russian mobile written with the trunk 8 or +7', () => {
    for (const typed of ['8 915 123-45-67', '+7 915 123 45 67', '9151234567']) {
      expect(names(typed), typed).toEqual(['Анна Оганесян']);
    }
  });

  it.each(['AN 0456789', 'an0456789', 'AN-0456789', 'АN 0456789'])('finds a document number typed as %s', (typed) => {
    const hits = search(typed);
    expect(hits[0]?.name).toBe('Աշոտ Սարգսյան');
    expect(hits[0]?.reasons).toContain('document');
  });
});

describe('the index follows the file', () => {
  it('finds a corrected name and no longer the old one; a voided household sinks', () => {
    const saved = t.register(household([person('Lusine', 'Davtyan', 'F', '1970-04-04')]));
    expect(names('Давтян')).toEqual(['Lusine Davtyan']);
    const corrected = HouseholdSchema.parse(household([person('Lusine', 'Movsisyan', 'F', '1970-04-04')]));
    updateHousehold(t.ctx, SYSTEM_ACTOR, { id: saved.id, expectedVersion: 1, household: corrected });
    expect(search('Давтян')).toEqual([]);
    expect(names('Мовсисян')).toEqual(['Lusine Movsisyan']);

    const twin = t.register(household([person('Lusine', 'Movsisyan', 'F', '1971-04-04')]));
    voidHousehold(t.ctx, SYSTEM_ACTOR, { id: twin.id, expectedVersion: 1, reason: 'Registered twice' });
    const hits = search('Lusine Movsisyan');
    expect(hits.map((h) => h.householdStatus)).toEqual(['active', 'voided']);
  });

  it('keeps the key vocabulary equal to the keys held', () => {
    const saved = t.register(household([person('Lusine', 'Davtyan', 'F', '1970-04-04')]));
    updateHousehold(t.ctx, SYSTEM_ACTOR, {
      id: saved.id,
      expectedVersion: 1,
      household: HouseholdSchema.parse(household([person('Lusine', 'Movsisyan', 'F', '1970-04-04')])),
    });
    const held = t.db.prepare("SELECT key, count(*) AS persons FROM search_keys WHERE key >= 'n:' AND key < 'n;' GROUP BY key ORDER BY key").all();
    const vocabulary = t.db.prepare('SELECT key, persons FROM search_vocab WHERE persons > 0 ORDER BY key').all();
    expect(vocabulary).toEqual(held);
  });
});
