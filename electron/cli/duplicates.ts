import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { DuplicatePairView, DuplicatePersonView, ListPreview } from '../api/views-duplicates.js';
import { SYSTEM_ACTOR } from '../core/context.js';
import { allPairs } from '../core/duplicates/decisions.js';
import { reviewDuplicates } from '../core/duplicates/review.js';
import { CoreError } from '../core/errors.js';
import { importList, previewList } from '../core/lists/import.js';
import { print, UsageError, withCore, type CommandGroup } from './common.js';

/** One side of a pair as `duplicates --json` prints it: the person's id and, when it came from a list, its ref. */
const side = (p: DuplicatePersonView) => ({
  id: p.personId,
  ref: p.ref,
  householdId: p.householdId,
  registrationNumber: p.registrationNumber,
  name: [p.givenName, p.patronymic, p.familyName].filter(Boolean).join(' '),
  sex: p.sex,
  dateOfBirth: p.dateOfBirth,
});

export const pairJson = (p: DuplicatePairView) => ({
  a: side(p.a),
  b: side(p.b),
  score: p.score,
  reasons: p.reasons.map((r) => r.code),
  evidence: p.reasons,
  status: p.status,
  source: p.source,
  ...(p.note ? { note: p.note } : {}),
});

function readList(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CoreError('io_failed', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}.`);
  }
}

/** The row-by-row report: every refused row with its line and why, every row flagged as likely on file already. */
function report(preview: ListPreview): string[] {
  const refused = preview.refused.map((r) => `line ${r.line}${r.ref ? ` (ref ${r.ref})` : ''}: refused${r.field ? `, ${r.field}` : ''}: ${r.message}`);
  const flagged = preview.households.flatMap((h) =>
    h.members
      .filter((m) => m.duplicate)
      .map(
        (m) =>
          `line ${m.line}${m.ref ? ` (ref ${m.ref})` : ''}: ${m.givenName} ${m.familyName} is likely ${m.duplicate!.name} (${m.duplicate!.registrationNumber}), score ${m.duplicate!.score}`,
      ),
  );
  return [...refused, ...flagged];
}

/**
 * duplicates: reviews the whole file (the queue is updated as the supervisor's review would) and prints every pair.
 * import-list FILE: a pre-registration list (CSV or JSON Lines), all or nothing, with a row-by-row report.
 */
export const duplicateCommands: CommandGroup = {
  options: {},
  commands: {
    async duplicates(flags) {
      const { summary, pairs } = await withCore(flags, (core) => {
        const s = reviewDuplicates(core.ctx, SYSTEM_ACTOR);
        return { summary: s, pairs: allPairs(core.ctx) };
      });
      const lines = pairs.map(
        (p) =>
          `${p.score.toFixed(3)}  ${side(p.a).name} (${p.a.registrationNumber}${p.a.ref ? `, ref ${p.a.ref}` : ''})  ~  ${side(p.b).name} (${p.b.registrationNumber}${p.b.ref ? `, ref ${p.b.ref}` : ''})  [${p.status}: ${p.reasons.map((r) => r.code).join(', ')}]`,
      );
      const text = `${summary.persons} persons compared in ${summary.seconds} s: ${summary.open} pairs open.${lines.length ? `\n${lines.join('\n')}` : ''}`;
      if (flags['json']) {
        process.stdout.write(`${pairs.map((p) => JSON.stringify(pairJson(p))).join('\n')}${pairs.length ? '\n' : ''}`);
        return;
      }
      print(flags, pairs, text);
    },
    async 'import-list'(flags, positionals) {
      const file = positionals[0];
      if (!file || positionals.length > 1) throw new UsageError('import-list needs one FILE (CSV or JSON Lines)');
      const text = readList(file);
      const fileName = basename(file);
      await withCore(flags, (core) => {
        const preview = previewList(core.ctx, { fileName, text });
        if (preview.refused.length > 0) {
          print(
            flags,
            { imported: false, refused: preview.refused },
            report(preview)
              .filter((l) => l.includes(': refused'))
              .join('\n'),
          );
          const lines = new Set(preview.refused.map((r) => r.line)).size;
          throw new CoreError('invalid_input', `${lines} of ${preview.rows} rows refused (see the report above); nothing was imported.`);
        }
        const result = importList(core.ctx, SYSTEM_ACTOR, { fileName, text });
        const lines = report(preview);
        print(
          flags,
          { imported: true, ...result, flaggedRows: preview.households.flatMap((h) => h.members.filter((m) => m.duplicate)) },
          [
            `Imported ${result.households} households (${result.persons} persons) from ${fileName}; ${result.flagged} flagged as likely already registered.`,
            ...lines,
          ].join('\n'),
        );
      });
    },
  },
};
