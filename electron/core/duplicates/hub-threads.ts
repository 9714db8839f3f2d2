import { performance } from 'node:perf_hooks';
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import type { ReadOnlyFile } from '../context.js';
import { spawnWorker } from '../threads.js';
import type { QueuedPair } from './hub.js';

/**
 * The hub's check across centres spread over threads (check-worker.ts): each thread opens the file read-only and
 * checks a run of the batch's chunks one after another (families of the same names stay on one thread, which keeps
 * their namesakes read once); this thread queues each chunk's pairs as they come, on the one connection that writes.
 *
 * The caller is synchronous (an import is one call), so this thread waits on shared memory, which each checker rings
 * after every message, and takes the messages off the ports itself. A checker that fails, or is silent for too long
 * (a thread can be stopped by its memory limit without a word), is stopped and its chunks left are checked here: the
 * pairs found are the same whichever thread found them.
 */

/** A checker is given up on after this long without a message: a chunk takes seconds, even at a million persons. */
const SILENT_MS = 120_000;
/** How long this thread sleeps on the shared memory at a time, when no message has come. */
const WAIT_MS = 500;
/**
 * Each checker's heap: what a chunk holds (its persons prepared, their candidates' numbers, a few thousand rows read
 * at a time: `READ`) fits in a fraction of it, and the collector works within it, so memory stays bounded however
 * large the batch (the collector would otherwise let it grow). A check makes short-lived objects by the million
 * (candidate rows, prepared names): with 8 MB for them a thread spent a tenth of a 1M hub's check collecting, and a
 * fifth with 16 MB once the rest got faster; 32 MB took a 10,000-person check from about 8.2 to 7.4 s, and the peak
 * of a 250,000-person import stayed at 357 to 361 MB either way. (64 MB, tried at stop 31, was no faster.)
 */
const CHECKER_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 32 };

/**
 * What a checker posts: a chunk's pairs to queue (in the order of its chunks; numbers only, so this thread, whose heap
 * is not capped, holds little of what was found), its end, or why it failed.
 */
export type FromChecker = { type: 'chunk'; pairs: QueuedPair[] } | { type: 'done' } | { type: 'failed'; message: string };

/** What a checker is started with. */
export interface CheckerData {
  file: ReadOnlyFile;
  chunks: number[][];
  port: MessagePort;
  /** Rung (incremented and notified) after every message. */
  signal: Int32Array;
}

/** How a batch's chunks were shared: threads started, chunks checked in them, and on this thread after a failure. */
export interface Spread {
  threads: number;
  inThreads: number;
  here: number;
}

interface Checker {
  worker: Worker;
  port: MessagePort;
  chunks: number[][];
  /** Chunks whose pairs have come. */
  next: number;
  heardAt: number;
  over: boolean;
}

export function checkInThreads(
  file: ReadOnlyFile,
  chunks: readonly number[][],
  threads: number,
  checkHere: () => (numbers: readonly number[]) => QueuedPair[],
  /** A chunk's pairs, and how many persons it held (its progress). */
  queue: (pairs: readonly QueuedPair[], persons: number) => void,
): Spread {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const per = Math.ceil(chunks.length / threads);
  const checkers: Checker[] = [];
  for (let from = 0; from < chunks.length; from += per) {
    const mine = chunks.slice(from, from + per);
    const { port1, port2 } = new MessageChannel();
    const data: CheckerData = { file, chunks: mine, port: port2, signal };
    const worker = spawnWorker('check-worker', import.meta.url, { workerData: data, transferList: [port2], resourceLimits: CHECKER_LIMITS });
    // Errors come back as messages; an exit without one is noticed by its silence.
    worker.on('error', () => {});
    checkers.push({ worker, port: port1, chunks: mine, next: 0, heardAt: performance.now(), over: false });
  }
  let here: ((numbers: readonly number[]) => QueuedPair[]) | undefined;
  const spread: Spread = { threads: checkers.length, inThreads: 0, here: 0 };
  /** A checker's chunks not yet reported, checked on this thread. */
  const takeOver = (checker: Checker) => {
    end(checker);
    here ??= checkHere();
    for (const chunk of checker.chunks.slice(checker.next)) {
      queue(here(chunk), chunk.length);
      spread.here++;
    }
  };
  const end = (checker: Checker) => {
    checker.over = true;
    checker.port.close();
    void checker.worker.terminate();
  };
  /** Takes a checker's messages off its port: whether any came. */
  const drain = (checker: Checker): boolean => {
    let heard = false;
    for (let m = receiveMessageOnPort(checker.port); m; m = receiveMessageOnPort(checker.port)) {
      heard = true;
      checker.heardAt = performance.now();
      const message = m.message as FromChecker;
      if (message.type === 'chunk') {
        queue(message.pairs, checker.chunks[checker.next]!.length);
        checker.next++;
        spread.inThreads++;
        continue;
      }
      if (message.type === 'done') end(checker);
      else {
        console.warn(`duplicates: a thread of the check across centres failed (${message.message}); its chunks are checked here.`);
        takeOver(checker);
      }
      break;
    }
    if (!checker.over && performance.now() - checker.heardAt > SILENT_MS) {
      console.warn('duplicates: a thread of the check across centres fell silent; its chunks are checked here.');
      takeOver(checker);
    }
    return heard;
  };
  try {
    while (checkers.some((c) => !c.over)) {
      const rung = Atomics.load(signal, 0);
      let heard = false;
      for (const checker of checkers) if (!checker.over && drain(checker)) heard = true;
      if (!heard) Atomics.wait(signal, 0, rung, WAIT_MS);
    }
  } finally {
    for (const checker of checkers) if (!checker.over) end(checker);
  }
  return spread;
}
