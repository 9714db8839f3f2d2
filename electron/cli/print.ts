import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SLIP_LANGUAGES, SLIP_LAYOUTS, type SlipLanguage, type SlipLayout } from '../api/views-print.js';
import { isValidIsoDate } from '../rules/age.js';
import { CoreError } from '../core/errors.js';
import { hxlCsv } from '../core/figures/hxl.js';
import { householdIdByNumber, previewSlip } from '../core/intake/slips.js';
import { need, optional, print, UsageError, withCore, type CommandGroup, type Flags } from './common.js';

/** slip, report, export-hxl: the family's slip and the daily summary as printed, the figures for a situation report. */

function language(flags: Flags): SlipLanguage | undefined {
  const value = optional(flags, 'lang');
  if (value === undefined) return undefined;
  if (!(SLIP_LANGUAGES as readonly string[]).includes(value)) throw new UsageError(`--lang is one of ${SLIP_LANGUAGES.join(', ')}`);
  return value as SlipLanguage;
}

function layout(flags: Flags): SlipLayout {
  const value = optional(flags, 'layout') ?? 'a4';
  if (!(SLIP_LAYOUTS as readonly string[]).includes(value)) throw new UsageError(`--layout is one of ${SLIP_LAYOUTS.join(', ')}`);
  return value as SlipLayout;
}

function day(flags: Flags, name: string, required: boolean): string | undefined {
  const value = required ? need(flags, name) : optional(flags, name);
  if (value !== undefined && !isValidIsoDate(value)) throw new UsageError(`--${name} must be a day as YYYY-MM-DD`);
  return value;
}

/** Without --lang, the language the head's name was typed in (Armenian, Russian), else English. */
function likelyLanguage(name: string): SlipLanguage {
  if (/[\u0531-\u058F]/.test(name)) return 'hy';
  if (/[\u0400-\u04FF]/.test(name)) return 'ru';
  return 'en';
}

export const printCommands: CommandGroup = {
  options: {
    household: { type: 'string' },
    date: { type: 'string' },
    out: { type: 'string' },
    lang: { type: 'string' },
    layout: { type: 'string' },
  },
  commands: {
    async slip(flags) {
      const number = need(flags, 'household');
      const out = need(flags, 'out');
      const paper = layout(flags);
      const chosen = language(flags);
      const slip = await withCore(flags, async (core) => {
        const id = householdIdByNumber(core.ctx.db, number);
        const preview = previewSlip(core.ctx, id);
        const lang = chosen ?? likelyLanguage(preview.members.find((m) => m.isHead)?.name ?? '');
        const { renderPdfs } = await import('./pdf.js');
        await renderPdfs(core, [{ hash: `#/print/slip/${encodeURIComponent(id)}?lang=${lang}&layout=${paper}`, out }]);
        return { registrationNumber: preview.registrationNumber, printNumber: preview.printNumber, language: lang, layout: paper, out: resolve(out) };
      });
      const reprint = slip.printNumber > 1 ? ` (reprint, copy ${slip.printNumber})` : '';
      print(flags, { ...slip, reprint: slip.printNumber > 1 }, `Slip of ${slip.registrationNumber}${reprint} written to ${slip.out}.`);
    },
    async report(flags) {
      const date = day(flags, 'date', true)!;
      const out = need(flags, 'out');
      const lang = language(flags) ?? 'en';
      const centre = optional(flags, 'centre');
      const { renderPdfs } = await import('./pdf.js');
      await withCore(flags, (core) =>
        renderPdfs(core, [{ hash: `#/print/report/${date}?lang=${lang}${centre ? `&centre=${encodeURIComponent(centre.toUpperCase())}` : ''}`, out }]),
      );
      print(flags, { date, language: lang, out: resolve(out) }, `Daily summary of ${date} written to ${resolve(out)}.`);
    },
    async 'export-hxl'(flags) {
      const out = resolve(need(flags, 'out'));
      const date = day(flags, 'date', false);
      const centre = optional(flags, 'centre')?.toUpperCase();
      const { csv, rows } = await withCore(flags, (core) => hxlCsv(core.ctx, { ...(date ? { date } : {}), ...(centre ? { centreCode: centre } : {}) }));
      const partial = `${out}.partial`;
      try {
        writeFileSync(partial, csv, 'utf8');
        renameSync(partial, out);
      } catch (cause) {
        rmSync(partial, { force: true });
        throw new CoreError('io_failed', `Could not write ${out}: ${cause instanceof Error ? cause.message : String(cause)}`);
      }
      print(flags, { rows, out }, `${rows} rows of figures (HXL) written to ${out}.`);
    },
  },
};
