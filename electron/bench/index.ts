import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quantile } from '../core/figures/quantile.js';
import { SYSTEM_ACTOR } from '../core/context.js';
import { openCore, type Core } from '../core/index.js';
import { seedHouseholds } from '../core/seed/seed.js';
import { databasePath } from '../core/station.js';
import { CIPHER_SECTIONS, SECTIONS } from './sections.js';

/**
 * `npm run bench`: seeds a station's file once, then runs each section against it. Every figure is printed as one
 * `name=value` line as soon as it is measured. Figures, never assertions: the targets are in the issues.
 */
export interface BenchContext {
  core: Core;
  dataDir: string;
  households: number;
  /** A fresh temporary folder for a section's own files (a hub, a batch...), removed at the end. */
  scratch(name: string): string;
  report(name: string, value: number): void;
  /** The plain twin the cipher's cost is priced against: sections open their own files (a hub) plain too. */
  unencrypted: boolean;
}

export type BenchSection = (bench: BenchContext) => Promise<void> | void;

/** The `p`th percentile of some timings (0 when there are none). */
export const percentile = (values: readonly number[], p: number): number => quantile(values, p / 100) ?? 0;

export const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** The figures the cipher's cost is priced on: each measured on the encrypted file and on a plain twin. */
const CIPHER_COSTS = [
  ['cipher_cost_seed', 'seed_s'],
  ['cipher_cost_search_p95', 'search_p95_ms'],
  ['cipher_cost_dup_check_p95', 'dup_check_p95_ms'],
  ['cipher_cost_export', 'export_s'],
  ['cipher_cost_import', 'import_s'],
] as const;

/** Seeds one station's file and runs these sections on it; `unencrypted` only for the plain twin. */
async function measure(
  root: string,
  name: string,
  options: { households: number; seed?: number },
  sections: readonly BenchSection[],
  report: (name: string, value: number) => void,
  unencrypted: boolean,
): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const record = (figure: string, value: number) => {
    figures[figure] = value;
    report(figure, value);
  };
  const dataDir = join(root, name);
  const core = openCore({
    dataDir,
    setup: { centreCode: 'BENCH', centreName: 'Bench centre', stationLabel: 'Desk 1' },
    unencryptedForBenchmark: unencrypted,
  });
  try {
    const started = performance.now();
    seedHouseholds(core.ctx, SYSTEM_ACTOR, options.households, options.seed ?? 1, 14);
    record('seed_s', round((performance.now() - started) / 1000));
    const bench: BenchContext = {
      core,
      dataDir,
      households: options.households,
      report: record,
      unencrypted,
      scratch: (scratch) => mkdtempSync(join(root, `${name}-${scratch}-`)),
    };
    for (const section of sections) await section(bench);
    if (!unencrypted) {
      core.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
      record('db_mb', round(statSync(databasePath(dataDir)).size / 1024 / 1024, 1));
      record('rss_mb', round(process.memoryUsage().rss / 1024 / 1024, 1));
    }
    return figures;
  } finally {
    core.close();
  }
}

export async function runBench(options: { households: number; seed?: number; write?: (line: string) => void }): Promise<Record<string, number>> {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const root = mkdtempSync(join(tmpdir(), 'intake-bench-'));
  const figures: Record<string, number> = {};
  const report = (name: string, value: number) => {
    figures[name] = value;
    write(`${name}=${value}`);
  };
  try {
    // The station's file as every desk has it: encrypted. Then a plain twin, measured second so that any warm-up
    // favours the plain file and the ratio errs against the cipher.
    const encrypted = await measure(root, 'station', options, SECTIONS, report, false);
    const plain = await measure(root, 'plain', options, CIPHER_SECTIONS, () => {}, true);
    for (const [name, figure] of CIPHER_COSTS) {
      const base = plain[figure];
      const cost = encrypted[figure];
      if (base !== undefined && cost !== undefined && base > 0) report(name, round(cost / base));
    }
    return figures;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
