import { randomSource } from '../../electron/core/seed/seed.js';
import { createHttpTarget } from '../../electron/core/hub/http-target.js';
import { syncOnce } from '../../electron/core/sync/outbox.js';
import { startFaultProxy, type Fault } from './fault-proxy.js';
import { exactlyOnce, syncSite } from './sync.js';

/**
 * The soak: `batches` small batches from two stations to a real hub on 127.0.0.1, through a proxy that spoils one
 * connection in `dropOneIn` (cut in the body, cut in the answer, reset, 500, 429 — chosen by a seeded generator).
 * Every batch must end acknowledged and every family be at the hub exactly once.
 */

export interface SoakResult {
  batches: number;
  /** Uploads that reached the proxy (first sends and resends). */
  sent: number;
  /** Uploads beyond one per batch. */
  retried: number;
  /** Uploads the hub answered "already had it" (the answer to an earlier one was lost): harmless by design. */
  duplicateAnswers: number;
  /** Families at the hub more than once: must be 0. */
  duplicated: number;
  /** Families registered at a station and missing at the hub: must be 0. */
  missing: number;
  faults: Record<string, number>;
  connections: number;
  waitingAtEnd: number;
  seconds: number;
}

const SPOILERS: Fault[] = [
  { kind: 'cut_request' },
  { kind: 'cut_response' },
  { kind: 'reset' },
  { kind: 'status', status: 500 },
  { kind: 'status', status: 429, retryAfter: 1 },
];

export async function runSoak(options: { batches: number; dropOneIn?: number; seed?: number; log?: (line: string) => void }): Promise<SoakResult> {
  const started = Date.now();
  const random = randomSource(options.seed ?? 7);
  const dropOneIn = options.dropOneIn ?? 5;
  const site = syncSite();
  const faults: Record<string, number> = {};
  let closeProxy = async () => {};
  try {
    const hub = site.hub();
    await hub.serve({ rate: { burst: 10_000, perSecond: 10_000 } });
    const proxy = await startFaultProxy(
      () => hub.port(),
      () => {
        if (random() >= 1 / dropOneIn) return { kind: 'pass' };
        const fault = SPOILERS[Math.floor(random() * SPOILERS.length)]!;
        const name = fault.kind === 'status' ? `http_${fault.status}` : fault.kind;
        faults[name] = (faults[name] ?? 0) + 1;
        return fault;
      },
    );
    closeProxy = () => proxy.close();
    const stations = [site.station('Desk 1', hub), site.station('Desk 2', hub, 'KPN2')];
    const target = createHttpTarget(proxy.url, { timeoutMs: 5_000 });
    const numbers: string[] = [];
    let duplicateAnswers = 0;
    for (let i = 0; i < options.batches; i++) {
      const station = stations[i % stations.length]!;
      numbers.push(station.register());
      // One family, one batch: sync until it is acknowledged (each try ignores backoff, as "Sync now" does).
      for (let run = 0; ; run++) {
        if (run > 100) throw new Error(`batch ${i + 1} still waiting after 100 syncs`);
        const report = await syncOnce(station.core.ctx, target, { force: true });
        duplicateAnswers += report.acknowledged.filter((b) => b.duplicate).length;
        if (report.reachable && station.waiting() === 0 && report.error === null) break;
      }
      if ((i + 1) % 50 === 0) options.log?.(`${i + 1} batches acknowledged`);
    }
    const once = exactlyOnce(hub, numbers);
    const batches = stations.reduce((n, s) => n + s.acknowledged(), 0);
    return {
      batches,
      sent: proxy.counts.uploads,
      retried: proxy.counts.uploads - batches,
      duplicateAnswers,
      duplicated: once.duplicated.length,
      missing: once.missing.length,
      faults,
      connections: proxy.counts.connections,
      waitingAtEnd: stations.reduce((n, s) => n + s.waiting(), 0),
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await closeProxy();
    await site.dispose();
  }
}

export const soakLine = (r: SoakResult): string =>
  `soak: batches=${r.batches} sent=${r.sent} retried=${r.retried} duplicated=${r.duplicated} duplicate_answers=${r.duplicateAnswers} ` +
  `missing=${r.missing} waiting=${r.waitingAtEnd} connections=${r.connections} faults=${JSON.stringify(r.faults)} seconds=${r.seconds.toFixed(1)}`;
