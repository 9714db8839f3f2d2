import type { DuplicatePairView, DuplicatePersonView } from '../api/views-duplicates.js';
import { SYSTEM_ACTOR } from '../core/context.js';
import { allPairs } from '../core/duplicates/decisions.js';
import { reviewDuplicates } from '../core/duplicates/review.js';
import { print, withCore, type CommandGroup } from './common.js';

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

/** duplicates: reviews the whole file (the queue is updated as the supervisor's review would) and prints every pair. */
export const duplicateCommands: CommandGroup = {
  options: {},
  commands: {
    async duplicates(flags) {
      const { summary, pairs } = await withCore(flags, (core) => {
        const s = reviewDuplicates(core.ctx, SYSTEM_ACTOR);
        return { summary: s, pairs: allPairs(core.ctx) };
      });
      const lines = pairs.map((p) => `${p.score.toFixed(3)}  ${side(p.a).name} (${p.a.registrationNumber}${p.a.ref ? `, ref ${p.a.ref}` : ''})  ~  ${side(p.b).name} (${p.b.registrationNumber}${p.b.ref ? `, ref ${p.b.ref}` : ''})  [${p.status}: ${p.reasons.map((r) => r.code).join(', ')}]`);
      const text = `${summary.persons} persons compared in ${summary.seconds} s: ${summary.open} pairs open.${lines.length ? `\n${lines.join('\n')}` : ''}`;
      if (flags['json']) {
        process.stdout.write(`${pairs.map((p) => JSON.stringify(pairJson(p))).join('\n')}${pairs.length ? '\n' : ''}`);
        return;
      }
      print(flags, pairs, text);
    },
  },
};
