import { batchesBench } from './batches.js';
import { duplicatesBench } from './duplicates.js';
import type { BenchSection } from './index.js';
import { longJobsBench } from './long-jobs.js';
import { printBench } from './print.js';
import { protectionBench } from './protection.js';
import { searchBench } from './search.js';

/** The bench's sections, in the order they run; each feature adds its own file and a line here. */
export const SECTIONS: readonly BenchSection[] = [
  // The window's side while the core works: on a copy of the station's folder (whose whole backlog is still
  // waiting, for the hub import), so the figures below are untouched.
  longJobsBench,
  searchBench,
  duplicatesBench,
  batchesBench,
  printBench,
  protectionBench,
];

/** The sections whose figures price the cipher (cipher_cost_*), run again on a plain twin of the file. */
export const CIPHER_SECTIONS: readonly BenchSection[] = [searchBench, duplicatesBench, batchesBench];
