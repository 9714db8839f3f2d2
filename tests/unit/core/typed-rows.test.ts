import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { sql, type TypedStatement } from '../../../electron/core/db/statements.js';
import { cleanupTemp, makeTempCore, type TempCore } from '../../helpers/core.js';

/**
 * Core names a statement's row type where it prepares the statement (`sql<Row>(db, text)`), not with an `as` cast
 * on each answer, so a column read under a name the row does not have fails `npm run typecheck`. The `expectTypeOf`
 * lines and the `@ts-expect-error` lines are checked by the compiler (an expected error that does not happen is
 * itself an error); the assertions check that the answers at run time have the shape the types claim.
 */

interface SettingRow {
  key: string;
  value: string;
}

const BY_KEY = 'SELECT key, value FROM settings WHERE key = ?';

let t: TempCore;
afterEach(cleanupTemp);

describe('a typed statement', () => {
  beforeEach(() => {
    t = makeTempCore();
    t.db.prepare("INSERT INTO settings (key, value) VALUES ('typed.a', 'one'), ('typed.b', 'two')").run();
  });

  it('answers its row type from get, all and iterate', () => {
    const statement = sql<SettingRow>(t.db, BY_KEY);
    expectTypeOf(statement).toEqualTypeOf<TypedStatement<SettingRow>>();
    expectTypeOf(statement.get).returns.toEqualTypeOf<SettingRow | undefined>();
    expectTypeOf(statement.all).returns.toEqualTypeOf<SettingRow[]>();
    // Read from the signature: calling iterate here would leave the statement busy.
    expectTypeOf(statement.iterate).returns.toEqualTypeOf<IterableIterator<SettingRow>>();

    expect(statement.get('typed.a')).toEqual({ key: 'typed.a', value: 'one' });
    expect(statement.get('typed.none')).toBeUndefined();
    expect(statement.all('typed.b')).toEqual([{ key: 'typed.b', value: 'two' }]);
    expect([...statement.iterate('typed.b')]).toEqual([{ key: 'typed.b', value: 'two' }]);
  });

  it('refuses at compile time a column the row does not have', () => {
    const row = sql<SettingRow>(t.db, BY_KEY).get('typed.a');
    // @ts-expect-error `valeu` is not a column of SettingRow: a renamed or misspelt column fails the compiler.
    const misspelt: unknown = row?.valeu;
    expect(misspelt).toBeUndefined();
    expect(row?.value).toBe('one');

    // A statement with no row type answers `unknown`: a column cannot be read without naming the row.
    const untyped = sql(t.db, BY_KEY).get('typed.a');
    expectTypeOf(untyped).toEqualTypeOf<unknown>();
    // @ts-expect-error reading a column of an untyped answer
    expect(untyped.value).toBe('one');
  });

  it('types the parameters when they are named', () => {
    const statement = sql<SettingRow, [key: string]>(t.db, BY_KEY);
    expect(statement.get('typed.b')?.value).toBe('two');
    // @ts-expect-error a number where the statement takes a string key
    expect(statement.get(7)).toBeUndefined();
    // @ts-expect-error one parameter, not two
    expect(() => statement.get('typed.b', 'extra')).toThrow(/parameter values/);
  });

  it('names the new shape when pluck or raw switch the mode', () => {
    const values = sql(t.db, 'SELECT value FROM settings WHERE key >= ? AND key < ? ORDER BY key').pluck<string>();
    expectTypeOf(values).toEqualTypeOf<TypedStatement<string>>();
    expectTypeOf(values.all).returns.toEqualTypeOf<string[]>();
    expect(values.all('typed.', 'typed/')).toEqual(['one', 'two']);

    const pairs = sql<SettingRow>(t.db, BY_KEY).raw<[string, string]>();
    expectTypeOf(pairs.get).returns.toEqualTypeOf<[string, string] | undefined>();
    expect(pairs.get('typed.a')).toEqual(['typed.a', 'one']);
    // The mode switch is still the shared cached statement of that mode.
    expect(sql(t.db, BY_KEY).raw()).toBe(pairs);

    // @ts-expect-error a plucked value is a string, not a row
    expect(values.get('typed.a', 'typed/')?.value).toBeUndefined();
  });
});
