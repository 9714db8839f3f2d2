import type Database from 'better-sqlite3-multiple-ciphers';

/** How a statement returns rows: better-sqlite3's pluck/raw/expand (one at most) and safeIntegers. */
interface Mode {
  shape: 'rows' | 'pluck' | 'raw' | 'expand';
  safeIntegers: boolean;
}

const ROWS: Mode = { shape: 'rows', safeIntegers: false };
const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * A cached statement whose answers carry the row type named where it is prepared: `.get()` is `Row | undefined`,
 * `.all()` is `Row[]`, `.iterate()` yields `Row`. A mode switch names the new shape: `.pluck<number>()` answers
 * one column, `.raw<[string, number]>()` answers arrays, `.expand<T>()` answers rows keyed by table. `.bind()`
 * always throws (see `sql`).
 */
export interface TypedStatement<Row = unknown, Params extends unknown[] = unknown[]> extends Omit<
  Database.Statement<unknown[], Row>,
  'run' | 'get' | 'all' | 'iterate' | 'pluck' | 'raw' | 'expand' | 'safeIntegers' | 'bind'
> {
  run(...params: Params): Database.RunResult;
  get(...params: Params): Row | undefined;
  all(...params: Params): Row[];
  iterate(...params: Params): IterableIterator<Row>;
  pluck<Value = unknown>(toggleState?: boolean): TypedStatement<Value, Params>;
  raw<Values extends unknown[] = unknown[]>(toggleState?: boolean): TypedStatement<Values, Params>;
  expand<Tables = Record<string, Record<string, unknown>>>(toggleState?: boolean): TypedStatement<Tables, Params>;
  safeIntegers(toggleState?: boolean): TypedStatement<Row, Params>;
  bind(...params: Params): never;
}

/**
 * Prepares each SQL text once per connection; hot paths (search, seeding, import) reuse the statement.
 *
 * A cached statement is shared by every caller, so its mode never changes: `.pluck()`, `.raw()`, `.expand()` and
 * `.safeIntegers()` on it return another cached statement prepared in that mode (chaining reads as before), and
 * `.bind()` is refused. One reader calling `.pluck()` on the settings statement once made every setting read "not
 * set" until a restart.
 */
export function sql<Row = unknown, Params extends unknown[] = unknown[]>(db: Database.Database, text: string): TypedStatement<Row, Params> {
  // The row type is the caller's word for the columns the text selects; the statement itself is untyped.
  return cached(db, text, ROWS) as unknown as TypedStatement<Row, Params>;
}

function cached(db: Database.Database, text: string, mode: Mode): Database.Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const key = `${mode.shape}:${mode.safeIntegers ? 1 : 0}:${text}`;
  let statement = cache.get(key);
  if (!statement) {
    statement = prepareIn(db, text, mode);
    cache.set(key, statement);
  }
  return statement;
}

function prepareIn(db: Database.Database, text: string, mode: Mode): Database.Statement {
  const statement = db.prepare(text);
  if (mode.shape !== 'rows') statement[mode.shape](true);
  if (mode.safeIntegers) statement.safeIntegers(true);
  // Own properties shadow the prototype's mode switches on this one shared object.
  const shapeSwitch =
    (shape: 'pluck' | 'raw' | 'expand') =>
    (on = true): Database.Statement =>
      cached(db, text, { ...mode, shape: on ? shape : mode.shape === shape ? 'rows' : mode.shape });
  Object.defineProperties(statement, {
    pluck: { value: shapeSwitch('pluck') },
    raw: { value: shapeSwitch('raw') },
    expand: { value: shapeSwitch('expand') },
    safeIntegers: { value: (on = true): Database.Statement => cached(db, text, { ...mode, safeIntegers: on }) },
    bind: {
      value: (): never => {
        throw new Error('A cached statement is shared: bind parameters at each call, or prepare a statement of your own to bind.');
      },
    },
  });
  return statement;
}
