import { z } from 'zod';
import { Empty, method } from '../method.js';
import type { KeyView, SyncReportView, SyncSettingsView, SyncStatusView } from '../views-sync.js';

/** Sync with the hub: the indicator, "Sync now", and the settings (hub address, receipt key, interval; a hub's serving). */
export const syncMethods = {
  'sync.status': method(Empty).returns<SyncStatusView>(),
  'sync.now': method(Empty).returns<SyncReportView>(),
  'sync.settings': method(Empty).returns<SyncSettingsView>(),
  'sync.configure': method(z.object({ hubUrl: z.string().trim().max(1000), intervalSeconds: z.number().int().min(0).max(86_400) }).strict()).returns<null>(),
  /** An administrator pastes the hub's receipt key (a folder target, where the hub cannot prove it over the network). */
  'sync.pinReceiptKey': method(z.object({ publicKey: z.string().trim().max(200) }).strict()).returns<KeyView>(),
  'sync.forgetReceiptKey': method(Empty).returns<null>(),
  /** Refused batches back to waiting (one, or all). */
  'sync.retryRefused': method(z.object({ batchId: z.string().min(1).max(100).optional() }).strict()).returns<{ count: number }>(),
  /** On a hub: whether new stations are accepted, and the port (and address) its own process serves sync on. */
  'hub.configureServing': method(
    z
      .object({
        enrolmentOpen: z.boolean(),
        servePort: z.number().int().min(1).max(65_535).nullable(),
        serveHost: z.string().trim().max(100),
      })
      .strict(),
  ).returns<null>(),
};
