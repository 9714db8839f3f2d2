import { MessageChannel, type Worker } from 'node:worker_threads';
import type { EventName } from '../api/events.js';
import type { Result } from '../api/result.js';
// Types only: this side of the port loads nothing of core.
import type { Dispatcher } from '../handlers/dispatch.js';
import type { DeskStartOptions, FromCore, ToCore } from './protocol.js';
import { spawnWorker } from '../core/threads.js';

/**
 * The desk as the Electron main process and the harness hold it: the core's worker, reached through a message port
 * by the dispatcher's own contract (invoke, events, disconnect). The thread that holds this does no database work at
 * all, so its window never waits for one.
 */
export interface DeskWorker {
  dispatcher: Dispatcher;
  /** Closes the desk (sync stopped, database optimised and closed) and ends the worker. */
  close(): Promise<void>;
  worker: Worker;
}

const STOPPED = 'The app could not reach its data store. Close the app and open it again.';

export function startDeskWorker(options: DeskStartOptions): Promise<DeskWorker> {
  const channel = new MessageChannel();
  const worker = spawnWorker('core-worker', import.meta.url, {
    workerData: { port: channel.port2, options },
    transferList: [channel.port2],
  });
  const port = channel.port1;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  let next = 1;
  let closing: (() => void) | undefined;
  const send = (message: ToCore) => port.postMessage(message);
  const failAll = () => {
    for (const answer of pending.values()) answer({ ok: false, error: { code: 'internal', message: STOPPED } });
    pending.clear();
  };

  return new Promise((resolve, reject) => {
    let started = false;
    worker.on('error', (error) => {
      failAll();
      if (!started) reject(error);
      else console.error('The core worker failed', error);
    });
    worker.on('exit', () => {
      failAll();
      closing?.();
      if (!started) reject(new Error('The core worker stopped before the desk opened.'));
    });
    port.on('message', (message: FromCore) => {
      switch (message.type) {
        case 'ready':
          started = true;
          resolve(desk);
          return;
        case 'failed':
          started = true;
          reject(new Error(message.message));
          return;
        case 'result':
          pending.get(message.id)?.(message.result);
          pending.delete(message.id);
          return;
        case 'event':
          for (const listener of listeners) listener(message.name, message.payload);
          return;
        case 'closed':
          closing?.();
          return;
      }
    });
    const desk: DeskWorker = {
      worker,
      dispatcher: {
        invoke(method, input, connection) {
          return new Promise((answer) => {
            const id = next++;
            pending.set(id, answer);
            send({ type: 'invoke', id, method, input, connection });
          });
        },
        onEvent(listener) {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        disconnect(connection) {
          send({ type: 'disconnect', connection });
        },
      },
      close: () =>
        new Promise<void>((done) => {
          closing = () => {
            closing = undefined;
            port.close();
            void worker.terminate().then(() => done());
          };
          send({ type: 'close' });
        }),
    };
  });
}
