import { keyFingerprint } from '../core/batch/raw-keys.js';
import { CoreError } from '../core/errors.js';
import { configuredTarget } from '../core/sync/loop.js';
import { syncOnce, syncRunning } from '../core/sync/outbox.js';
import {
  configureHubServing,
  configureSync,
  forgetReceiptKey,
  pinnedReceiptKey,
  pinReceiptKey,
  retryRefused,
  syncSettings,
  syncStatus,
} from '../core/sync/state.js';
import type { DomainHandlers } from './handler.js';

export const syncHandlers = {
  'sync.status': { run: (ctx) => syncStatus(ctx, syncRunning(ctx)) },
  'sync.now': {
    run: (ctx, actor) => {
      const target = configuredTarget(ctx);
      if (!target) throw new CoreError('not_configured', 'No hub address is set on this station. An administrator sets it in Sync settings.');
      // The same run as the loop's when one is going (never two at once).
      return syncOnce(ctx, target, { force: true, actor });
    },
  },
  'sync.settings': { run: (ctx) => syncSettings(ctx) },
  'sync.configure': { run: (ctx, actor, input) => (configureSync(ctx, actor, input), null) },
  'sync.pinReceiptKey': {
    run: (ctx, actor, input) => {
      pinReceiptKey(ctx, actor, input.publicKey, 'pasted');
      const pinned = pinnedReceiptKey(ctx.db)!;
      return { publicKey: pinned.publicKey, fingerprint: keyFingerprint(pinned.publicKey), at: pinned.at };
    },
  },
  'sync.forgetReceiptKey': { run: (ctx, actor) => (forgetReceiptKey(ctx, actor), null) },
  'sync.retryRefused': { run: (ctx, actor, input) => ({ count: retryRefused(ctx, actor, input.batchId) }) },
  'hub.configureServing': { run: (ctx, actor, input) => (configureHubServing(ctx, actor, input), null) },
} satisfies DomainHandlers;
