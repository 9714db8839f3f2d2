import type { SyncReportView } from '../../api/views-sync.js';
import type { CoreContext } from '../context.js';
import type { Core } from '../index.js';
import { createFolderTarget } from './folder.js';
import { createHttpTarget } from '../hub/http-target.js';
import { DEFAULT_BACKOFF, syncOnce, type Backoff } from './outbox.js';
import { hubAddress, intervalSeconds, outboxEntries, readStatusRow, type HubAddress } from './state.js';
import type { SyncTarget } from './target.js';

/**
 * The scheduler the main process (and the web harness) runs: a sync every interval, and sooner when a failed attempt's
 * backoff ends, so the first attempt after the hub comes back is immediate (as soon as it answers, waiting batches
 * are sent regardless of their own backoff). It reads the hub address and the interval from the settings at every
 * turn, idles when no hub is set, and never runs two syncs at once (outbox.ts).
 */

export interface TargetOptions {
  /** Per-request inactivity timeout of the HTTP target. */
  timeoutMs?: number;
}

export function targetFor(address: HubAddress, options: TargetOptions = {}): SyncTarget {
  return address.kind === 'http' ? createHttpTarget(address.url, { timeoutMs: options.timeoutMs }) : createFolderTarget(address.path);
}

/** The target the station is configured for, or null when no hub address is set. */
export function configuredTarget(ctx: CoreContext, options: TargetOptions = {}): SyncTarget | null {
  const address = hubAddress(ctx.db);
  return address && targetFor(address, options);
}

export interface SyncLoopOptions extends TargetOptions {
  /** Overrides the station's interval setting. */
  intervalMs?: number;
  backoff?: Backoff;
  /** Shortest pause between two automatic runs. */
  minDelayMs?: number;
  /** For tests: the target to use instead of the configured address. */
  target?: (ctx: CoreContext) => SyncTarget | null;
  log?: (message: string, error?: unknown) => void;
  onReport?: (report: SyncReportView) => void;
}

export interface SyncLoop {
  /** A sync now (the same as the loop's; never two at once). Resolves with its report, or null when no hub is set. */
  syncNow(): Promise<SyncReportView | null>;
  /** Re-reads the settings and schedules the next turn (after the address or the interval changed). */
  kick(): void;
  stop(): Promise<void>;
}

type CoreSource = Core | (() => Core | undefined);

/**
 * Starts the loop for a core, or for a core that may not exist yet (the desk's first run): pass `() => desk.core()`.
 */
export function startSyncLoop(source: CoreSource, options: SyncLoopOptions = {}): SyncLoop {
  const coreOf = typeof source === 'function' ? source : () => source;
  const log = options.log ?? ((message, error) => console.error(message, error ?? ''));
  const minDelay = options.minDelayMs ?? 1_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let unsubscribe: (() => void) | undefined;
  let watched: Core | undefined;

  const targetOf = (ctx: CoreContext) => (options.target ? options.target(ctx) : configuredTarget(ctx, options));
  const intervalOf = (ctx: CoreContext) => options.intervalMs ?? intervalSeconds(ctx.db) * 1000;

  const watch = (core: Core) => {
    if (watched === core) return;
    unsubscribe?.();
    watched = core;
    // A new address or interval takes effect at once.
    unsubscribe = core.onChange((kinds) => {
      if (kinds.includes('settings')) schedule(minDelay);
    });
  };

  /** When the next turn is due: the interval, or sooner when a backoff ends; never sooner than minDelay. */
  function nextDelay(ctx: CoreContext): number | null {
    const interval = intervalOf(ctx);
    if (interval <= 0) return null;
    const now = ctx.now().getTime();
    const due = [
      readStatusRow(ctx.db).next_attempt_at,
      ...outboxEntries(ctx.db)
        .filter((e) => e.state === 'waiting')
        .map((e) => e.next_attempt_at),
    ]
      .filter((t): t is string => t !== null)
      .map((t) => Date.parse(t) - now);
    return Math.max(minDelay, Math.min(interval, ...due));
  }

  async function turn(force: boolean): Promise<SyncReportView | null> {
    const core = coreOf();
    if (!core || stopped) return null;
    watch(core);
    const target = targetOf(core.ctx);
    if (!target) return null;
    // Automatic sync off (interval 0): only "Sync now" sends.
    if (!force && intervalOf(core.ctx) <= 0) return null;
    const status = readStatusRow(core.ctx.db);
    // An automatic turn before the backoff of a failed check ends does nothing.
    if (!force && status.next_attempt_at && Date.parse(status.next_attempt_at) > core.ctx.now().getTime()) return null;
    // Backoff never waits longer than the interval: a hub that comes back is found within one interval.
    const backoff = options.backoff ?? DEFAULT_BACKOFF;
    const interval = intervalOf(core.ctx);
    const capped = interval > 0 ? { baseMs: Math.min(backoff.baseMs, interval), maxMs: Math.min(backoff.maxMs, interval) } : backoff;
    const report = await syncOnce(core.ctx, target, { force, backoff: capped });
    options.onReport?.(report);
    return report;
  }

  function schedule(delay?: number): void {
    if (stopped) return;
    clearTimeout(timer);
    const core = coreOf();
    let wait = delay;
    if (wait === undefined) {
      try {
        wait = core ? (nextDelay(core.ctx) ?? 60_000) : 5_000;
      } catch (error) {
        log('The sync schedule could not be read; trying again in a minute.', error);
        wait = 60_000;
      }
    }
    timer = setTimeout(() => {
      current = turn(false)
        .catch((error: unknown) => log('An automatic sync failed unexpectedly; it will be tried again.', error))
        .finally(() => schedule());
    }, wait);
    timer.unref();
  }

  schedule(minDelay);
  return {
    async syncNow() {
      const report = await turn(true);
      schedule();
      return report;
    },
    kick() {
      schedule(minDelay);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      unsubscribe?.();
      // A sync in the middle of a long upload is not waited for beyond a moment: its state is in SQLite already.
      await Promise.race([current.catch(() => {}), new Promise((r) => setTimeout(r, 2_000).unref())]);
    },
  };
}
