import { describe, expect, it } from 'vitest';
import { generateStationKeyPair } from '../../../electron/core/batch/raw-keys.js';
import { HostBox, sealRequest, type RequestBinding } from '../../../electron/core/queue/lan-box.js';
import { newNonce } from '../../../electron/core/queue/lan-sign.js';
import { OverviewAnswerSchema, type OverviewAnswer } from '../../../electron/core/queue/lan-wire.js';
import { WAITING_LISTED } from '../../../electron/api/views-queue.js';

/** Bodies sealed between a station and the queue host (electron/core/queue/lan-box.ts), with real X25519 and AES-GCM. */

const station = generateStationKeyPair();
const binding = (): RequestBinding => ({ method: 'POST', path: '/queue/issue', time: 1_764_745_200_000, nonce: newNonce(), stationKey: station.publicKey });
const request = JSON.stringify({ householdSize: 2, language: 'hy', priority: [], headName: 'Արամ Սարգսյան' });

describe('sealed bodies', () => {
  it('opens on the host and only there; the answer opens only at the station that sealed the request', () => {
    const host = new HostBox();
    const b = binding();
    const out = sealRequest(host.publicKey, b, request);
    expect(out.body).not.toContain('Արամ');
    const opened = host.open(Buffer.from(out.body), b);
    if (!opened.ok) throw new Error(opened.failure);
    expect(opened.plaintext.toString('utf8')).toBe(request);
    const answer = opened.sealAnswer(201, '{"headName":"Արամ Սարգսյան"}');
    expect(answer).not.toContain('Արամ');
    expect(out.openAnswer(201, answer)).toBe('{"headName":"Արամ Սարգսյան"}');
    // Another request's keys do not open it, nor does another status.
    expect(sealRequest(host.publicKey, b, request).openAnswer(201, answer)).toBeUndefined();
    expect(out.openAnswer(200, answer)).toBeUndefined();
    // Another run of the host (a restart) asks for its new key.
    expect(new HostBox().open(Buffer.from(out.body), b)).toEqual({ ok: false, failure: 'rekey' });
  });

  it('refuses a changed ciphertext, iv or binding, and tells plain text from a broken box', () => {
    const host = new HostBox();
    const b = binding();
    const out = JSON.parse(sealRequest(host.publicKey, b, request).body) as Record<string, string>;
    const flip = (text: string, at: number) => {
      const bytes = Buffer.from(text, 'base64');
      bytes[at] = bytes[at]! ^ 0x80;
      return bytes.toString('base64');
    };
    const open = (body: object, bound = b) => host.open(Buffer.from(JSON.stringify(body)), bound);
    expect(open({ ...out, data: flip(out['data']!, 0) })).toEqual({ ok: false, failure: 'bad_box' });
    expect(open({ ...out, data: flip(out['data']!, Buffer.from(out['data']!, 'base64').length - 1) })).toEqual({ ok: false, failure: 'bad_box' });
    expect(open({ ...out, iv: flip(out['iv']!, 0) })).toEqual({ ok: false, failure: 'bad_box' });
    expect(open({ ...out, key: generateStationKeyPair().publicKey })).toEqual({ ok: false, failure: 'bad_box' });
    expect(open(out, { ...b, path: '/queue/desk' })).toEqual({ ok: false, failure: 'bad_box' });
    expect(open(out, { ...b, nonce: newNonce() })).toEqual({ ok: false, failure: 'bad_box' });
    expect(open(out, { ...b, stationKey: generateStationKeyPair().publicKey })).toEqual({ ok: false, failure: 'bad_box' });
    // A low-order public key (all zeros) gives a predictable secret: refused, not thrown.
    expect(open({ ...out, key: Buffer.alloc(32).toString('base64') })).toEqual({ ok: false, failure: 'bad_box' });
    expect(host.open(Buffer.from(request), b)).toEqual({ ok: false, failure: 'not_sealed' });
    expect(host.open(Buffer.from('not json'), b)).toEqual({ ok: false, failure: 'not_sealed' });
    expect(open({ ...out, extra: 1 })).toEqual({ ok: false, failure: 'bad_box' });
  });

  it('the largest overview answer the schema allows opens at the desk (its cap is below the box’s)', () => {
    const host = new HostBox();
    const b = { ...binding(), path: '/queue/overview' };
    const out = sealRequest(host.publicKey, b, '{}');
    const opened = host.open(Buffer.from(out.body), b);
    if (!opened.ok) throw new Error(opened.failure);
    const long = (n: number) => 'Ա'.repeat(n);
    const at = '2026-12-03T07:00:00.000+04:00';
    const ticket = {
      id: 'f'.repeat(64),
      number: long(20),
      lane: 'priority' as const,
      status: 'waiting' as const,
      issuedAt: at,
      householdSize: 30,
      language: 'hy' as const,
      headName: '' as const,
      forDesk: long(40),
      calledDesk: long(40),
      estimatedWaitMinutes: 100_000,
      nextSteps: '' as const,
    };
    const desk = { desk: long(40), served: 100_000, perHour: 123.456789, meanServiceMinutes: 123.456789 };
    const answer: OverviewAnswer = {
      overview: {
        waiting: 100_000,
        waitingPriority: 100_000,
        longestWaitMinutes: 100_000,
        issuedToday: 100_000,
        servedToday: 100_000,
        noShowsToday: 100_000,
        desks: Array.from({ length: 200 }, () => desk),
        serviceMinutes: 123.456789,
        desksCalling: 200,
        clearedBy: at,
        headStartMinutes: 100_000,
      },
      waiting: Array.from({ length: WAITING_LISTED }, () => ticket),
      more: 100_000,
    };
    expect(OverviewAnswerSchema.safeParse(answer).success).toBe(true);
    const text = JSON.stringify(answer);
    expect(out.openAnswer(200, opened.sealAnswer(200, text))).toBe(text);
  });
});
