import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HouseholdSchema } from '../electron/api/schemas/household.js';
import { manifestHeadLength } from '../electron/core/batch/envelope.js';
import { ensureHubKeys, installHubKey, loadStationKeys } from '../electron/core/batch/keys.js';
import { enrolStationKey } from '../electron/core/batch/trust.js';
import { SYSTEM_ACTOR } from '../electron/core/context.js';
import { registerHousehold } from '../electron/core/households/write.js';
import { openCore } from '../electron/core/index.js';
import { family } from '../tests/helpers/batches.js';
import { forgeBatch } from '../tests/helpers/forge.js';

/**
 * Hub trust figures (issue 11): `npx tsx scripts/bench-trust.ts [--uploads N] [--mb M]`. A real hub (serve-hub, its
 * own process) on 127.0.0.1; prints
 *   unknown_refusal_ms  from the start of a 60 MB upload from an unknown station to its 403 (goal < 300)
 *   hub_peak_rss_mb     the hub's peak resident memory (VmHWM) under N concurrent M MB uploads (goal < 600)
 * Bodies are streamed from a valid head plus filler, so this process never holds them whole. Not part of npm test.
 */
const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const UPLOADS = arg('uploads', 30);
const MB = arg('mb', 63);

const root = mkdtempSync(join(tmpdir(), 'intake-bench-trust-'));
const hubDir = join(root, 'hub');
const hubCore = openCore({ dataDir: hubDir, setup: { centreCode: 'HUB1', centreName: 'Hub', stationLabel: 'Hub', role: 'hub' } });
const hubKey = ensureHubKeys(hubDir).pair.publicKey;
const desk = (label: string) => {
  const core = openCore({ dataDir: join(root, label), setup: { centreCode: 'GRS1', centreName: 'Centre', stationLabel: label } });
  installHubKey(core.ctx, SYSTEM_ACTOR, hubKey);
  registerHousehold(core.ctx, SYSTEM_ACTOR, HouseholdSchema.parse(family('Anahit', 'Hovhannisyan')));
  return core;
};
const enrolled = desk('enrolled');
const stranger = desk('stranger');
enrolStationKey(hubCore.ctx, SYSTEM_ACTOR, loadStationKeys(enrolled.ctx).publicKey);
hubCore.close();

/** The head (magic, length, manifest) of a fresh batch of `core`, and its batch id. */
function head(core: typeof enrolled): { bytes: Buffer; batchId: string } {
  const file = forgeBatch(core.ctx, hubKey, []);
  const length = manifestHeadLength(file) ?? 0;
  const bytes = file.subarray(0, length);
  return { bytes, batchId: JSON.parse(bytes.subarray(12).toString('utf8')).batchId as string };
}

const hub = spawn(process.execPath, ['--import', 'tsx', 'electron/cli.ts', 'serve-hub', '--data', hubDir, '--port', '0'], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
hub.stderr.resume();
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  hub.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    const m = /Hub serving on (http:\/\/\S+)/.exec(out);
    if (m?.[1]) resolve(m[1]);
  });
  hub.once('exit', () => reject(new Error(`the hub stopped: ${out}`)));
});

const peakRss = (): number => {
  const status = readFileSync(`/proc/${hub.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
};

/** Streams head + filler up to `total` bytes; resolves with the status and the ms from the first byte to the answer. */
function upload(h: { bytes: Buffer; batchId: string }, total: number): Promise<{ status: number; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const filler = Buffer.alloc(1024 * 1024, 0x5a);
    let answered = false;
    const req = request(`${url}/batches/${h.batchId}`, { method: 'PUT', agent: false, headers: { 'Content-Length': String(total) } }, (res) => {
      answered = true;
      res.resume();
      resolve({ status: res.statusCode ?? 0, ms: performance.now() - started });
    });
    req.on('error', () => {
      if (!answered) resolve({ status: 0, ms: performance.now() - started });
    });
    let sent = 0;
    const pump = () => {
      while (sent < total && !answered) {
        const chunk = sent === 0 ? h.bytes : filler.subarray(0, Math.min(filler.length, total - sent));
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (sent >= total) req.end();
    };
    pump();
  });
}

try {
  const refusal = await upload(head(stranger), 60 * 1024 * 1024);
  if (refusal.status !== 403) throw new Error(`the unknown station's upload answered ${refusal.status}, not 403`);
  const statuses = await Promise.all(Array.from({ length: UPLOADS }, () => upload(head(enrolled), MB * 1024 * 1024)));
  const byStatus = new Map<number, number>();
  for (const s of statuses) byStatus.set(s.status, (byStatus.get(s.status) ?? 0) + 1);
  console.log(`unknown_refusal_ms=${refusal.ms.toFixed(1)}`);
  console.log(`hub_peak_rss_mb=${peakRss().toFixed(1)}`);
  console.log(`concurrent_uploads=${UPLOADS} upload_mb=${MB} answers=${[...byStatus].map(([k, v]) => `${k}:${v}`).join(',')}`);
} finally {
  hub.kill('SIGTERM');
  await new Promise((done) => hub.once('exit', done));
  enrolled.close();
  stranger.close();
  rmSync(root, { recursive: true, force: true });
}
