import type { Birth } from '../../api/schemas/household.js';
import type { DuplicateCheckResult } from '../../api/views-duplicates.js';
import { appendAudit } from '../audit/trail.js';
import { today, type Actor, type CoreContext } from '../context.js';
import { normaliseDocumentNumber, normalisePhone } from '../names/keys.js';
import { candidateIds } from './candidates.js';
import { mergedAway, nameFrequency, recordsByIds, stationLabels, subjectOf, viewOf } from './people.js';
import { LIKELY_DUPLICATE, NEAR_CERTAIN_DUPLICATE, scoreDuplicate, type DuplicateSubject } from './score.js';

/** One person as the clerk is typing them, and what the form knows of their household. */
export interface CheckInput {
  person: {
    givenName: string;
    familyName: string;
    patronymic: string;
    givenNameLatin?: string;
    familyNameLatin?: string;
    patronymicLatin?: string;
    sex?: 'F' | 'M';
    birth?: Birth;
    documents: string[];
    phone: string;
  };
  household: { id?: string; phone: string };
  limit: number;
}

export function subjectFromInput(input: CheckInput, recordedOn: string): DuplicateSubject {
  const p = input.person;
  const phones = [normalisePhone(p.phone), normalisePhone(input.household.phone)].filter((x): x is string => !!x);
  return {
    givenName: p.givenName,
    familyName: p.familyName,
    patronymic: p.patronymic,
    givenNameLatin: p.givenNameLatin ?? '',
    familyNameLatin: p.familyNameLatin ?? '',
    patronymicLatin: p.patronymicLatin ?? '',
    ...(p.sex ? { sex: p.sex } : {}),
    ...(p.birth ? { birth: p.birth } : {}),
    recordedOn,
    documents: p.documents.map(normaliseDocumentNumber).filter(Boolean),
    phones: [...new Set(phones)],
  };
}

/**
 * Likely matches already in the file for one person being typed, best first, each with both sides for a
 * comparison. The person's own household (when it is being corrected), voided households and persons merged into
 * another are left out.
 */
export function checkDuplicates(ctx: CoreContext, input: CheckInput): DuplicateCheckResult {
  const onDate = today(ctx);
  const subject = subjectFromInput(input, onDate);
  if (!subject.givenName.trim() && !subject.familyName.trim() && subject.documents.length === 0) return { candidates: [] };
  const ids = candidateIds(ctx.db, subject);
  if (ids.size === 0) return { candidates: [] };
  const away = mergedAway(ctx.db);
  const frequency = nameFrequency(ctx.db);
  const scored = recordsByIds(ctx.db, [...ids])
    .filter((r) => r.status === 'active' && r.household_id !== input.household.id && !away.has(r.id))
    .map((r) => ({ r, ...scoreDuplicate(subject, subjectOf(r), frequency) }))
    .filter((c) => c.score >= LIKELY_DUPLICATE)
    .sort((a, b) => b.score - a.score)
    .slice(0, input.limit);
  if (scored.length === 0) return { candidates: [] };
  const labels = stationLabels(ctx);
  return {
    candidates: scored.map((c) => ({
      score: c.score,
      needsDecision: c.score >= NEAR_CERTAIN_DUPLICATE,
      reasons: c.reasons,
      existing: viewOf(c.r, labels, onDate),
    })),
  };
}

/**
 * The check as the intake desk calls it: showing who else is on file is a read of personal data, so an answer with
 * candidates leaves a trace in the audit trail (which persons were shown, not what was typed); an empty one does not.
 */
export function auditedCheck(ctx: CoreContext, actor: Actor, input: CheckInput): DuplicateCheckResult {
  const result = checkDuplicates(ctx, input);
  if (result.candidates.length === 0) return result;
  ctx.db.transaction(() =>
    appendAudit(ctx.db, {
      at: ctx.now().toISOString(),
      operator: actor.name,
      action: 'duplicates.checked',
      entity: 'person',
      entityId: '',
      detail: { shown: result.candidates.map((c) => c.existing.personId) },
    }),
  )();
  return result;
}
