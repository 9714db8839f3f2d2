import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SYSTEM_ACTOR } from '../core/context.js';
import { cutBatch, pendingRange } from '../core/batch/cut.js';
import { exportBatch } from '../core/batch/export.js';
import { writeBatchFile } from '../core/batch/file.js';
import { importBatch } from '../core/batch/import.js';
import { ensureHubKeys, installHubKey } from '../core/batch/keys.js';
import { openCore } from '../core/index.js';
import { round, type BenchSection } from './index.js';

/**
 * Batches: `baseline_export_s` writes the waiting rows as plain JSON Lines (cut, write, fsync; no sealing), then
 * `export_s` does the real export of the same range (cut, encrypt, sign, write, fsync, read back, verify, record),
 * and `import_s` takes that file in at a fresh hub (verify, decrypt, check, apply through the one write path).
 */
export const batchesBench: BenchSection = (bench) => {
  const ctx = bench.core.ctx;
  const hubDir = bench.scratch('hub');
  const stick = bench.scratch('stick');
  const hub = openCore({
    dataDir: hubDir,
    setup: { centreCode: 'HUB', centreName: 'Bench hub', stationLabel: 'Hub', role: 'hub' },
    unencryptedForBenchmark: bench.unencrypted,
  });
  try {
    installHubKey(ctx, SYSTEM_ACTOR, ensureHubKeys(hubDir).pair.publicKey);
    const range = pendingRange(ctx.db);
    if (!range) return;

    // Untimed: brings the rows into the page cache, so neither figure pays for a cold read the other skips.
    cutBatch(ctx, 'warm-up', range);

    let started = performance.now();
    const plain = cutBatch(ctx, 'baseline', range, { plain: true });
    writeBatchFile(join(stick, 'baseline.jsonl'), plain.payload);
    bench.report('baseline_export_s', round((performance.now() - started) / 1000));

    started = performance.now();
    const outcome = exportBatch(ctx, SYSTEM_ACTOR, { folder: stick });
    bench.report('export_s', round((performance.now() - started) / 1000));
    if (!outcome.exported) return;
    bench.report('batch_mb', round(outcome.batch.bytes / 1024 / 1024, 1));

    started = performance.now();
    const result = importBatch(hub.ctx, SYSTEM_ACTOR, readFileSync(outcome.batch.filePath), { acceptNewStation: true });
    bench.report('import_s', round((performance.now() - started) / 1000));
    if (result.status !== 'imported' || result.applied !== outcome.batch.households) {
      throw new Error(`The bench import applied ${result.status === 'imported' ? result.applied : result.status}, not ${outcome.batch.households}`);
    }
  } finally {
    hub.close();
  }
};
