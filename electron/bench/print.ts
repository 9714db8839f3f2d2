import { HouseholdSchema } from '../api/schemas/household.js';
import { SYSTEM_ACTOR, today } from '../core/context.js';
import { registerHousehold } from '../core/households/write.js';
import { hxlCsv } from '../core/figures/hxl.js';
import { dailyReport, dashboard } from '../core/figures/reports.js';
import { randomSource, syntheticHousehold } from '../core/seed/seed.js';
import { percentile, round, type BenchSection } from './index.js';

/**
 * The figures' cost on a full station file. `dashboard_refresh_p50_ms` / `_p95_ms`: what the dashboard asks after
 * each saved registration (today's counts, the running total, arrivals per day); `daily_report_ms`: the daily
 * summary's figures; `hxl_export_s`: the whole HXL export.
 */
const REFRESHES = 20;

export const printBench: BenchSection = ({ core, report }) => {
  const ctx = core.ctx;
  const rand = randomSource(5);
  const timings: number[] = [];
  dashboard(ctx);
  for (let i = 0; i < REFRESHES; i++) {
    registerHousehold(ctx, SYSTEM_ACTOR, HouseholdSchema.parse(syntheticHousehold(rand, ctx.now().toISOString())));
    const started = performance.now();
    dashboard(ctx);
    timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  report('dashboard_refresh_p50_ms', round(percentile(timings, 50)));
  report('dashboard_refresh_p95_ms', round(percentile(timings, 95)));
  let started = performance.now();
  dailyReport(ctx, today(ctx));
  report('daily_report_ms', round(performance.now() - started));
  started = performance.now();
  hxlCsv(ctx);
  report('hxl_export_s', round((performance.now() - started) / 1000));
};
