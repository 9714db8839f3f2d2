import { MessageChannel, workerData, type MessagePort } from 'node:worker_threads';
import type { Result } from '../api/result.js';
import type { ProgressUnit, RunningJobView } from '../api/views-jobs.js';
import { givenKeyProvider, type ProgressListener } from '../core/db/key-provider.js';
import { markInterrupted, type JobBoard } from '../core/jobs.js';
import { startSyncServices, type SyncServices } from '../core/sync/services.js';
import { openDesk, type Desk } from '../handlers/desk.js';
import type { Offload } from '../handlers/dispatch.js';
import type { Admitted } from '../handlers/run-method.js';
import { CANCELLABLE_METHODS, LONG_METHODS, type DeskStartOptions, type FromCore, type FromJobs, type ToCore, type ToJobs } from './protocol.js';
import { spawnWorker } from '../core/threads.js';

/**
 * The core's worker: the database, the one dispatcher (sessions, roles, schemas), the sync services and the hub's
 * server, off the Electron main process, which only checks the sender frame and relays on this port. Long methods go
 * on to the job worker, so this one keeps answering while they run.
 */
const { port, options } = workerData as { port: MessagePort; options: DeskStartOptions };
const post = (message: FromCore) => port.postMessage(message);

interface Running {
  id: number;
  method: Admitted['method'];
  startedAt: string;
  /**
   * Each count's first figure with a total, and when it came (by unit and total): the pace of the estimate is measured
   * from there. A job may count two things by turns (a folder's batches, and each batch's persons checked at the hub).
   */
  firsts: Map<string, { done: number; at: number }>;
  done: number;
  total: number;
  unit: ProgressUnit;
  cancelling: boolean;
  /** Past its point of no return: it only finishes. */
  final: boolean;
}

/** Before this long at a measured pace, an estimate would only guess. */
const ESTIMATE_AFTER_MS = 1500;

const countOf = (job: { unit: ProgressUnit; total: number }): string => `${job.unit} ${job.total}`;

function leftMs(job: Running): number | null {
  const first = job.firsts.get(countOf(job));
  const since = first && performance.now() - first.at;
  if (!first || !since || since < ESTIMATE_AFTER_MS || job.done <= first.done) return null;
  return Math.round((since * (job.total - job.done)) / (job.done - first.done));
}

function startJobs(): { offload: Offload; close(): Promise<void>; connect(desk: Desk): void } {
  const channel = new MessageChannel();
  // The id of the job to stop, read by the job worker from inside its busy loop (it cannot read messages then).
  const cancel = new Int32Array(new SharedArrayBuffer(4));
  const worker = spawnWorker('job-worker', import.meta.url, {
    workerData: { port: channel.port2, options, cancel },
    transferList: [channel.port2],
  });
  const methodOf = new Map<number, Admitted['method']>();
  let running: Running | undefined;
  const board: JobBoard = {
    running: (): RunningJobView | null =>
      running
        ? {
            id: running.id,
            method: running.method,
            startedAt: running.startedAt,
            done: running.done,
            total: running.total,
            unit: running.unit,
            leftMs: leftMs(running),
            cancellable: CANCELLABLE_METHODS.has(running.method) && !running.final,
            cancelling: running.cancelling,
            waiting: methodOf.size - 1,
          }
        : null,
    cancel(id) {
      if (!running || running.id !== id || !CANCELLABLE_METHODS.has(running.method) || running.final) return false;
      Atomics.store(cancel, 0, id);
      running.cancelling = true;
      return true;
    },
  };
  const jobs = channel.port1;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  let next = 1;
  let desk: Desk | undefined;
  let closed: (() => void) | undefined;
  jobs.on('message', (message: FromJobs) => {
    if (message.type === 'result') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
      methodOf.delete(message.id);
      if (running?.id === message.id) running = undefined;
    } else if (message.type === 'started') {
      const method = methodOf.get(message.id);
      if (method)
        running = {
          id: message.id,
          method,
          startedAt: message.startedAt,
          done: 0,
          total: 0,
          unit: 'steps',
          cancelling: false,
          final: false,
          firsts: new Map(),
        };
    } else if (message.type === 'progress') {
      if (running?.id !== message.id) return;
      Object.assign(running, { done: message.done, total: message.total, unit: message.unit, final: message.final });
      if (message.total > 0 && !running.firsts.has(countOf(message))) running.firsts.set(countOf(message), { done: message.done, at: performance.now() });
    } else if (message.type === 'changed') {
      // The job's commits reach this side's listeners (the window's refresh, the sync services) as this core's own.
      desk?.core()?.ctx.changed(message.kinds);
    } else closed?.();
  });
  const stopped = (reason: string) => {
    for (const answer of pending.values()) answer({ ok: false, error: { code: 'internal', message: reason } });
    pending.clear();
    methodOf.clear();
    running = undefined;
    closed?.();
  };
  worker.on('error', (error) => {
    console.error('The job worker failed', error);
    stopped('The long task stopped unexpectedly. Nothing of it was saved; try again.');
  });
  worker.on('exit', () => stopped('The long task was stopped.'));
  return {
    offload: {
      handles: (method) => LONG_METHODS.has(method),
      board,
      run: (call: Admitted) =>
        new Promise((resolve) => {
          const id = next++;
          pending.set(id, resolve);
          methodOf.set(id, call.method);
          jobs.postMessage({ type: 'run', id, call } satisfies ToJobs);
        }),
    },
    connect(opened) {
      desk = opened;
    },
    close: () =>
      new Promise<void>((resolve) => {
        closed = () => {
          closed = undefined;
          jobs.close();
          void worker.terminate().then(() => resolve());
        };
        jobs.postMessage({ type: 'close' } satisfies ToJobs);
      }),
  };
}

/** The one-time encryption of a plain file from an older version, which can take a while on a large file. */
const logEncryptionProgress: ProgressListener = ({ phase, done, total }) => {
  console.log(`Encrypting the data file: ${phase} ${total > 1 ? `${Math.round((done / total) * 100)}%` : ''}`.trim());
};

let desk: Desk;
let jobs: ReturnType<typeof startJobs>;
let sync: SyncServices | undefined;
try {
  jobs = startJobs();
  desk = openDesk({
    dataDir: options.dataDir,
    purgeEveryHours: options.purgeEveryHours,
    offload: jobs.offload,
    keys: options.databaseKey ? givenKeyProvider(options.databaseKey) : undefined,
    recoveryCode: options.recoveryCode,
    onProgress: logEncryptionProgress,
    // A job still marked running was cut short when the app last closed: nothing of it was applied (its
    // transaction). Said when the core opens, which may be after the file's encryption or update.
    onOpen: (core) => markInterrupted(core.ctx.db, core.ctx.now().toISOString()),
  });
  jobs.connect(desk);
  if (options.sync) sync = startSyncServices(() => desk.core());
  desk.dispatcher.onEvent((name, payload) => post({ type: 'event', name, payload }));
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  port.close();
  process.exit(1);
}

port.on('message', (message: ToCore) => {
  switch (message.type) {
    case 'invoke':
      void desk.dispatcher.invoke(message.method, message.input, message.connection).then((result) => post({ type: 'result', id: message.id, result }));
      return;
    case 'disconnect':
      desk.dispatcher.disconnect(message.connection);
      return;
    case 'close':
      void Promise.all([sync?.stop(), jobs.close()]).then(() => {
        desk.close();
        post({ type: 'closed' });
        port.close();
      });
      return;
  }
});
