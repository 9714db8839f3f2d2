import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYSTEM_ACTOR } from '../core/context.js';
import { openCore, type Core } from '../core/index.js';
import { seedHouseholds } from '../core/seed/seed.js';
import { databasePath } from '../core/station.js';
import { SECTIONS } from './sections.js';

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
}

export type BenchSection = (bench: BenchContext) => Promise<void> | void;

export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);

export const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

export async function runBench(options: { households: number; seed?: number; write?: (line: string) => void }): Promise<Record<string, number>> {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const root = mkdtempSync(join(tmpdir(), 'intake-bench-'));
  const figures: Record<string, number> = {};
  const report = (name: string, value: number) => {
    figures[name] = value;
    write(`${name}=${value}`);
  };
  const dataDir = join(root, 'station');
  const core = openCore({ dataDir, setup: { centreCode: 'BENCH', centreName: 'Bench centre', stationLabel: 'Desk 1' } });
  try {
    const started = performance.now();
    seedHouseholds(core.ctx, SYSTEM_ACTOR, options.households, options.seed ?? 1, 14);
    report('seed_s', round((performance.now() - started) / 1000));
    const bench: BenchContext = {
      core, dataDir, households: options.households, report,
      scratch: (name) => mkdtempSync(join(root, `${name}-`)),
    };
    for (const section of SECTIONS) await section(bench);
    core.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    report('db_mb', round(statSync(databasePath(dataDir)).size / 1024 / 1024, 1));
    report('rss_mb', round(process.memoryUsage().rss / 1024 / 1024, 1));
    return figures;
  } finally {
    core.close();
    rmSync(root, { recursive: true, force: true });
  }
}
