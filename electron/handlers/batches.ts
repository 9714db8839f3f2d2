import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { exportBatch, exportPlain } from '../core/batch/export.js';
import { readFailure } from '../core/batch/file.js';
import { fileSource, type ByteSource } from '../core/batch/envelope-v2.js';
import { importBatch } from '../core/batch/import.js';
import { CoreError } from '../core/errors.js';
import { installHubKey } from '../core/batch/keys.js';
import { enrolAttempt } from '../core/batch/trust.js';
import { hubBatches, setBatchSchedule, setStationRole, stationBatches } from '../core/batch/overview.js';
import type { DomainHandlers } from './handler.js';

/** As large as a batch may be; a larger file is refused before a byte of it is read. */
const MAX_BATCH_BYTES = 400 * 1024 * 1024;

/** Runs `use` on the batch file read piece by piece (a version 2 batch is never held whole), then closes it. */
function withBatchFile<T>(path: string, use: (source: ByteSource) => T): T {
  let source: ByteSource;
  try {
    if (statSync(path).size > MAX_BATCH_BYTES) throw new CoreError('refused', 'This file is too large to be a batch.');
    source = fileSource(path);
  } catch (error) {
    if (error instanceof CoreError) throw error;
    throw readFailure(error, path);
  }
  try {
    return use(source);
  } finally {
    source.close?.();
  }
}

export const batchHandlers = {
  'batch.overview': { run: (ctx) => stationBatches(ctx) },
  'batch.installHubKey': { run: (ctx, actor, input) => installHubKey(ctx, actor, input.publicKey) },
  'batch.export': { run: (ctx, actor, input) => exportBatch(ctx, actor, { folder: input.folder }) },
  'batch.exportPlain': { run: (ctx, actor, input) => exportPlain(ctx, actor, { folder: input.folder }) },
  'batch.setSchedule': { run: (ctx, actor, input) => (setBatchSchedule(ctx, actor, input), null) },
  'station.setRole': { run: (ctx, actor, input) => setStationRole(ctx, actor, input.role) },
  'hub.overview': { run: (ctx) => hubBatches(ctx) },
  'hub.import': {
    run: (ctx, actor, input) =>
      withBatchFile(input.path, (source) => importBatch(ctx, actor, source, { fileName: input.fileName || basename(input.path), acceptNewStation: input.acceptStation })),
  },
  'hub.importFile': {
    run: (ctx, actor, input) =>
      withBatchFile(input.path, (source) => importBatch(ctx, actor, source, { fileName: basename(input.path), acceptNewStation: input.acceptStation })),
  },
  'hub.enrol': { run: (ctx, actor, input) => enrolAttempt(ctx, actor, input.fingerprint) },
} satisfies DomainHandlers;
