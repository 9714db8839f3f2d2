import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../electron/api/result.js';
import type { DailyReport } from '../../../electron/api/views-print.js';
import type { QueueBoard, QueueDayEnd, QueueDeskState, QueueOverview, QueueTicketView } from '../../../electron/api/views-queue.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { purgeExpired } from '../../../electron/core/protection/retention.js';
import { CALLING_RULE } from '../../../electron/core/queue/calling.js';
import { queueDayFigures } from '../../../electron/core/queue/tickets.js';
import { createDispatcher, type Dispatcher } from '../../../electron/handlers/dispatch.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stationPublicKey } from '../../../electron/core/batch/keys.js';
import { keyFingerprint } from '../../../electron/core/batch/raw-keys.js';
import { sql } from '../../../electron/core/db/statements.js';
import { openCore } from '../../../electron/core/index.js';
import { createQueueHostServer } from '../../../electron/core/queue/host-server.js';
import { admitMember } from '../../../electron/core/queue/lan-host.js';
import { issueTicket } from '../../../electron/core/queue/tickets.js';
import { protectedStation, secretOf, type ProtectedStation } from '../../helpers/protection.js';

/**
 * The queue at one centre, this station its host (issue 17): tickets issued at the door by a greeter, called by the
 * desk by the rule, and what the display, the supervisor and the day's end see. Real SQLite, through the dispatcher.
 */

let station: ProtectedStation;
let dispatcher: Dispatcher;

async function as<T>(connection: string, method: string, input: unknown = {}): Promise<T> {
  const r = (await dispatcher.invoke(method, input, connection)) as Result<T>;
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value;
}
const refusal = async (connection: string, method: string, input: unknown = {}) => {
  const r = (await dispatcher.invoke(method, input, connection)) as Result<unknown>;
  return r.ok ? 'ok' : r.error.code;
};

const OPERATORS = [
  ['Gor', 'greeter'],
  ['Raffi', 'registrar'],
  ['Sona', 'supervisor'],
] as const;
const signInAll = async () => {
  for (const [name] of OPERATORS) await as(name, 'session.signIn', { name, secret: secretOf(name) });
};
/** Time passes at the centre; the operators sign in again after their screens locked. */
async function later(seconds: number) {
  station.clock.advance(seconds);
  await signInAll();
}

beforeEach(async () => {
  station = protectedStation('2026-12-03T06:00:00.000Z');
  dispatcher = createDispatcher(station.core, () => undefined);
  for (const [name, role] of OPERATORS) await station.operator(name, role);
  await signInAll();
  await as('Sona', 'queue.saveSettings', { prefix: 'A', desk: 'Desk 3', doorClosesAt: '23:59', defaultServiceMinutes: 4 });
});
afterEach(() => station.dispose());

const issue = (input: Record<string, unknown>) => as<QueueTicketView>('Gor', 'queue.issue', { householdSize: 3, language: 'hy', ...input });

describe('the queue at the door', () => {
  it('issues numbered tickets that say their lane, never the reason, with an estimated wait', async () => {
    const first = await issue({ headName: 'Արամ Սարգսյան' });
    const second = await issue({ priority: ['pregnant_lactating'], language: 'ru', householdSize: 5 });
    expect(first.number).toBe('A-001');
    expect(second.number).toBe('A-002');
    expect(second.lane).toBe('priority');
    expect(JSON.stringify(second)).not.toContain('pregnant');
    expect(first.estimatedWaitMinutes).not.toBeNull();
    // A greeter issues tickets and does nothing else.
    expect(await refusal('Gor', 'queue.callNext')).toBe('forbidden');
    expect(await refusal('Gor', 'household.recent')).toBe('forbidden');
    expect(await refusal('Gor', 'queue.overview')).toBe('forbidden');
  });

  it('calls priority first, pre-fills the desk with the name typed at the door, and serves everyone in the end', async () => {
    await issue({ headName: 'Արամ Սարգսյան', householdSize: 4 });
    await later(60);
    await issue({ headName: 'Мария Петросян', priority: ['older_person'] });
    const first = await as<QueueTicketView>('Raffi', 'queue.callNext');
    expect(first.number).toBe('A-002');
    expect(first.headName).toBe('Мария Петросян');
    expect(await as<QueueDeskState>('Raffi', 'queue.current')).toMatchObject({ current: { number: 'A-002' }, waiting: 1 });
    await later(240);
    const second = await as<QueueTicketView>('Raffi', 'queue.callNext');
    expect(second).toMatchObject({ number: 'A-001', headName: 'Արամ Սարգսյան', householdSize: 4 });
    expect(await as<QueueTicketView | null>('Raffi', 'queue.callNext')).toBeNull();
    const overview = await as<QueueOverview>('Sona', 'queue.overview');
    expect(overview).toMatchObject({ waiting: 0, issuedToday: 2, servedToday: 2, headStartMinutes: CALLING_RULE.priorityHeadStartMinutes });
    expect(overview.desks).toEqual([expect.objectContaining({ desk: 'Desk 3', served: 2 })]);
  });

  it('lets nobody wait forever: past the head start, an earlier family goes before a new priority one', async () => {
    await issue({ headName: 'Early' });
    await later((CALLING_RULE.priorityHeadStartMinutes + 1) * 60);
    await issue({ priority: ['disability'] });
    expect((await as<QueueTicketView>('Raffi', 'queue.callNext')).number).toBe('A-001');
  });

  it('recalls, skips (the ticket keeps its place for other desks) and marks no-shows', async () => {
    const a = await issue({});
    const called = await as<QueueTicketView>('Raffi', 'queue.callNext');
    expect(called.id).toBe(a.id);
    await as('Raffi', 'queue.recall', { id: a.id });
    let board = await as<QueueBoard>('Raffi', 'queue.board');
    expect(board.calls.map((c) => c.number)).toEqual(['A-001', 'A-001']);
    const skipped = await as<QueueTicketView>('Raffi', 'queue.skip', { id: a.id });
    expect(skipped.status).toBe('waiting');
    // This desk skipped it: it is not offered to this desk again.
    expect(await as<QueueTicketView | null>('Raffi', 'queue.callNext')).toBeNull();
    const b = await issue({});
    expect((await as<QueueTicketView>('Raffi', 'queue.callNext')).id).toBe(b.id);
    expect((await as<QueueTicketView>('Raffi', 'queue.noShow', { id: b.id })).status).toBe('no_show');
    expect(await refusal('Raffi', 'queue.recall', { id: b.id })).toBe('conflict');
    board = await as<QueueBoard>('Raffi', 'queue.board');
    expect(board.lanes.find((l) => l.lane === 'general')?.waiting).toBe(1);
  });

  it('shows the display no names and no reasons, and answers it before anyone signs in', async () => {
    await issue({ headName: 'Արամ Սարգսյան', priority: ['serious_medical'] });
    await as('Raffi', 'queue.callNext');
    const board = await as<QueueBoard>('a television', 'queue.board');
    const text = JSON.stringify(board);
    expect(board.calls[0]).toMatchObject({ number: 'A-001', desk: 'Desk 3' });
    expect(text).not.toContain('Արամ');
    expect(text).not.toContain('medical');
  });

  it('cancels a ticket in the audit trail, and sends a waiting ticket to one desk', async () => {
    const a = await issue({});
    const b = await issue({});
    await as('Gor', 'queue.cancel', { id: a.id });
    expect(await refusal('Gor', 'queue.cancel', { id: a.id })).toBe('conflict');
    expect(await refusal('Raffi', 'queue.sendToDesk', { id: b.id, desk: 'Desk 7' })).toBe('forbidden');
    await as('Sona', 'queue.sendToDesk', { id: b.id, desk: 'Desk 7' });
    expect(await as<QueueTicketView[]>('Sona', 'queue.waiting')).toEqual([expect.objectContaining({ id: b.id, forDesk: 'Desk 7' })]);
    expect(await as<QueueTicketView | null>('Raffi', 'queue.callNext')).toBeNull();
    const trail = station.core.ctx.db.prepare("SELECT action, detail FROM audit_events WHERE action LIKE 'queue.%'").all() as {
      action: string;
      detail: string;
    }[];
    expect(trail.map((e) => e.action)).toContain('queue.ticket_cancelled');
  });

  it('ends the day: waiting tickets carried to the morning keep their place and number; door names go unless registered', async () => {
    const served = await issue({ headName: 'Registered Head' });
    await later(1);
    const left = await issue({ headName: 'Still Waiting' });
    await as('Raffi', 'queue.callNext');
    const household = station.register();
    await as('Raffi', 'queue.finish', { id: served.id, householdId: household.id });
    const end = await as<QueueDayEnd>('Sona', 'queue.endDay', { carry: true });
    expect(end).toEqual({ carried: 1, closed: 0, namesErased: 1 });
    const names = station.core.ctx.db.prepare('SELECT head_name FROM queue_tickets ORDER BY seq').pluck().all();
    expect(names).toEqual(['Registered Head', '']);
    // The next morning: the carried ticket keeps A-002, new tickets continue after it, and it is called first.
    await later(20 * 3600);
    const morning = await issue({ priority: ['older_person'] });
    expect(morning.number).toBe('A-003');
    expect((await as<QueueTicketView>('Raffi', 'queue.callNext')).id).toBe(left.id);
  });

  it('blanks names typed at the door on an earlier day with the purge, even when nobody ended that day', async () => {
    const registered = await issue({ headName: 'Registered Head' });
    await later(1);
    await issue({ headName: 'Forgotten Head' });
    await as('Raffi', 'queue.callNext');
    await as('Raffi', 'queue.finish', { id: registered.id, householdId: station.register().id });
    purgeExpired(station.core.ctx, SYSTEM_ACTOR, { vacuum: false });
    const names = () => station.core.ctx.db.prepare('SELECT head_name FROM queue_tickets ORDER BY seq').pluck().all();
    // The same day: the names stay for the desks.
    expect(names()).toEqual(['Registered Head', 'Forgotten Head']);
    await later(24 * 3600);
    purgeExpired(station.core.ctx, SYSTEM_ACTOR, { vacuum: false });
    expect(names()).toEqual(['Registered Head', '']);
  });

  it('closes what waits when the supervisor chooses, and sums the day without personal data', async () => {
    await issue({ headName: 'A', priority: ['older_person'] });
    await issue({ headName: 'B' });
    await later(600);
    await as('Raffi', 'queue.callNext');
    const end = await as<QueueDayEnd>('Sona', 'queue.endDay', { carry: false });
    expect(end).toMatchObject({ carried: 0, closed: 1 });
    const figures = queueDayFigures(station.core.ctx, '2026-12-03');
    expect(figures).toMatchObject({ issued: 2, medianWaitMinutes: 10, priorityMedianWaitMinutes: 10 });
    // The daily summary carries them, and nothing typed at the door.
    const report = await as<DailyReport>('Sona', 'report.daily', { date: '2026-12-03' });
    expect(report.queue).toEqual(figures);
    expect(JSON.stringify(report)).not.toMatch(/"A"|"B"|older_person/);
    expect((await as<DailyReport>('Sona', 'report.daily', { date: '2026-12-02' })).queue).toBeNull();
  });

  it('refuses a prefix that is not one to three letters or digits, at its field', async () => {
    const r = (await dispatcher.invoke(
      'queue.saveSettings',
      { prefix: 'A-1', desk: 'Desk', doorClosesAt: '17:00', defaultServiceMinutes: 5 },
      'Sona',
    )) as Result<unknown>;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues?.[0]?.path).toBe('prefix');
  });

  it('at a desk that uses a queue host, only a supervisor reads the host’s queue; the host is not even asked for anyone else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intake-queue-host-'));
    const host = openCore({ dataDir: dir, setup: { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Hub' } });
    const server = await createQueueHostServer(host, { port: 0 });
    try {
      const hostFingerprint = keyFingerprint(stationPublicKey(host.ctx.db)!);
      const lan = { listen: '', hostUrl: server.url, hostFingerprint, leaseSize: 3, leaseMinutes: 30 };
      const own = await as<{ ownFingerprint: string }>('Sona', 'queue.saveLanSettings', lan);
      expect(await as('Sona', 'queue.hostStatus')).toMatchObject({ state: 'pending' });
      admitMember(host.ctx, SYSTEM_ACTOR, { fingerprint: own.ownFingerprint, label: 'Desk 3', role: 'desk' });
      issueTicket(host.ctx, SYSTEM_ACTOR, { householdSize: 2, language: 'hy', priority: [], headName: 'Արամ Սարգսյան' }, 'H');
      // The host knows this desk by its key only, and would answer it: the desk's own methods ask who is signed in.
      const seen = () => sql(host.ctx.db, 'SELECT last_seen_at FROM queue_members').pluck<string | null>().get();
      const before = seen();
      for (const who of ['Raffi', 'Gor']) {
        expect(await refusal(who, 'queue.overview'), who).toBe('forbidden');
        expect(await refusal(who, 'queue.waiting'), who).toBe('forbidden');
      }
      expect(seen()).toBe(before);
      const overview = await as<QueueOverview & { list: QueueTicketView[] }>('Sona', 'queue.overview');
      expect(overview).toMatchObject({ waiting: 1, issuedToday: 1 });
      expect(overview.list.map((t) => t.number)).toEqual(['H-001']);
      expect(JSON.stringify(overview)).not.toContain('Արամ');
    } finally {
      await server.close();
      host.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
