import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { exportBatch, exportPlain } from '../core/batch/export.js';
import { readFailure } from '../core/batch/file.js';
import { importBatch } from '../core/batch/import.js';
import { installHubKey } from '../core/batch/keys.js';
import { enrolAttempt } from '../core/batch/trust.js';
import { hubBatches, setBatchSchedule, setStationRole, stationBatches } from '../core/batch/overview.js';
import { allowed, type DomainHandlers } from './handler.js';

function readBatchFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw readFailure(error, path);
  }
}

export const batchHandlers = {
  'batch.overview': { roles: allowed('batch.overview'), run: (ctx) => stationBatches(ctx) },
  'batch.installHubKey': { roles: allowed('batch.installHubKey'), run: (ctx, actor, input) => installHubKey(ctx, actor, input.publicKey) },
  'batch.export': { roles: allowed('batch.export'), run: (ctx, actor, input) => exportBatch(ctx, actor, { folder: input.folder }) },
  'batch.exportPlain': { roles: allowed('batch.exportPlain'), run: (ctx, actor, input) => exportPlain(ctx, actor, { folder: input.folder }) },
  'batch.setSchedule': { roles: allowed('batch.setSchedule'), run: (ctx, actor, input) => (setBatchSchedule(ctx, actor, input), null) },
  'station.setRole': { roles: allowed('station.setRole'), run: (ctx, actor, input) => setStationRole(ctx, actor, input.role) },
  'hub.overview': { roles: allowed('hub.overview'), run: (ctx) => hubBatches(ctx) },
  'hub.import': {
    roles: allowed('hub.import'),
    run: (ctx, actor, input) =>
      importBatch(ctx, actor, Buffer.from(input.bytesBase64, 'base64'), { fileName: input.fileName, acceptNewStation: input.acceptStation }),
  },
  'hub.importFile': {
    roles: allowed('hub.importFile'),
    run: (ctx, actor, input) =>
      importBatch(ctx, actor, readBatchFile(input.path), { fileName: basename(input.path), acceptNewStation: input.acceptStation }),
  },
  'hub.enrol': { roles: allowed('hub.enrol'), run: (ctx, actor, input) => enrolAttempt(ctx, actor, input.fingerprint) },
} satisfies DomainHandlers;
