import { resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { openCore, type Core } from '../core/index.js';
import { showEncryptionProgress } from './at-rest.js';

/** What every CLI command shares: flags, the core it opens, how it prints. */

export type Flags = Record<string, string | boolean | undefined>;
export type Command = (flags: Flags, positionals: string[]) => Promise<void> | void;
export type Options = NonNullable<ParseArgsConfig['options']>;

/** Each domain contributes its commands and the flags they read. */
export interface CommandGroup {
  options: Options;
  commands: Record<string, Command>;
}

/** A mistake in how the command was called (exit 2), as opposed to a failure while doing it (exit 1). */
export class UsageError extends Error {}

export function need(flags: Flags, name: string): string {
  const value = flags[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

export const optional = (flags: Flags, name: string): string | undefined => {
  const value = flags[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

export function wholeNumber(flags: Flags, name: string, fallback?: number): number {
  const raw = flags[name];
  if (raw === undefined && fallback !== undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number`);
  return n;
}

export async function withCore<T>(flags: Flags, run: (core: Core) => T | Promise<T>): Promise<T> {
  // The folder's own keys/ (or its passphrase or recovery code from the environment); progress on stderr only.
  const core = openCore({ dataDir: resolve(need(flags, 'data')), onProgress: showEncryptionProgress });
  try {
    return await run(core);
  } finally {
    core.close();
  }
}

/** `--json` prints the value for machines; otherwise the line for people. */
export function print(flags: Flags, value: unknown, text: string): void {
  process.stdout.write(flags['json'] ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
}
