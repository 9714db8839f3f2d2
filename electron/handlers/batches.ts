import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { exportBatch, exportPlain } from '../core/batch/export.js';
import { readFailure } from '../core/batch/file.js';
import { importBatch } from '../core/batch/import.js';
import { installHubKey } from '../core/batch/keys.js';
import { hubBatches, setBatchSchedule, setStationRole, stationBatches } from '../core/batch/overview.js';
import type { DomainHandlers } from './handler.js';

function readBatchFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw readFailure(error, path);
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
      importBatch(ctx, actor, Buffer.from(input.bytesBase64, 'base64'), { fileName: input.fileName, acceptNewStation: input.acceptStation }),
  },
  'hub.importFile': {
    run: (ctx, actor, input) =>
      importBatch(ctx, actor, readBatchFile(input.path), { fileName: basename(input.path), acceptNewStation: input.acceptStation }),
  },
} satisfies DomainHandlers;
