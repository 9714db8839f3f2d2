import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Birth } from '../../../electron/api/schemas/household.js';
import { LIKELY_DUPLICATE, scoreDuplicate, type DuplicateSubject } from '../../../electron/core/duplicates/score.js';
import { normaliseDocumentNumber, normalisePhone } from '../../../electron/core/names/keys.js';

/**
 * The scorer against a hand-labelled set (tests/fixtures/duplicates-labelled.json): true duplicates typed in other
 * scripts, spellings and date forms, and hard non-duplicates (siblings, twins, namesakes of another generation,
 * common names). Precision and recall are printed and must both be above 0.95.
 */

interface LabelledPerson {
  givenName: string;
  familyName: string;
  patronymic?: string;
  sex: 'F' | 'M';
  birth: Birth;
  recordedOn?: string;
  documents?: string[];
  phones?: string[];
}
interface LabelledPair {
  id: string;
  duplicate: boolean;
  note: string;
  a: LabelledPerson;
  b: LabelledPerson;
}

const { pairs } = JSON.parse(readFileSync(new URL('../../fixtures/duplicates-labelled.json', import.meta.url), 'utf8')) as { pairs: LabelledPair[] };

const subject = (p: LabelledPerson): DuplicateSubject => ({
  givenName: p.givenName,
  familyName: p.familyName,
  patronymic: p.patronymic ?? '',
  sex: p.sex,
  birth: p.birth,
  recordedOn: p.recordedOn ?? '2026-11-20',
  documents: (p.documents ?? []).map(normaliseDocumentNumber),
  phones: (p.phones ?? []).map((x) => normalisePhone(x) ?? x),
});

describe('duplicate scoring on the labelled set', () => {
  const scored = pairs.map((p) => ({ ...p, ...scoreDuplicate(subject(p.a), subject(p.b)) }));

  it('has both kinds of pairs, enough of each', () => {
    expect(scored.filter((p) => p.duplicate).length).toBeGreaterThanOrEqual(40);
    expect(scored.filter((p) => !p.duplicate).length).toBeGreaterThanOrEqual(40);
  });

  it('finds duplicates with precision and recall above 0.95', () => {
    const predicted = (p: (typeof scored)[number]) => p.score >= LIKELY_DUPLICATE;
    const tp = scored.filter((p) => p.duplicate && predicted(p)).length;
    const fp = scored.filter((p) => !p.duplicate && predicted(p)).length;
    const fn = scored.filter((p) => p.duplicate && !predicted(p)).length;
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    const wrong = scored.filter((p) => p.duplicate !== predicted(p)).map((p) => `${p.id} ${p.score} ${p.note}`);
    console.log(
      `duplicates: precision=${precision.toFixed(3)} recall=${recall.toFixed(3)} (${tp} found, ${fp} wrongly, ${fn} missed of ${scored.length} pairs)${wrong.length ? `\n  ${wrong.join('\n  ')}` : ''}`,
    );
    expect(precision).toBeGreaterThan(0.95);
    expect(recall).toBeGreaterThan(0.95);
  });

  it('is symmetric', () => {
    for (const p of pairs) {
      expect(scoreDuplicate(subject(p.b), subject(p.a)).score, p.id).toBe(scoreDuplicate(subject(p.a), subject(p.b)).score);
    }
  });
});
