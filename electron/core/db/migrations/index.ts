import type { Migration } from '../migrate.js';
import { foundation } from './001-foundation.js';

/** Ordered; a migration is never edited once released, only followed by another. */
export const MIGRATIONS: readonly Migration[] = [foundation];
