import { LIKELY_DUPLICATE } from '../electron/core/duplicates/score.js';
import { evaluate, labelledSet, measure } from '../tests/fixtures/duplicates-evaluation.js';

/**
 * Precision and recall of the duplicate scorer on the generated labelled set.
 *   npx tsx scripts/eval-duplicates.ts            the test half: report it once per change of the scorer
 *   npx tsx scripts/eval-duplicates.ts --train    the training half, with its misses, to look at while tuning
 *   npx tsx scripts/eval-duplicates.ts --sweep    precision and recall of the training half at each threshold
 */
const train = process.argv.includes('--train');
const set = labelledSet();
const half = train ? set.train : set.test;
const sweep = process.argv.includes('--sweep');
const threshold = Number(process.env.THRESHOLD ?? LIKELY_DUPLICATE);
const e = evaluate(sweep ? set.train : half, threshold);
if (!sweep) {
  const prefix = train ? 'train_' : '';
  console.log(`${prefix}dup_pairs=${e.pairs}`);
  console.log(`${prefix}dup_true_pairs=${e.truePositives + e.falseNegatives}`);
  console.log(`${prefix}dup_precision=${e.precision.toFixed(4)}`);
  console.log(`${prefix}dup_recall=${e.recall.toFixed(4)}`);
}
if (sweep) {
  const scored = e.scored;
  // Whole steps of 0.025 (adding 0.025 again and again drifts: 0.4 came out a hair above 0.4).
  for (let step = 2; step < 40; step++) {
    const t = step / 40;
    const m = measure(scored, t);
    console.log(
      `threshold=${t.toFixed(3)} train_precision=${m.precision.toFixed(4)} train_recall=${m.recall.toFixed(4)} train_f1=${((2 * m.precision * m.recall) / (m.precision + m.recall)).toFixed(4)} false=${m.falsePositives} missed=${m.falseNegatives}`,
    );
  }
} else if (train) {
  const wrong = e.scored.filter((p) => p.duplicate !== p.score >= threshold || process.argv.includes('--all'));
  for (const p of wrong.slice(0, Number(process.env.SHOW ?? 60))) {
    const show = (r: typeof p.a) => `${r.givenName} ${r.patronymic} ${r.familyName} ${r.sex} ${JSON.stringify(r.birth)} [${r.how}]`;
    console.log(`${p.duplicate ? 'MISS' : 'FALSE'} ${p.kind} ${p.score}\n   ${show(p.a)}\n   ${show(p.b)}`);
  }
}
