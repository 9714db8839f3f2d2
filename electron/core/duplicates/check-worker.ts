import { workerData } from 'node:worker_threads';
import { openDatabase } from '../db/open.js';
import { chunkChecker } from './hub.js';
import type { CheckerData, FromChecker } from './hub-threads.js';

/**
 * A thread of the hub's check across centres (hub-threads.ts): its own read-only connection to the file, its run of
 * the batch's chunks checked one after another, each chunk's pairs posted back to be queued.
 */
const { file, chunks, port, signal } = workerData as CheckerData;
/** 8 MiB of pages (a keyed desk keeps 64). */
const CHECKER_CACHE_KIB = -8192;
const post = (message: FromChecker) => {
  port.postMessage(message);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
};

try {
  // A Buffer crosses to a thread as a plain Uint8Array.
  const db = openDatabase(file.file, { readonly: true, ...(file.key ? { key: Buffer.from(file.key) } : {}) });
  try {
    // A checker reads persons scattered over the file, each once or twice: a smaller page cache than a desk's.
    db.pragma(`cache_size = ${CHECKER_CACHE_KIB}`);
    const check = chunkChecker(
      db,
      chunks.reduce((sum, chunk) => sum + chunk.length, 0),
    );
    for (const chunk of chunks) post({ type: 'chunk', pairs: check(chunk) });
    post({ type: 'done' });
  } finally {
    db.close();
  }
} catch (error) {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
