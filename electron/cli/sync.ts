import { resolve } from 'node:path';
import type { SyncReportView, SyncStatusView } from '../api/views-sync.js';
import { keyFingerprint } from '../core/batch/raw-keys.js';
import { SYSTEM_ACTOR } from '../core/context.js';
import { CoreError } from '../core/errors.js';
import { collectFolder } from '../core/sync/folder.js';
import { createHubService } from '../core/hub/service.js';
import { createHubServer } from '../core/hub/server.js';
import { targetFor } from '../core/sync/loop.js';
import { syncOnce } from '../core/sync/outbox.js';
import { configureSync, hubAddress, intervalSeconds, parseHubAddress, pinnedReceiptKey, retryRefused, syncStatus } from '../core/sync/state.js';
import { installHubKeyFile } from './batches.js';
import { need, optional, print, UsageError, withCore, type CommandGroup, type Flags } from './common.js';

/** serve-hub and sync: batches over HTTP (or through a folder) when a connection is there. */

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function port(flags: Flags): number {
  const raw = need(flags, 'port');
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError('--port must be a whole number from 0 to 65535');
  return n;
}

const batches = (n: number) => `${n} batch${n === 1 ? '' : 'es'}`;
const span = (from: number, to: number) => (from === to ? `change ${from}` : `changes ${from}-${to}`);

function reportLines(report: SyncReportView, refusedBefore: SyncStatusView['refusedBatches']): string[] {
  const lines: string[] = [];
  if (report.cut) {
    const c = report.cut;
    lines.push(`Cut batch ${c.batchId}: ${span(c.sequenceFrom, c.sequenceTo)}, ${c.households} households (${c.persons} persons).`);
  }
  for (const id of report.resent) lines.push(`The hub no longer holds batch ${id}; it was sent again.`);
  for (const b of report.acknowledged) {
    lines.push(
      `Sent batch ${b.batchId} (${span(b.sequenceFrom, b.sequenceTo)}, ${b.households} households, ${b.persons} persons): ` +
        `acknowledged by the hub, received ${b.receivedAt}${b.duplicate ? ' (it already had it)' : ''}; receipt verified.`,
    );
  }
  for (const id of report.awaiting) lines.push(`Copied batch ${id} to ${report.address}; waiting for the hub's receipt.`);
  for (const r of report.refused) lines.push(`Refused by the hub: batch ${r.batchId}: ${r.reason}`);
  if (report.missing.length > 0) {
    lines.push(`The hub still lacks ${report.missing.map((m) => span(m.from, m.to)).join(', ')} of this station (a batch carried by hand, not arrived yet?).`);
  }
  const earlier = refusedBefore.filter((b) => !report.refused.some((r) => r.batchId === b.batchId));
  for (const b of earlier) {
    lines.push(`Still refused by the hub: batch ${b.batchId} (${span(b.sequenceFrom, b.sequenceTo)}, ${b.households} households): ${b.reason}`);
  }
  if (report.waiting > 0) lines.push(`${batches(report.waiting)} still waiting.`);
  else lines.push(refusedBefore.length === 0 ? 'Nothing is waiting.' : 'Nothing is waiting, but the refused batches above are not at the hub.');
  return lines;
}

export const syncCommands: CommandGroup = {
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'open-enrolment': { type: 'boolean', default: false },
    folder: { type: 'string' },
    hub: { type: 'string' },
    'retry-refused': { type: 'boolean', default: false },
  },
  commands: {
    async 'serve-hub'(flags) {
      const host = optional(flags, 'host') ?? '127.0.0.1';
      const listenPort = port(flags);
      const folder = optional(flags, 'folder');
      await withCore(flags, async (core) => {
        const hub = createHubService(core.ctx, flags['open-enrolment'] ? { enrolmentOpen: true } : {});
        const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
        const server = await createHubServer(hub, { host, port: listenPort, log });
        const id = hub.identity();
        process.stdout.write(
          `Hub serving on ${server.url}\n` +
            `  hub key fingerprint ${id.hubKeyFingerprint}\n` +
            `  receipt key ${id.signingKey} (fingerprint ${id.signingKeyFingerprint})\n` +
            `  enrolment of new stations: ${id.enrolmentOpen ? 'open' : 'closed'}\n` +
            (folder ? `  also taking batches from the folder ${resolve(folder)}\n` : ''),
        );
        if (id.enrolmentOpen) {
          process.stderr.write(
            'Enrolment is OPEN (--open-enrolment): any station that sends a batch is enrolled on first use. Use it only on a trusted network; otherwise enrol each desk with `enrol --station-key FILE`.\n',
          );
        }
        if (!LOOPBACK.has(host)) {
          process.stderr.write(
            `Listening on ${host}: other machines can reach this hub. Batches are sealed, but put HTTPS (a reverse proxy) in front where the network is not trusted.\n`,
          );
        }
        let timer: ReturnType<typeof setInterval> | undefined;
        if (folder) {
          const collect = () => {
            try {
              const r = collectFolder(hub, resolve(folder));
              for (const b of r.received) log(`folder: received batch ${b}`);
              for (const b of r.refused) log(`folder: refused batch ${b.batchId}: ${b.message}`);
            } catch (error) {
              log(`folder: ${error instanceof Error ? error.message : String(error)}`);
            }
          };
          collect();
          timer = setInterval(collect, 3_000);
        }
        await new Promise<void>((done) => {
          const stop = () => done();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        clearInterval(timer);
        await server.close();
        process.stderr.write('Hub stopped.\n');
      });
    },

    async sync(flags) {
      const url = need(flags, 'hub');
      const address = parseHubAddress(url);
      const keyFile = optional(flags, 'hub-key');
      const report = await withCore(flags, async (core) => {
        const ctx = core.ctx;
        if (keyFile) installHubKeyFile(ctx, keyFile, 'An administrator must replace it in Sync settings first.');
        if (!hubAddress(ctx.db)) {
          configureSync(ctx, SYSTEM_ACTOR, { hubUrl: url, intervalSeconds: intervalSeconds(ctx.db) });
          process.stderr.write(`Remembered ${address.kind === 'http' ? address.url : address.path} as this station's hub for automatic sync.\n`);
        }
        if (flags['retry-refused']) {
          const count = retryRefused(ctx, SYSTEM_ACTOR);
          process.stderr.write(`${count === 1 ? '1 refused batch goes' : `${count} refused batches go`} to the hub again.\n`);
        }
        const hadReceiptKey = pinnedReceiptKey(ctx.db) !== null;
        const result = await syncOnce(ctx, targetFor(address), { force: true });
        const pinned = pinnedReceiptKey(ctx.db);
        if (!hadReceiptKey && pinned)
          process.stderr.write(`The hub proved it holds the installed hub key; its receipt key ${keyFingerprint(pinned.publicKey)} is now trusted.\n`);
        // What is still refused after this run, from the outbox (a batch refused by an earlier run is not done).
        const after = syncStatus(ctx);
        return { ...result, refusedBatches: after.refusedBatches, refusedCount: after.refused };
      });
      const { refusedBatches, refusedCount, ...view } = report;
      const lines = report.reachable ? [`Hub ${report.address}: reachable.`, ...reportLines(report, refusedBatches)] : [];
      if (flags['json'] || lines.length > 0) print(flags, { ...view, refusedCount, refusedBatches }, lines.join('\n'));
      if (!report.reachable) {
        throw new CoreError(
          'io_failed',
          `${report.error?.message ?? 'The hub could not be reached.'} Nothing was sent; ${report.waiting} batch(es) and any new changes stay waiting.`,
        );
      }
      if (report.error) throw new CoreError('io_failed', `${report.error.message} ${report.waiting} batch(es) stay waiting; they are sent at the next sync.`);
      // Done only when the hub holds everything: a refused or waiting batch is something an operator must see to.
      if (refusedCount > 0) {
        throw new CoreError(
          'refused',
          `${batches(refusedCount)} refused by the hub and ${report.waiting} waiting: nothing of ${refusedCount === 1 ? 'it' : 'them'} is at the hub. ` +
            'Put the reason right (for example, have the hub enrol this station), then run sync --retry-refused.',
        );
      }
      if (report.waiting > 0) throw new CoreError('io_failed', `${batches(report.waiting)} still waiting for the hub; run sync again later.`);
    },
  },
};
