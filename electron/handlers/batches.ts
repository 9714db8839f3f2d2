import { basename } from 'node:path';
import { exportBatch, exportPlain } from '../core/batch/export.js';
import { importBatch } from '../core/batch/import.js';
import { importBatchFiles, withBatchFile } from '../core/batch/import-folder.js';
import { installHubKey } from '../core/batch/keys.js';
import { enrolAttempt } from '../core/batch/trust.js';
import { hubBatches, setBatchSchedule, setStationRole, stationBatches } from '../core/batch/overview.js';
import type { DomainHandlers } from './handler.js';

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
      withBatchFile(input.path, (source) =>
        importBatch(ctx, actor, source, { fileName: input.fileName || basename(input.path), acceptNewStation: input.acceptStation }),
      ),
  },
  'hub.importFile': {
    run: (ctx, actor, input) =>
      withBatchFile(input.path, (source) => importBatch(ctx, actor, source, { fileName: basename(input.path), acceptNewStation: input.acceptStation })),
  },
  'hub.importFolder': { run: (ctx, actor, input) => importBatchFiles(ctx, actor, input.files) },
  'hub.enrol': { run: (ctx, actor, input) => enrolAttempt(ctx, actor, input.fingerprint) },
} satisfies DomainHandlers;
