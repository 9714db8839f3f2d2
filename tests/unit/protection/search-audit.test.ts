import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { verifyAuditChain } from '../../../electron/core/audit/trail.js';
import { appendAudit } from '../../../electron/core/audit/trail.js';
import { SEARCH_PAUSE_MS } from '../../../electron/core/audit/access-log.js';
import { createDispatcher, type Dispatcher } from '../../../electron/handlers/dispatch.js';
import { FAMILY, protectedStation, secretOf, type ProtectedStation } from '../../helpers/protection.js';

/**
 * A clerk types "Hovhannisyan" letter by letter; the box sends a query per letter. The trail keeps one event for
 * that search, with the ids of the persons shown (and the household opened), never what was typed.
 */

let station: ProtectedStation;
let dispatcher: Dispatcher;

interface SearchEvent {
  seq: number;
  operator: string;
  entityId: string;
  detail: string;
}
const searchEvents = (): SearchEvent[] =>
  station.core.ctx.db
    .prepare("SELECT seq, operator, entity_id AS entityId, detail FROM audit_events WHERE action = 'search' ORDER BY seq")
    .all() as SearchEvent[];

const NAME = 'Hovhannisyan';
async function typeLetterByLetter(text: string, connection = 'desk'): Promise<string[]> {
  const shown = new Set<string>();
  for (let i = 1; i <= text.length; i++) {
    const result = await dispatcher.invoke('search.query', { text: text.slice(0, i), limit: 50 }, connection);
    if (!result.ok) throw new Error(result.error.message);
    for (const hit of result.value as { personId: string }[]) shown.add(hit.personId);
  }
  return [...shown];
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  station = protectedStation();
  await station.operator('Sona', 'supervisor');
  dispatcher = createDispatcher(station.core, () => undefined);
  const signed = await dispatcher.invoke('session.signIn', { name: 'Sona', secret: secretOf('Sona') }, 'desk');
  expect(signed.ok).toBe(true);
});
afterEach(() => {
  vi.useRealTimers();
  station.dispose();
});

describe('the audit of a search', () => {
  it('is one event when the clerk opens a result: the persons shown and the household opened, not the text', async () => {
    const { id } = station.register();
    station.register({ ...FAMILY, phone: '+374 99 100 200', members: [{ ...FAMILY.members[0]!, givenName: 'Armen', relationship: 'head' }] });
    const shown = await typeLetterByLetter(NAME);
    expect(shown.length).toBeGreaterThanOrEqual(3);
    expect(searchEvents()).toEqual([]);
    expect((await dispatcher.invoke('household.get', { id }, 'desk')).ok).toBe(true);
    const events = searchEvents();
    expect(events).toHaveLength(1);
    const detail = JSON.parse(events[0]!.detail) as { queries: number; shown: string[]; opened: string | null };
    expect(detail).toEqual({ queries: NAME.length, shown: expect.arrayContaining(shown) as unknown, more: 0, opened: id });
    expect(detail.shown).toHaveLength(shown.length);
    expect(events[0]).toMatchObject({ operator: 'Sona', entityId: id });
    expect(events[0]!.detail.toLowerCase()).not.toMatch(/hov|text|query/);
  });

  it('is one event after a pause; the next search starts a new one', async () => {
    station.register();
    await typeLetterByLetter(NAME);
    vi.advanceTimersByTime(SEARCH_PAUSE_MS - 100);
    expect(searchEvents()).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(searchEvents()).toHaveLength(1);
    await typeLetterByLetter('Anahit');
    vi.advanceTimersByTime(SEARCH_PAUSE_MS + 10);
    const events = searchEvents();
    expect(events).toHaveLength(2);
    expect(JSON.parse(events[1]!.detail)).toMatchObject({ queries: 6, opened: null });
  });

  it('ends with the lock, the sign-out and the closing of the app, each search by its own operator', async () => {
    station.register();
    await typeLetterByLetter('Anahit');
    await dispatcher.invoke('session.lock', {}, 'desk');
    expect(searchEvents()).toHaveLength(1);
    await dispatcher.invoke('session.signIn', { name: 'Sona', secret: secretOf('Sona') }, 'desk');
    await typeLetterByLetter('Gor');
    await dispatcher.invoke('session.signOut', {}, 'desk');
    expect(searchEvents()).toHaveLength(2);
    await dispatcher.invoke('session.signIn', { name: 'Sona', secret: secretOf('Sona') }, 'desk');
    await typeLetterByLetter('Hov');
    const seq = searchEvents().length;
    station.core.close();
    station.core = (await import('../../../electron/core/index.js')).openCore({ dataDir: station.dataDir });
    expect(searchEvents()).toHaveLength(seq + 1);
    expect(searchEvents().every((e) => e.operator === 'Sona')).toBe(true);
  });

  it('leaves events already written as they are: the trail is append-only', async () => {
    const db = station.core.ctx.db;
    db.transaction(() =>
      appendAudit(db, {
        at: '2024-09-26T09:00:00.000Z',
        operator: 'Sona',
        action: 'search',
        entity: 'search',
        entityId: '',
        detail: { text: 'Hovhannisyan', hits: 2 },
      }),
    )();
    const before = searchEvents();
    station.register();
    await typeLetterByLetter('Hov');
    vi.advanceTimersByTime(SEARCH_PAUSE_MS + 10);
    expect(searchEvents().slice(0, 1)).toEqual(before);
    expect(searchEvents()).toHaveLength(2);
    expect(verifyAuditChain(db).ok).toBe(true);
  });
});
