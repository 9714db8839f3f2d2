import { dailyReport, dashboard } from '../core/reports.js';
import { previewSlip, printSlip, saveSlipSettings, slipSettings } from '../core/slips.js';
import { EVERYONE, SUPERVISORS, type DomainHandlers } from './handler.js';

export const printHandlers = {
  'slip.get': { roles: EVERYONE, run: (ctx, _actor, input) => previewSlip(ctx, input.id) },
  'slip.print': { roles: EVERYONE, run: (ctx, actor, input) => printSlip(ctx, actor, input.id, input.language, input.layout) },
  'slip.settings.get': { roles: EVERYONE, run: (ctx) => slipSettings(ctx.db) },
  'slip.settings.save': { roles: SUPERVISORS, run: (ctx, actor, input) => saveSlipSettings(ctx, actor, input) },
  'report.daily': { roles: SUPERVISORS, run: (ctx, _actor, input) => dailyReport(ctx, input.date, input.centreCode) },
  'report.dashboard': { roles: SUPERVISORS, run: (ctx, _actor, input) => dashboard(ctx, input.date, input.days) },
} satisfies DomainHandlers;
