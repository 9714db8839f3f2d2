import { z } from 'zod';
import { Empty, method } from '../method.js';
import type { ExportOutcome, FolderImportView, HubBatchesView, HubKeyView, ImportOutcome, PlainExportView, StationBatchesView } from '../views-batches.js';

const folder = z.string().trim().min(1).max(1000);
/** A key fingerprint as keyFingerprint prints it: 8 groups of 4 hex digits. */
const fingerprint = z.string().regex(/^[0-9a-f]{4}( [0-9a-f]{4}){7}$/);

/** Batches: the hub key on a station, exports to a folder (a USB stick), and a hub taking batches in. */
export const batchMethods = {
  'batch.overview': method(Empty).returns<StationBatchesView>(),
  'batch.installHubKey': method(z.object({ publicKey: z.string().max(2000) }).strict()).returns<HubKeyView & { replaced: boolean }>(),
  'batch.export': method(z.object({ folder }).strict()).returns<ExportOutcome>(),
  /** A supervisor's plain export: the UI must have shown the warning and had it confirmed. */
  'batch.exportPlain': method(z.object({ folder, confirm: z.literal(true) }).strict()).returns<PlainExportView | null>(),
  'batch.setSchedule': method(z.object({ intervalMinutes: z.number().int().min(0).max(1440), folder: z.string().trim().max(1000) }).strict()).returns<null>(),
  'station.setRole': method(z.object({ role: z.enum(['station', 'hub']) }).strict()).returns<HubKeyView | null>(),
  'hub.overview': method(Empty).returns<HubBatchesView>(),
  /**
   * A batch file the supervisor chose, by its path (files cross by path, never as bytes: the bridge's pathOf);
   * `fileName` is the name they chose it by, for the receipt; `acceptStation` is the fingerprint they confirmed.
   */
  'hub.import': method(
    z.object({ path: z.string().min(1).max(4096), fileName: z.string().max(255).default(''), acceptStation: fingerprint.optional() }).strict(),
  ).returns<ImportOutcome>(),
  /** The same from a path the main process's file dialog chose. */
  'hub.importFile': method(z.object({ path: z.string().min(1).max(1000), acceptStation: fingerprint.optional() }).strict()).returns<ImportOutcome>(),
  /**
   * A whole folder of batch files (a stick from several desks), each by its path as the folder picker gave it (the
   * bridge's pathOf) with the name it has there: taken in name order, one outcome each. A long job (issue 15).
   */
  'hub.importFolder': method(
    z
      .object({
        files: z
          .array(
            z
              .object({
                path: z.string().min(1).max(4096),
                name: z
                  .string()
                  .min(1)
                  .max(255)
                  .regex(/^[^/\\]+\.ibatch$/),
              })
              .strict(),
          )
          .min(1)
          .max(1000),
      })
      .strict(),
  ).returns<FolderImportView>(),
  /** Hub trust (issue 11): a supervisor enrols a station that tried, after confirming its fingerprint with the desk. */
  'hub.enrol': method(z.object({ fingerprint, confirm: z.literal(true) }).strict()).returns<{ fingerprint: string; created: boolean }>(),
};
