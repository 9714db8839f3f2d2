import { workerData, type MessagePort } from 'node:worker_threads';
import { givenKeyProvider } from '../core/db/key-provider.js';
import { openCore, type Core } from '../core/index.js';
import { newSession } from '../core/session.js';
import { execute } from '../handlers/run-method.js';
import type { DeskStartOptions, FromJobs, ToJobs } from './protocol.js';

/**
 * The job worker: long methods (a full duplicate review, a list import, a hub import...) on a database connection of
 * its own, one at a time, so the core worker beside it keeps answering. Calls arrive admitted (role and input checked
 * by the core worker's dispatcher); the same runner executes them and turns errors into values.
 */
const { port, options } = workerData as { port: MessagePort; options: DeskStartOptions };
const log = (message: string, error?: unknown) => console.error(`jobs: ${message}`, error ?? '');
const post = (message: FromJobs) => port.postMessage(message);

let core: Core | undefined;
let queue: Promise<void> = Promise.resolve();

/** Opened at the first job: by then the core worker has opened (and migrated) the file. */
function coreNow(): Core {
  if (!core) {
    // The same key as the core worker's: at-rest's sealing of the key files is per thread, registered by openCore.
    core = openCore({ dataDir: options.dataDir, keys: options.databaseKey ? givenKeyProvider(options.databaseKey) : undefined });
    core.onChange((kinds) => post({ type: 'changed', kinds }));
  }
  return core;
}

port.on('message', (message: ToJobs) => {
  if (message.type === 'close') {
    void queue.then(() => {
      core?.close();
      post({ type: 'closed' });
      port.close();
    });
    return;
  }
  queue = queue.then(async () => {
    let result;
    try {
      result = await execute(coreNow().ctx, message.call, { session: newSession() }, log);
    } catch (error) {
      log('The job could not start', error);
      result = { ok: false as const, error: { code: 'internal' as const, message: 'Something went wrong inside the app. Nothing was saved.' } };
    }
    post({ type: 'result', id: message.id, result });
  });
});
