import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request as httpRequest } from 'node:http';
import { connect, createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import type { MethodName, MethodResult } from '../../../electron/api/contract.js';
import type { QueueBoard, QueueDeskState, QueueTicketView } from '../../../electron/api/views-queue.js';
import { loadStationKeys, stationPublicKey } from '../../../electron/core/batch/keys.js';
import { generateStationKeyPair, keyFingerprint, type KeyPair } from '../../../electron/core/batch/raw-keys.js';
import { writeSetting } from '../../../electron/core/batch/settings.js';
import { SYSTEM_ACTOR, type CoreContext } from '../../../electron/core/context.js';
import { sql } from '../../../electron/core/db/statements.js';
import { openCore, type Core } from '../../../electron/core/index.js';
import { createQueueHostServer, type RunningQueueHost } from '../../../electron/core/queue/host-server.js';
import { boardVia, flushOutbox, LAN_CLIENT, queueHostOf, type QueueHostAddress } from '../../../electron/core/queue/lan-client.js';
import { admitMember, applyDoorTickets, memberByKey, revokeMember } from '../../../electron/core/queue/lan-host.js';
import { saveQueueLanSettings } from '../../../electron/core/queue/lan-settings.js';
import { sealRequest } from '../../../electron/core/queue/lan-box.js';
import { answerIsFromHost, HEADER, newNonce, signRequest } from '../../../electron/core/queue/lan-sign.js';
import {
  callNext,
  cancelTicket,
  eraseStaleDoorNames,
  issueTicket,
  QUEUE_SETTINGS,
  queueOverview,
  waitingTickets,
} from '../../../electron/core/queue/tickets.js';
import { saveSlipSettings } from '../../../electron/core/intake/slips.js';
import { WAITING_LISTED } from '../../../electron/api/views-queue.js';
import type { Connection } from '../../../electron/handlers/handler.js';
import { queueHandlers } from '../../../electron/handlers/queue.js';
import { startFaultProxy, type Fault, type FaultProxy } from '../../helpers/fault-proxy.js';

/**
 * One centre, many desks (issue 17): a queue host, two desks and two greeters, each its own station folder and
 * SQLite file, talking over real HTTP on 127.0.0.1 with requests signed by their station keys. The desks' and the
 * greeters' methods are the handlers the app runs (electron/handlers/queue.ts), routed to the host by their settings.
 */

interface Station {
  core: Core;
  ctx: CoreContext;
  dir: string;
  fingerprint: string;
}

const clock = { now: new Date('2026-12-03T07:00:00.000Z') };
const advance = (seconds: number) => {
  clock.now = new Date(clock.now.getTime() + seconds * 1000);
};
const stations: Station[] = [];
const proxies: FaultProxy[] = [];
let host: Station;
let server: RunningQueueHost;
let deskA: Station;
let deskB: Station;
let door1: Station;
let door2: Station;

function station(label: string): Station {
  const dir = mkdtempSync(join(tmpdir(), 'intake-lan-'));
  const core = openCore({ dataDir: dir, setup: { centreCode: 'GRS1', centreName: 'Goris', stationLabel: label }, now: () => clock.now });
  const s = { core, ctx: core.ctx, dir, fingerprint: keyFingerprint(stationPublicKey(core.ctx.db)!) };
  writeSetting(core.ctx.db, QUEUE_SETTINGS.desk, label);
  stations.push(s);
  return s;
}

const connection = {} as Connection;
/** A method as the app's dispatcher runs it, on this station (its input as the contract's schema parsed it). */
async function call<M extends keyof typeof queueHandlers & MethodName>(s: Station, method: M, input: unknown): Promise<MethodResult<M>> {
  const run = queueHandlers[method].run as (ctx: CoreContext, actor: typeof SYSTEM_ACTOR, input: unknown, c: Connection) => unknown;
  return (await run(s.ctx, SYSTEM_ACTOR, input, connection)) as MethodResult<M>;
}
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

type Sealed = { headers: Record<string, string>; body: string; open: (status: number, text: string) => string | undefined };
/** A request as a desk makes it: sealed to the host's box key, then signed (lan-box.ts, lan-sign.ts). */
function sealed(pair: KeyPair, boxKey: string, path: string, text: string, time = Date.now(), nonce = newNonce()): Sealed {
  const at = Math.floor(time);
  const box = sealRequest(boxKey, { method: 'POST', path, time: at, nonce, stationKey: pair.publicKey }, text);
  return { headers: signRequest(pair, 'POST', path, box.body, at, nonce), body: box.body, open: box.openAnswer };
}
/** The host's box key for this run, as its signed answer to POST /queue/key gives it. */
async function boxKeyOf(pair: KeyPair): Promise<string> {
  const res = await fetch(`${server.url}/queue/key`, { method: 'POST', headers: signRequest(pair, 'POST', '/queue/key', '', Date.now()), body: '' });
  expect(res.status).toBe(200);
  return ((await res.json()) as { boxKey: string }).boxKey;
}

const useHost = (s: Station) =>
  saveQueueLanSettings(s.ctx, SYSTEM_ACTOR, { listen: '', hostUrl: server.url, hostFingerprint: host.fingerprint, leaseSize: 3, leaseMinutes: 30 });

const issue = (s: Station, extra: Partial<{ priority: ('older_person' | 'disability')[]; headName: string }> = {}) =>
  call(s, 'queue.issue', { householdSize: 2, language: 'hy', priority: [], headName: '', ...extra }) as Promise<QueueTicketView>;

/** Every ticket on the host with how many calls it had. */
const callsPerTicket = () =>
  sql<{ number: string; status: string; desk: string | null; calls: number; logged: number }>(
    host.ctx.db,
    `SELECT t.prefix || '-' || printf('%03d', t.seq) AS number, t.status, t.called_desk AS desk, t.calls,
      (SELECT count(*) FROM queue_calls c WHERE c.ticket_id = t.id) AS logged FROM queue_tickets t ORDER BY t.issued_at, t.seq`,
  ).all();

beforeEach(async () => {
  // A host that is there answers, however loaded the machine running the tests; one cut off is refused at once.
  LAN_CLIENT.timeoutMs = 30_000;
  host = station('Hub');
  server = await createQueueHostServer(host.core, { port: 0 });
  deskA = station('Desk 1');
  deskB = station('Desk 2');
  door1 = station('Door');
  door2 = station('Side door');
  for (const s of [deskA, deskB, door1, door2]) {
    useHost(s);
    // Asking is how a station asks to join: the host keeps its key as pending, to be admitted by its fingerprint.
    expect(await call(s, 'queue.hostStatus', {})).toEqual({ state: 'pending', fingerprint: s.fingerprint });
  }
  admitMember(host.ctx, SYSTEM_ACTOR, { fingerprint: deskA.fingerprint.toUpperCase(), label: 'Desk 1', role: 'desk' });
  admitMember(host.ctx, SYSTEM_ACTOR, { fingerprint: deskB.fingerprint.replaceAll(' ', '-'), label: 'Desk 2', role: 'desk' });
  admitMember(host.ctx, SYSTEM_ACTOR, { fingerprint: door1.fingerprint, label: 'Door', role: 'greeter' });
  admitMember(host.ctx, SYSTEM_ACTOR, { fingerprint: door2.fingerprint, label: 'Side door', role: 'greeter' });
});

afterEach(async () => {
  for (const p of proxies.splice(0)) await p.close();
  await server.close();
  for (const s of stations.splice(0)) {
    s.core.close();
    rmSync(s.dir, { recursive: true, force: true });
  }
});

describe('one centre, many desks', () => {
  it('a call on one desk is seen on the other desk and on the display as it happens', async () => {
    expect(await call(deskA, 'queue.hostStatus', {})).toEqual({ state: 'member', role: 'desk', label: 'Desk 1', prefix: null });
    const first = await issue(door1, { headName: 'Արամ Սարգսյան' });
    advance(30);
    await issue(door1);
    const address: QueueHostAddress = queueHostOf(deskB.ctx)!;
    const { rev } = await boardVia(address);
    // The display and desk B wait for the board's next change (long poll); desk A calls.
    const display = boardVia(address, rev, 10_000);
    const onDeskB = call(deskB, 'queue.watch', { after: rev }) as Promise<{ rev: number; board: QueueBoard }>;
    const called = await call(deskA, 'queue.callNext', {});
    expect(called).toMatchObject({ number: first.number, headName: 'Արամ Սարգսյան', calledDesk: 'Desk 1' });
    for (const seen of await Promise.all([display, onDeskB])) {
      expect(seen.rev).toBeGreaterThan(rev);
      expect(seen.board.calls[0]).toMatchObject({ number: first.number, desk: 'Desk 1' });
    }
    // Desk B's own board method reads the host's.
    const board = (await call(deskB, 'queue.board', {})) as QueueBoard;
    expect(board.calls[0]).toMatchObject({ number: first.number, desk: 'Desk 1' });
    expect(JSON.stringify(board)).not.toContain('Արամ');
    // The other ticket waiting is in desk A's lease: none waits for desk B. Asking changes nothing on desk B (its bar
    // asks again on every change).
    const changes: string[][] = [];
    const off = deskB.core.onChange((kinds) => changes.push(kinds));
    const stateB = (await call(deskB, 'queue.current', {})) as QueueDeskState;
    expect(stateB).toMatchObject({ current: null, waiting: 0, link: { state: 'connected', leased: 0, unsent: 0 } });
    off();
    expect(changes).toEqual([]);
  });

  it('a desk whose clock is off takes the host’s time from its signed answer and asks again', async () => {
    await server.close();
    server = await createQueueHostServer(host.core, { port: 0, nowMs: () => Date.now() + 20 * 60_000 });
    useHost(deskA);
    expect(await call(deskA, 'queue.hostStatus', {})).toEqual({ state: 'member', role: 'desk', label: 'Desk 1', prefix: null });
  });

  it('two greeters never issue the same number', async () => {
    const tickets = await Promise.all(Array.from({ length: 6 }, (_, i) => issue(i % 2 === 0 ? door1 : door2)));
    const numbers = tickets.map((t) => t.number);
    expect(new Set(numbers).size).toBe(6);
    const prefixes = new Set(numbers.map((n) => n.split('-')[0]));
    expect(prefixes.size).toBe(2);
    // A prefix is one greeter's: the host refuses to give it to another.
    const other = station('Third door');
    useHost(other);
    await call(other, 'queue.hostStatus', {});
    const taken = tickets[0]!.number.split('-')[0]!;
    expect(() => admitMember(host.ctx, SYSTEM_ACTOR, { fingerprint: other.fingerprint, label: 'Third door', role: 'greeter', prefix: taken })).toThrow(
      /another greeter/,
    );
    // A greeter reprints and cancels its own tickets at the host, and nobody else's.
    const mine = tickets[0]!;
    expect(await call(door1, 'queue.ticket', { id: mine.id })).toMatchObject({ number: mine.number, status: 'waiting' });
    expect(await refusal(call(door2, 'queue.ticket', { id: mine.id }))).toBe('not_found');
    expect(await call(door1, 'queue.cancel', { id: mine.id })).toMatchObject({ number: mine.number, status: 'cancelled' });
    // A desk does not issue, a greeter does not call.
    expect(await refusal(issue(deskA))).toBe('forbidden');
    expect(await refusal(call(door1, 'queue.callNext', {}))).toBe('forbidden');
  });

  it('a name typed at the door crosses the network only encrypted, both ways', async () => {
    // A relay on 127.0.0.1 between the stations and the host keeps every byte that crosses it, as anyone on the
    // centre's network could.
    const heard: Buffer[] = [];
    const sockets: Socket[] = [];
    const relay = createNetServer((inbound) => {
      const outbound = connect(server.port, '127.0.0.1');
      sockets.push(inbound, outbound);
      inbound.on('data', (chunk: Buffer) => heard.push(chunk));
      outbound.on('data', (chunk: Buffer) => heard.push(chunk));
      inbound.pipe(outbound).pipe(inbound);
      inbound.on('error', () => outbound.destroy());
      outbound.on('error', () => inbound.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
    try {
      for (const s of [door1, deskA]) {
        saveQueueLanSettings(s.ctx, SYSTEM_ACTOR, { listen: '', hostUrl: relayUrl, hostFingerprint: host.fingerprint, leaseSize: 3, leaseMinutes: 30 });
      }
      const ticket = await issue(door1, { headName: 'Aram Sargsyan Արամ' });
      expect(ticket.headName).toBe('Aram Sargsyan Արամ');
      expect(await call(door1, 'queue.ticket', { id: ticket.id })).toMatchObject({ headName: 'Aram Sargsyan Արամ' });
      const lease = (await call(deskA, 'queue.current', {})) as QueueDeskState;
      expect(lease.link).toMatchObject({ state: 'connected', leased: 1 });
      expect(await call(deskA, 'queue.callNext', {})).toMatchObject({ id: ticket.id, headName: 'Aram Sargsyan Արամ' });
      // The display's board is all that is read in the clear; it has no names.
      await boardVia({ url: relayUrl, fingerprint: host.fingerprint });
    } finally {
      await new Promise<void>((resolve) => {
        relay.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    }
    const wire = Buffer.concat(heard);
    expect(wire.toString('latin1')).toContain('POST /queue/issue');
    expect(wire.toString('latin1')).toContain('POST /queue/desk');
    for (const text of [wire.toString('utf8'), wire.toString('latin1')]) {
      expect(text).not.toMatch(/Sargsyan|Արամ/);
      // Nor what would give the family away: the household's size and language fields as JSON.
      expect(text).not.toContain('householdSize');
      expect(text).not.toContain('headName');
    }
    expect(wire.includes(Buffer.from('Արամ', 'utf8'))).toBe(false);
  });

  it('refuses a ciphertext changed on the way, and tells a station that sends plain text to update', async () => {
    const deskKeys: KeyPair = loadStationKeys(deskA.ctx);
    const boxKey = await boxKeyOf(deskKeys);
    const desk = JSON.stringify({ sentAt: new Date().toISOString(), events: [] });
    const send = (request: { headers: Record<string, string>; body: string }, path = '/queue/desk') =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: { ...request.headers, 'Content-Type': 'application/json' }, body: request.body });

    // The same request, sealed right, is answered, sealed: only the desk that sealed it opens the answer.
    const right = sealed(deskKeys, boxKey, '/queue/desk', desk);
    const answered = await send(right);
    const answerText = await answered.text();
    expect(answered.status).toBe(200);
    expect(answerText).not.toContain('outcomes');
    expect(JSON.parse(right.open(200, answerText)!)).toMatchObject({ outcomes: [], desk: 'Desk 1' });
    // The answer opens under its own status only (what it says cannot be moved to another).
    expect(right.open(403, answerText)).toBeUndefined();

    // One bit of the ciphertext flipped, then signed again by the desk's own key (so only the encryption can tell).
    const tampered = sealed(deskKeys, boxKey, '/queue/desk', desk);
    const box = JSON.parse(tampered.body) as { data: string };
    const bytes = Buffer.from(box.data, 'base64');
    bytes[3] = bytes[3]! ^ 0x01;
    const changedBody = JSON.stringify({ ...box, data: bytes.toString('base64') });
    const time = Number(tampered.headers[HEADER.time]);
    const nonce = tampered.headers[HEADER.nonce]!;
    const refused = await send({ headers: signRequest(deskKeys, 'POST', '/queue/desk', changedBody, time, nonce), body: changedBody });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('queue.bad_box');
    // A ciphertext sealed for another address is refused too (it is bound to its request).
    const moved = sealed(deskKeys, boxKey, '/queue/hello', JSON.stringify({ label: 'x' }));
    const movedBody = moved.body;
    const elsewhere = await send({ headers: signRequest(deskKeys, 'POST', '/queue/desk', movedBody, Date.now()), body: movedBody });
    expect(elsewhere.status).toBe(400);
    // Changed without signing again: the signature no longer holds.
    const unsignedChange = await send({ headers: sealed(deskKeys, boxKey, '/queue/desk', desk).headers, body: changedBody });
    expect(unsignedChange.status).toBe(401);

    // A station whose program is older than the host's sends its request in plain text, signed: it is told why, in an
    // answer it can check is its host's, and nothing is done.
    for (const [path, text] of [
      ['/queue/hello', JSON.stringify({ label: 'Desk 1' })],
      ['/queue/issue', JSON.stringify({ householdSize: 2, language: 'hy', priority: [], headName: 'Aram' })],
    ] as const) {
      const plainNonce = newNonce();
      const plain = await send({ headers: signRequest(deskKeys, 'POST', path, text, Date.now(), plainNonce), body: text }, path);
      const refusalText = await plain.text();
      expect(plain.status).toBe(426);
      expect(answerIsFromHost(host.fingerprint, plain.headers.get(HEADER.key)!, plain.headers.get(HEADER.signature)!, 426, plainNonce, refusalText)).toBe(true);
      const { error } = JSON.parse(refusalText) as { error: { code: string; message: string } };
      expect(error.code).toBe('queue.upgrade');
      expect(error.message).toMatch(/only encrypted requests.*Update the program on this station/);
    }
    expect(sql(host.ctx.db, 'SELECT count(*) FROM queue_tickets').pluck<number>().get()).toBe(0);
  });

  it('one machine cannot hold all the display board’s waiting places', async () => {
    await server.close();
    server = await createQueueHostServer(host.core, { port: 0, maxWaitingPerAddress: 2, longPollMs: 20_000 });
    const { rev } = await boardVia({ url: server.url, fingerprint: host.fingerprint });
    const wait = (localAddress: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${server.url}/queue/board?after=${rev}`, { localAddress }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    const waiting = [wait('127.0.0.1'), wait('127.0.0.1')].map((p) => p.catch(() => 0));
    // Two wait from 127.0.0.1 (the host answers them when the board changes); a third from there is turned away.
    await expect.poll(() => wait('127.0.0.1').catch(() => -1), { timeout: 10_000 }).toBe(503);
    // Another machine (another address) still gets a place: its wait ends with the board's next change.
    const other = wait('127.0.0.2');
    useHost(door1);
    await issue(door1);
    expect(await other).toBe(200);
    expect(await Promise.all(waiting)).toEqual([200, 200]);
  });

  it('a desk sends its outbox and a new action one after the other, never both at once', async () => {
    for (let i = 0; i < 4; i++) await issue(door1);
    await call(deskA, 'queue.current', {});
    // Cut off, the desk calls from its lease: the call waits in its outbox.
    const port = server.port;
    await server.close();
    await call(deskA, 'queue.callNext', {});
    server = await createQueueHostServer(host.core, { port });
    // The timer's flush and the operator's next call start together; every request to the host is counted while it
    // is on its way.
    const real = globalThis.fetch;
    let inFlight = 0;
    let most = 0;
    globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
      if (!String(args[0]).endsWith('/queue/desk')) return real(...args);
      most = Math.max(most, ++inFlight);
      try {
        return await real(...args);
      } finally {
        inFlight--;
      }
    };
    try {
      const [flushed, called] = await Promise.all([flushOutbox(deskA.ctx, queueHostOf(deskA.ctx)!), call(deskA, 'queue.callNext', {})]);
      expect(flushed).toBe(true);
      expect(most).toBe(1);
      // The desk's current ticket is the one its last action called (no older answer came after it).
      const state = (await call(deskA, 'queue.current', {})) as QueueDeskState;
      expect(state.current?.id).toBe((called as QueueTicketView).id);
      expect(state.link).toMatchObject({ state: 'connected', unsent: 0 });
    } finally {
      globalThis.fetch = real;
    }
    const rows = callsPerTicket();
    expect(rows.filter((r) => r.calls > 1)).toEqual([]);
    expect(rows.filter((r) => r.status === 'called')).toHaveLength(1);
  });

  it('a supervisor at a desk sees the host’s queue, without the names typed at the door, and changes it only on the host', async () => {
    const first = await issue(door1, { headName: 'Aram Sargsyan', priority: ['older_person'] });
    advance(60);
    await issue(door2);
    advance(60);
    await call(deskB, 'queue.callNext', {});
    advance(300);
    const overview = (await call(deskA, 'queue.overview', {})) as MethodResult<'queue.overview'>;
    expect(overview).toMatchObject(queueOverview(host.ctx));
    expect(overview.list.map((t) => t.number)).toEqual(waitingTickets(host.ctx).map((t) => t.number));
    expect(JSON.stringify(overview.list)).not.toContain('Aram');
    expect(overview).toMatchObject({ waiting: 1, issuedToday: 2 });
    const waiting = (await call(deskA, 'queue.waiting', {})) as QueueTicketView[];
    expect(waiting.map((t) => t.number)).toEqual(waitingTickets(host.ctx).map((t) => t.number));
    expect(waiting).toHaveLength(1);
    expect(JSON.stringify(waiting)).not.toContain('Aram');
    expect(waiting.map((t) => t.id)).not.toContain(first.id);
    // A greeter is not shown the supervisor's view; sending to a desk and ending the day are the host's.
    expect(await refusal(call(door1, 'queue.overview', {}))).toBe('forbidden');
    expect(await refusal(call(deskA, 'queue.sendToDesk', { id: waiting[0]!.id, desk: 'Desk 1' }))).toBe('refused');
    expect(await refusal(call(deskA, 'queue.endDay', { carry: true }))).toBe('refused');
    // Cut off, the supervisor is told the host does not answer (nothing from this station's own file is shown).
    await server.close();
    expect(await refusal(call(deskA, 'queue.overview', {}))).toBe('unreachable');
  });

  it('a supervisor at a desk sees a long queue whatever the centre’s texts: the first tickets, and how many more', async () => {
    const nextSteps = 'Գրանցումից հետո գնացեք կացարանի կետ, թեժ գիծ՝ 114։ '.repeat(16).slice(0, 800);
    saveSlipSettings(host.ctx, SYSTEM_ACTOR, { nextSteps: { hy: nextSteps, ru: nextSteps, en: nextSteps }, contact: '' });
    const total = 450;
    const greeter = { id: 'queue-member:test', name: 'Door', role: 'greeter' as const };
    for (let i = 0; i < total; i++) issueTicket(host.ctx, greeter, { householdSize: 3, language: 'hy', priority: [], headName: 'Արամ Սարգսյան' }, 'B');
    const overview = await call(deskA, 'queue.overview', {});
    expect(overview.waiting).toBe(total);
    expect(overview.list).toHaveLength(WAITING_LISTED);
    expect(overview.more).toBe(total - WAITING_LISTED);
    expect(overview.list.map((t) => t.number)).toEqual(
      waitingTickets(host.ctx)
        .slice(0, WAITING_LISTED)
        .map((t) => t.number),
    );
    expect(overview.list.every((t) => t.nextSteps === '' && t.headName === '')).toBe(true);
  });

  /** Points a station at the host through a fault proxy on 127.0.0.1 whose plan says what becomes of each request. */
  async function throughProxy(s: Station, plan: (path: string) => Fault): Promise<FaultProxy> {
    const proxy = await startFaultProxy(
      () => server.port,
      (head) => plan(head.path),
    );
    proxies.push(proxy);
    saveQueueLanSettings(s.ctx, SYSTEM_ACTOR, { listen: '', hostUrl: proxy.url, hostFingerprint: host.fingerprint, leaseSize: 3, leaseMinutes: 30 });
    return proxy;
  }
  const ticketsOf = (s: Station) =>
    sql<{ id: string; number: string }>(
      host.ctx.db,
      "SELECT id, prefix || '-' || printf('%03d', seq) AS number FROM queue_tickets WHERE issued_by = ? ORDER BY seq",
    ).all(`queue-member:${s.fingerprint}`);

  it('a press whose answer is lost on the way is asked for again, and the host issues one ticket for it', async () => {
    // The host's first answer to an issue is cut after the host issued the ticket; everything else passes.
    let issues = 0;
    const proxy = await throughProxy(door1, (path) => (path === '/queue/issue' && ++issues === 1 ? { kind: 'cut_response' } : { kind: 'pass' }));
    const ticket = await issue(door1, { headName: 'Aram Sargsyan' });
    // (The proxy sees a connection's first request only: the press asked again went on an open connection.)
    expect(proxy.counts.byKind.cut_response).toBe(1);
    expect(ticket.unsent).toBeUndefined();
    expect(ticketsOf(door1)).toEqual([{ id: ticket.id, number: ticket.number }]);
    // The screen sends the same press again (its own retry): the same ticket, still one on the host.
    const requestId = '0193a1b2-0000-7000-8000-00000000abcd';
    const press = { householdSize: 2, language: 'hy', priority: [], headName: '', requestId };
    const first = (await call(door1, 'queue.issue', press)) as QueueTicketView;
    const again = (await call(door1, 'queue.issue', press)) as QueueTicketView;
    expect(again).toMatchObject({ id: first.id, number: first.number });
    expect(ticketsOf(door1).map((t) => t.number)).toEqual([ticket.number, first.number]);
    // Another greeter's press with the same id is its own.
    const other = (await call(door2, 'queue.issue', press)) as QueueTicketView;
    expect(other.id).not.toBe(first.id);
    // An id that is no press is refused before it is used, at the host as on the screen's method.
    const boxKey = await boxKeyOf(loadStationKeys(door1.ctx));
    for (const bad of ['x'.repeat(41), 'NOT-HEX-AT-ALL', 'short']) {
      const req = sealed(loadStationKeys(door1.ctx), boxKey, '/queue/issue', JSON.stringify({ ...press, requestId: bad }));
      const res = await fetch(`${server.url}/queue/issue`, { method: 'POST', headers: req.headers, body: req.body });
      expect(res.status, bad).toBe(400);
    }
    expect(ticketsOf(door1)).toHaveLength(2);
    // The presses' ids are kept a day, then blanked with the purge.
    const kept = () => sql(host.ctx.db, 'SELECT count(*) FROM queue_tickets WHERE request_id IS NOT NULL').pluck<number>().get();
    expect(kept()).toBe(3);
    advance(25 * 3600);
    eraseStaleDoorNames(host.ctx);
    expect(kept()).toBe(0);
  });

  it('a press whose answer never comes is issued while cut off, and on the host it takes the place of the one issued online', async () => {
    expect(await call(door1, 'queue.hostStatus', {})).toMatchObject({ state: 'member' });
    const prefix = memberByKey(host.ctx, stationPublicKey(door1.ctx.db)!)!.prefix!;
    // The host issues the ticket; its answer is held past the greeter's wait, which then issues from its own block.
    LAN_CLIENT.timeoutMs = 500;
    let issues = 0;
    await throughProxy(door1, (path) => (path === '/queue/issue' && ++issues === 1 ? { kind: 'delay', ms: 5_000 } : { kind: 'pass' }));
    const printed = await issue(door1, { headName: 'Aram Sargsyan' });
    expect(printed).toMatchObject({ number: `${prefix}-5001`, unsent: true });
    expect(ticketsOf(door1).map((t) => t.number)).toEqual([`${prefix}-001`]);
    const placeAtDoor = sql(host.ctx.db, 'SELECT issued_at FROM queue_tickets WHERE issued_by = ?').pluck<string>().get(`queue-member:${door1.fingerprint}`);
    // Back in touch: the host holds one ticket for that press, the number the family holds, in the place it had.
    LAN_CLIENT.timeoutMs = 30_000;
    advance(120);
    expect(await flushOutbox(door1.ctx, queueHostOf(door1.ctx)!)).toBe(true);
    expect(ticketsOf(door1)).toEqual([{ id: printed.id, number: `${prefix}-5001` }]);
    expect(sql(host.ctx.db, 'SELECT issued_at, head_name FROM queue_tickets WHERE id = ?').get(printed.id)).toEqual({
      issued_at: placeAtDoor,
      head_name: 'Aram Sargsyan',
    });
    expect(await call(deskA, 'queue.callNext', {})).toMatchObject({ id: printed.id, number: `${prefix}-5001` });
  });

  it('a greeter that found the host away a moment ago issues the next ticket from its block without asking the host first', async () => {
    expect(await call(door1, 'queue.hostStatus', {})).toMatchObject({ state: 'member' });
    const prefix = memberByKey(host.ctx, stationPublicKey(door1.ctx.db)!)!.prefix!;
    // The network to the host is gone: every connection is cut at once.
    let away = true;
    const proxy = await throughProxy(door1, () => (away ? { kind: 'reset' } : { kind: 'pass' }));
    const first = await issue(door1);
    expect(first).toMatchObject({ number: `${prefix}-5001`, unsent: true });
    const asked = proxy.counts.connections;
    expect(asked).toBeGreaterThan(0);
    // The next family a moment later: its ticket is issued at once, and the host is not asked.
    advance(5);
    const second = await issue(door1);
    expect(second).toMatchObject({ number: `${prefix}-5002`, unsent: true });
    expect(proxy.counts.connections).toBe(asked);
    // Past the quiet time the host is asked again; it is still away, so the wait starts again.
    advance(LAN_CLIENT.quietMs / 1000);
    expect(await issue(door1)).toMatchObject({ number: `${prefix}-5003`, unsent: true });
    expect(proxy.counts.connections).toBeGreaterThan(asked);
    const again = proxy.counts.connections;
    advance(5);
    expect(await issue(door1)).toMatchObject({ number: `${prefix}-5004`, unsent: true });
    expect(proxy.counts.connections).toBe(again);
    // The host back: the outbox's timer reaches it, and the next family's ticket is the host's at once.
    away = false;
    advance(5);
    expect(await flushOutbox(door1.ctx, queueHostOf(door1.ctx)!)).toBe(true);
    advance(1);
    expect(await issue(door1)).toMatchObject({ number: `${prefix}-001` });
    expect(ticketsOf(door1).map((t) => t.number)).toEqual([`${prefix}-001`, `${prefix}-5001`, `${prefix}-5002`, `${prefix}-5003`, `${prefix}-5004`]);
  });

  it('a greeter cut off issues from its own prefix’s block; back in touch, the host takes each ticket once, in its place', async () => {
    const online = await issue(door1, { headName: 'First' });
    const prefix = online.number.split('-')[0]!;
    advance(60);
    const port = server.port;
    await server.close();
    const offline1 = await issue(door1, { headName: 'Aram Sargsyan', priority: ['older_person'] });
    advance(60);
    const offline2 = await issue(door1);
    expect([offline1.number, offline2.number]).toEqual([`${prefix}-5001`, `${prefix}-5002`]);
    expect(offline1).toMatchObject({ status: 'waiting', lane: 'priority', estimatedWaitMinutes: null, unsent: true, headName: 'Aram Sargsyan' });
    // Reprinted from the greeter's own file while the host is away; one cancelled there never reaches the host.
    expect(await call(door1, 'queue.ticket', { id: offline1.id })).toMatchObject({ number: offline1.number });
    advance(60);
    const mistaken = await issue(door1);
    expect(await call(door1, 'queue.cancel', { id: mistaken.id })).toMatchObject({ status: 'cancelled' });

    // The host back: the greeter's next ticket sends the others first; online numbers stay below the block.
    server = await createQueueHostServer(host.core, { port });
    advance(60);
    const back = await issue(door1);
    expect(back.number).toBe(`${prefix}-002`);
    const onHost = sql<{ id: string; seq: number; issued_at: string; head_name: string }>(
      host.ctx.db,
      'SELECT id, seq, issued_at, head_name FROM queue_tickets WHERE prefix = ? ORDER BY seq',
    ).all(prefix);
    expect(onHost.map((r) => r.seq)).toEqual([1, 2, 5001, 5002]);
    expect(onHost.find((r) => r.id === offline1.id)).toMatchObject({ issued_at: offline1.issuedAt, head_name: 'Aram Sargsyan' });
    expect(sql(door1.ctx.db, 'SELECT count(*) FROM queue_door_outbox').pluck<number>().get()).toBe(0);
    // Sent again (an answer lost), nothing is doubled; a number already taken is refused.
    const door1Member = memberByKey(host.ctx, stationPublicKey(door1.ctx.db)!)!;
    const resend = applyDoorTickets(
      host.ctx,
      door1Member,
      [{ id: offline2.id, day: '2026-12-03', seq: 5002, issuedAt: offline2.issuedAt, householdSize: 2, language: 'hy', priority: [], headName: '' }],
      clock.now.toISOString(),
    );
    const clash = applyDoorTickets(
      host.ctx,
      door1Member,
      [{ id: '0000-clash', day: '2026-12-03', seq: 5001, issuedAt: offline2.issuedAt, householdSize: 2, language: 'hy', priority: [], headName: '' }],
      clock.now.toISOString(),
    );
    expect([resend.outcomes[0]!.outcome, clash.outcomes[0]!.outcome]).toEqual(['already', 'conflict']);
    // A ticket dated before the host last heard from the greeter (it issues by itself only once cut off) is dated then:
    // it cannot jump ahead of families the host saw come since.
    const seen = memberByKey(host.ctx, stationPublicKey(door1.ctx.db)!)!;
    expect(seen.lastSeenAt).not.toBeNull();
    const early = new Date(clock.now.getTime() - 3 * 3600_000).toISOString();
    applyDoorTickets(
      host.ctx,
      seen,
      [{ id: '0000-early', day: '2026-12-03', seq: 5009, issuedAt: early, householdSize: 2, language: 'hy', priority: [], headName: '' }],
      clock.now.toISOString(),
    );
    expect(sql(host.ctx.db, "SELECT issued_at FROM queue_tickets WHERE id = '0000-early'").pluck<string>().get()).toBe(seen.lastSeenAt);
    // The priority family issued while cut off is called first, by its time at the door.
    expect(await call(deskA, 'queue.callNext', {})).toMatchObject({ id: offline1.id });

    // A ticket never sent keeps its place to be sent, but not the name typed at the door past its day.
    await server.close();
    const unsent = await issue(door1, { headName: 'Anna' });
    expect(unsent.unsent).toBe(true);
    advance(24 * 3600);
    eraseStaleDoorNames(door1.ctx);
    const kept = sql(door1.ctx.db, 'SELECT ticket FROM queue_door_outbox').pluck<string>().all();
    expect(kept).toHaveLength(1);
    expect(kept[0]).not.toContain('Anna');
  });

  it('a ticket issued while cut off before midnight and sent after it is called, shown and estimated on the host’s day', async () => {
    clock.now = new Date(2026, 11, 3, 12, 0);
    const online = await issue(door1);
    const prefix = online.number.split('-')[0]!;
    const port = server.port;
    await server.close();
    // Local times: the host's and the greeter's day is their own midnight.
    clock.now = new Date(2026, 11, 3, 23, 50);
    const late = await issue(door1, { priority: ['older_person'] });
    clock.now = new Date(2026, 11, 4, 0, 10);
    // Still cut off after midnight: the new day's numbers come after those of the day before not yet sent.
    const early = await issue(door1);
    expect([late.number, early.number]).toEqual([`${prefix}-5001`, `${prefix}-5002`]);
    server = await createQueueHostServer(host.core, { port });
    advance(60);
    const back = await issue(door1);
    expect(back.unsent).toBeUndefined();
    const rows = sql<{ id: string; day: string; carried_from: string | null }>(
      host.ctx.db,
      'SELECT id, day, carried_from FROM queue_tickets WHERE id IN (?, ?)',
    ).all(late.id, early.id);
    expect(rows.find((r) => r.id === late.id)).toMatchObject({ day: '2026-12-04', carried_from: '2026-12-03' });
    expect(rows.find((r) => r.id === early.id)).toMatchObject({ day: '2026-12-04', carried_from: null });
    // Shown with an estimate on the host's waiting list, and called first (it came to the door first).
    const waiting = await call(host, 'queue.waiting', {});
    expect(waiting.map((t) => t.id)).toEqual([late.id, early.id, back.id]);
    expect(waiting[0]!.estimatedWaitMinutes).not.toBeNull();
    expect(await call(deskA, 'queue.callNext', {})).toMatchObject({ id: late.id });
    // Cut off again that day: the next number is after the one the host took in on its today.
    await server.close();
    expect((await issue(door1)).number).toBe(`${prefix}-5003`);
  });

  it('tickets issued while cut off keep their time at the door, whatever the greeter asks first and however many', async () => {
    const online = await issue(door1);
    const port = server.port;
    await server.close();
    advance(60);
    const offline: QueueTicketView[] = [];
    for (let i = 0; i < 120; i++) {
      offline.push(await issue(door1));
      advance(10);
    }
    expect(offline.every((t) => t.unsent)).toBe(true);
    advance(600);
    server = await createQueueHostServer(host.core, { port });
    // Back in touch, the greeter's first request is a reprint, then a hello: neither may date the tickets to now.
    expect(await call(door1, 'queue.ticket', { id: online.id })).toMatchObject({ number: online.number });
    expect(await call(door1, 'queue.hostStatus', {})).toMatchObject({ state: 'member' });
    await issue(door1);
    const onHost = new Map(
      sql<{ id: string; issued_at: string }>(host.ctx.db, 'SELECT id, issued_at FROM queue_tickets')
        .all()
        .map((r) => [r.id, r.issued_at]),
    );
    expect(offline.map((t) => onHost.get(t.id))).toEqual(offline.map((t) => t.issuedAt));
    expect(sql(door1.ctx.db, 'SELECT count(*) FROM queue_door_outbox').pluck<number>().get()).toBe(0);
  });

  it('tickets issued while cut off that the host refuses stay in sight at the door and in the host’s audit; the others are taken', async () => {
    const online = await issue(door1);
    const prefix = online.number.split('-')[0]!;
    const port = server.port;
    await server.close();
    advance(60);
    const taken = await issue(door1);
    const foreign = await issue(door1);
    const fine = await issue(door1);
    // On the host meanwhile: the first number is already held that day, and the second's id is another station's.
    const insert = sql(
      host.ctx.db,
      `INSERT INTO queue_tickets (id, prefix, seq, day, issued_at, issued_by, household_size, language, priority_reasons, head_name)
      SELECT ?, ?, ?, day, issued_at, 'queue-member:someone-else', 1, 'hy', '', '' FROM queue_tickets WHERE id = ?`,
    );
    insert.run('eeee-held', prefix, 5001, online.id);
    insert.run('eeee-foreign', 'Z', 1, online.id);
    sql(door1.ctx.db, "UPDATE queue_door_outbox SET ticket_id = 'eeee-foreign', ticket = json_set(ticket, '$.id', 'eeee-foreign') WHERE ticket_id = ?").run(
      foreign.id,
    );
    advance(60);
    server = await createQueueHostServer(host.core, { port });
    // The greeter still issues, the good ticket is taken, and the refused numbers are shown at the door.
    const back = await issue(door1);
    expect(back.unsent).toBeUndefined();
    expect(sql(host.ctx.db, 'SELECT count(*) FROM queue_tickets WHERE id = ?').pluck<number>().get(fine.id)).toBe(1);
    expect(sql(door1.ctx.db, 'SELECT count(*) FROM queue_door_outbox').pluck<number>().get()).toBe(0);
    const refused = await call(door1, 'queue.doorRefused', {});
    expect(refused.map((r) => r.number).sort()).toEqual([taken.number, foreign.number].sort());
    const audited = sql<{ entity_id: string; detail: string }>(
      host.ctx.db,
      "SELECT entity_id, detail FROM audit_events WHERE action = 'queue.door_ticket_refused' ORDER BY seq",
    ).all();
    expect(audited.map((a) => [a.entity_id, (JSON.parse(a.detail) as { why: string }).why])).toEqual([
      [taken.id, 'number_taken'],
      ['eeee-foreign', 'other_station'],
    ]);
  });

  it('refuses unsigned, unknown, forged, replayed, stale and oversized requests', async () => {
    const body = JSON.stringify({ label: 'x' });
    const deskKeys: KeyPair = loadStationKeys(deskA.ctx);
    const boxKey = await boxKeyOf(deskKeys);
    const post = (request: { headers: Record<string, string>; body: string }, path = '/queue/hello') =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: { ...request.headers, 'Content-Type': 'application/json' }, body: request.body });
    const codeOf = async (res: Response, open?: Sealed['open']) => {
      const text = await res.text();
      return (JSON.parse(open?.(res.status, text) ?? text) as { error: { code: string } }).error.code;
    };

    const unsigned = await post({ headers: {}, body });
    expect([unsigned.status, await codeOf(unsigned)]).toEqual([401, 'queue.unsigned']);

    const strangerKeys = generateStationKeyPair();
    const knock = sealed(strangerKeys, await boxKeyOf(strangerKeys), '/queue/hello', body);
    const stranger = await post(knock);
    expect([stranger.status, await codeOf(stranger, knock.open)]).toEqual([403, 'queue.not_member']);
    // A stranger's nonces are not kept (keys made up on the spot must not fill the book members need): the same
    // knock again is a knock, not a replay.
    const again = await post(knock);
    expect([again.status, await codeOf(again, knock.open)]).toEqual([403, 'queue.not_member']);

    // Desk A's key in the headers, signed by another key.
    const forged = sealed(generateStationKeyPair(), boxKey, '/queue/hello', body);
    const wrongKey = await post({ headers: { ...forged.headers, [HEADER.key]: deskKeys.publicKey }, body: forged.body });
    expect([wrongKey.status, await codeOf(wrongKey)]).toEqual([401, 'queue.bad_signature']);
    // The body changed after signing.
    const signedOnce = sealed(deskKeys, boxKey, '/queue/hello', body);
    const tampered = await post({ headers: signedOnce.headers, body: sealed(deskKeys, boxKey, '/queue/hello', JSON.stringify({ label: 'y' })).body });
    expect(tampered.status).toBe(401);

    const once = sealed(deskKeys, boxKey, '/queue/hello', body);
    expect((await post(once)).status).toBe(200);
    const replayed = await post(once);
    expect([replayed.status, await codeOf(replayed)]).toEqual([409, 'queue.replayed']);
    // A replay gets no answer signed for the nonce it carries (the desk would take it for its host's).
    expect(replayed.headers.get(HEADER.signature)).toBeNull();

    const stale = await post(sealed(deskKeys, boxKey, '/queue/hello', body, Date.now() - 10 * 60_000));
    expect([stale.status, await codeOf(stale)]).toEqual([401, 'queue.stale']);
    // Signed before this host started (a minute ago, within the clock window): it could be a request heard on the
    // network and replayed after a restart, whose nonce the host no longer holds.
    const beforeStart = await post(sealed(deskKeys, boxKey, '/queue/hello', body, Date.now() - 60_000));
    expect([beforeStart.status, await codeOf(beforeStart)]).toEqual([401, 'queue.stale']);

    const huge = sealed(deskKeys, boxKey, '/queue/hello', JSON.stringify({ label: 'x'.repeat(300 * 1024) }));
    const oversized = await post(huge);
    expect(oversized.status).toBe(413);

    expect((await fetch(`${server.url}/queue/nowhere`)).status).toBe(404);
    expect((await fetch(`${server.url}/queue/desk`)).status).toBe(405);

    // A removed desk is refused at once, and its lease goes back to the line.
    await issue(door1);
    await call(deskA, 'queue.current', {});
    expect(sql(host.ctx.db, 'SELECT count(*) FROM queue_leases').pluck<number>().get()).toBe(1);
    revokeMember(host.ctx, SYSTEM_ACTOR, deskA.fingerprint);
    expect(sql(host.ctx.db, 'SELECT count(*) FROM queue_leases').pluck<number>().get()).toBe(0);
    expect(await refusal(call(deskA, 'queue.callNext', {}))).toBe('forbidden');

    // A desk that pinned another fingerprint does not take the host's answers for its host's.
    writeSetting(deskB.ctx.db, 'queue.host.fingerprint', deskA.fingerprint);
    expect(await call(deskB, 'queue.hostStatus', {})).toEqual({ state: 'unreachable' });
  });

  it('a desk is told which of its calls made while cut off the host refused, and why, until it calls the next', async () => {
    for (let i = 0; i < 4; i++) {
      await issue(door1);
      advance(30);
    }
    expect(((await call(deskA, 'queue.current', {})) as QueueDeskState).refused).toEqual([]);
    const port = server.port;
    await server.close();
    advance(60);
    const first = (await call(deskA, 'queue.callNext', {})) as QueueTicketView;
    advance(60);
    const second = (await call(deskA, 'queue.callNext', {})) as QueueTicketView;
    // Meanwhile on the host: the first family left (its ticket cancelled); the second ticket's grant is not on record.
    cancelTicket(host.ctx, SYSTEM_ACTOR, first.id);
    sql(host.ctx.db, 'DELETE FROM queue_lease_grants WHERE ticket_id = ?').run(second.id);
    server = await createQueueHostServer(host.core, { port });
    advance(60);
    const back = (await call(deskA, 'queue.current', {})) as QueueDeskState;
    expect(back.link).toMatchObject({ state: 'connected', unsent: 0 });
    expect(back.current).toBeNull();
    expect(back.refused).toEqual([
      { ticketId: second.id, number: second.number, reason: 'not_leased', calledAt: expect.any(String) },
      { ticketId: first.id, number: first.number, reason: 'not_waiting', calledAt: expect.any(String) },
    ]);
    // Still said when the desk asks again; calling the next ticket is what the message asks, and it goes.
    expect(((await call(deskA, 'queue.current', {})) as QueueDeskState).refused).toHaveLength(2);
    const next = (await call(deskA, 'queue.callNext', {})) as QueueTicketView;
    expect(next.id).not.toBe(first.id);
    expect(((await call(deskA, 'queue.current', {})) as QueueDeskState).refused).toEqual([]);
  });

  it('a desk cut off calls from its lease; nobody else gets those tickets; back in touch, nothing is lost or doubled', async () => {
    for (let i = 0; i < 8; i++) {
      await issue(i % 2 === 0 ? door1 : door2, { priority: i === 5 ? ['older_person'] : [] });
      advance(30);
    }
    // Desk A opens: the host leases it the three tickets the rule gives it next.
    const opened = (await call(deskA, 'queue.current', {})) as QueueDeskState;
    expect(opened.link).toMatchObject({ state: 'connected', leased: 3 });
    const leased = sql(deskA.ctx.db, 'SELECT ticket_id FROM queue_held ORDER BY ticket_id').pluck<string>().all();
    expect(leased).toHaveLength(3);

    // The network goes: desk A keeps calling, from its lease, by the rule (the priority ticket first).
    const port = server.port;
    await server.close();
    const offline: QueueTicketView[] = [];
    for (let i = 0; i < 3; i++) {
      advance(240);
      offline.push((await call(deskA, 'queue.callNext', {})) as QueueTicketView);
    }
    expect(offline.map((t) => t.id).sort()).toEqual(leased);
    expect(offline[0]!.lane).toBe('priority');
    expect(await refusal(call(deskA, 'queue.callNext', {}))).toBe('unreachable');
    const cutOff = (await call(deskA, 'queue.current', {})) as QueueDeskState;
    expect(cutOff.current?.id).toBe(offline[2]!.id);
    expect(cutOff.link).toMatchObject({ state: 'no_lease', leased: 0 });
    expect(cutOff.link!.unsent).toBeGreaterThan(0);
    // A greeter that never heard its prefix from the host is told at once that no ticket was issued.
    const newDoor = station('New door');
    saveQueueLanSettings(newDoor.ctx, SYSTEM_ACTOR, { listen: '', hostUrl: server.url, hostFingerprint: host.fingerprint, leaseSize: 3, leaseMinutes: 30 });
    expect(await refusal(issue(newDoor))).toBe('unreachable');

    // The host comes back; desk A has not been in touch yet. Desk B and the host's own desk call everything else, and
    // never a ticket leased to desk A.
    server = await createQueueHostServer(host.core, { port });
    const others: string[] = [];
    for (;;) {
      advance(60);
      const t = (await call(deskB, 'queue.callNext', {})) as QueueTicketView | null;
      if (!t) break;
      others.push(t.id);
    }
    expect(callNext(host.ctx, 'Hub desk')).toBeNull();
    expect(others).toHaveLength(5);
    expect(others.filter((id) => leased.includes(id))).toEqual([]);

    // Desk A back in touch: its calls reach the host once each, at the times they were made.
    advance(60);
    const back = (await call(deskA, 'queue.current', {})) as QueueDeskState;
    expect(back.link).toMatchObject({ state: 'connected', unsent: 0 });
    expect(back.current?.id).toBe(offline[2]!.id);
    const rows = callsPerTicket();
    expect(rows).toHaveLength(8);
    for (const row of rows) {
      expect(row.calls, row.number).toBe(1);
      expect(row.logged, row.number).toBe(1);
    }
    const byDesk = (desk: string) => rows.filter((r) => r.desk === desk).length;
    expect(byDesk('Desk 1')).toBe(3);
    expect(byDesk('Desk 2')).toBe(5);
    // Desk A's first two families were served when it called the next; the third is at its desk now.
    expect(rows.filter((r) => r.desk === 'Desk 1' && r.status === 'served')).toHaveLength(2);
    // Sending everything again changes nothing.
    const applied = sql(host.ctx.db, 'SELECT count(*) FROM queue_applied').pluck<number>().get();
    await call(deskA, 'queue.current', {});
    expect(sql(host.ctx.db, 'SELECT count(*) FROM queue_applied').pluck<number>().get()).toBe(applied);
    expect(callsPerTicket()).toEqual(rows);
    // Names in the desk's copy of its lease go with the purge once the copy is of no use.
    expect(sql(deskA.ctx.db, 'SELECT count(*) FROM queue_held').pluck<number>().get()).toBeGreaterThan(0);
    advance(13 * 3600);
    eraseStaleDoorNames(deskA.ctx);
    expect(sql(deskA.ctx.db, 'SELECT count(*) FROM queue_held').pluck<number>().get()).toBe(0);
  });
});
