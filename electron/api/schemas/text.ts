import type { z } from 'zod';
import { z as zod } from 'zod';
import type { FieldIssue } from '../result.js';

/**
 * Text as people type it, checked the same way by the form, the desk's core, list import and the hub's batch
 * parsing: no control characters. A NUL, a line break or an invisible C0/C1 control in a name breaks printed slips,
 * search keys, CSV exports and the next system the data goes to, and is never what a clerk meant.
 */

// Names: every C0 control (tab included), DEL, every C1 control, and Unicode's line and paragraph separators.
// eslint-disable-next-line no-control-regex -- finding control characters is what this pattern is for
const NAME_FORBIDDEN = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
// One-line text (places, phones, document numbers): the same, but a tab is tolerated.
// eslint-disable-next-line no-control-regex -- finding control characters is what this pattern is for
const LINE_FORBIDDEN = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029]/;
// Notes: several lines are fine (tab, line feed, carriage return); the other controls are not.
// eslint-disable-next-line no-control-regex -- finding control characters is what this pattern is for
const NOTE_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** The code the UI translates (`text.control` in the catalogues), carried in the zod issue's params. */
export const TEXT_CONTROL_CODE = 'text.control';
const MESSAGE = 'Remove the line break or invisible control character from this field.';

const checked = (forbidden: RegExp, max: number) =>
  zod
    .string()
    .trim()
    .max(max)
    .refine((value) => !forbidden.test(value), { message: MESSAGE, params: { code: TEXT_CONTROL_CODE } });

/** A name (given, family, patronymic, their Latin spellings, nationality). */
export const nameText = (max: number) => checked(NAME_FORBIDDEN, max);
/** Any other one-line text. */
export const lineText = (max: number) => checked(LINE_FORBIDDEN, max);
/** Free notes, several lines allowed. */
export const noteText = (max: number) => checked(NOTE_FORBIDDEN, max);

/** A zod issue as a field issue: a check that names its own code (params.code) keeps it, others are `invalid.<code>`. */
export function fieldIssueOf(issue: z.core.$ZodIssue): FieldIssue {
  const own = issue.code === 'custom' ? (issue.params as { code?: unknown } | undefined)?.code : undefined;
  return { path: issue.path.join('.'), code: typeof own === 'string' ? own : `invalid.${issue.code}`, message: issue.message };
}
