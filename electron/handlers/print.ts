import { dailyReport, dashboard } from '../core/figures/reports.js';
import { previewSlip, printSlip, saveSlipSettings, slipSettings } from '../core/intake/slips.js';
import type { DomainHandlers } from './handler.js';

/** Roles come from PERMISSIONS (core/access/permissions.ts): the slip at every desk, its texts and the figures for supervisors. */
export const printHandlers = {
  'slip.get': { run: (ctx, _actor, input) => previewSlip(ctx, input.id) },
  'slip.print': { run: (ctx, actor, input) => printSlip(ctx, actor, input.id, input.language, input.layout) },
  'slip.settings.get': { run: (ctx) => slipSettings(ctx.db) },
  'slip.settings.save': { run: (ctx, actor, input) => saveSlipSettings(ctx, actor, input) },
  'report.daily': { run: (ctx, _actor, input) => dailyReport(ctx, input.date, input.centreCode) },
  'report.dashboard': { run: (ctx, _actor, input) => dashboard(ctx, input.date, input.days) },
} satisfies DomainHandlers;
