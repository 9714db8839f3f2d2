import { z } from 'zod';
import { Empty, Id, method } from '../method.js';
import { SLIP_LANGUAGES, SLIP_LAYOUTS, type DailyReport, type DashboardView, type SlipSettings, type SlipView } from '../views-print.js';

/** Printing: the family's slip (and its reprints), the slip's per-centre texts, the daily summary, the dashboard. */

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the form YYYY-MM-DD');
const centreCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2,10}$/)
  .optional();
const slipText = (max: number) => z.string().trim().max(max);

export const SlipSettingsSchema = z
  .object({
    nextSteps: z.object({ en: slipText(800), hy: slipText(800), ru: slipText(800) }).strict(),
    contact: slipText(300),
  })
  .strict();

export const printMethods = {
  /** The slip as the next print would show it; records nothing. */
  'slip.get': method(Id).returns<SlipView>(),
  /** Records a print (the first, or a reprint) in the audit trail and returns the slip to print. */
  'slip.print': method(
    z.object({ id: z.string().min(1).max(64), language: z.enum(SLIP_LANGUAGES), layout: z.enum(SLIP_LAYOUTS) }).strict(),
  ).returns<SlipView>(),
  'slip.settings.get': method(Empty).returns<SlipSettings>(),
  'slip.settings.save': method(SlipSettingsSchema).returns<SlipSettings>(),
  'report.daily': method(z.object({ date: isoDay, centreCode }).strict()).returns<DailyReport>(),
  'report.dashboard': method(z.object({ date: isoDay.optional(), days: z.number().int().min(1).max(366).default(30) }).strict()).returns<DashboardView>(),
};
