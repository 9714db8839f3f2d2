import { evaluate, labelledSet } from '../tests/fixtures/duplicates-evaluation.js';

/**
 * Precision and recall of the duplicate scorer on the generated labelled set.
 *   npx tsx scripts/eval-duplicates.ts            the test half: report it once per change of the scorer
 *   npx tsx scripts/eval-duplicates.ts --train    the training half, with its misses, to look at while tuning
 */
const train = process.argv.includes('--train');
const set = labelledSet();
const half = train ? set.train : set.test;
const e = evaluate(half);
const prefix = train ? 'train_' : '';
console.log(`${prefix}dup_pairs=${e.pairs}`);
console.log(`${prefix}dup_true_pairs=${e.truePositives + e.falseNegatives}`);
console.log(`${prefix}dup_precision=${e.precision.toFixed(4)}`);
console.log(`${prefix}dup_recall=${e.recall.toFixed(4)}`);
if (train) {
  const wrong = e.scored.filter((p) => p.duplicate !== p.score >= 0.7 || process.argv.includes('--all'));
  for (const p of wrong.slice(0, Number(process.env.SHOW ?? 60))) {
    const show = (r: typeof p.a) => `${r.givenName} ${r.patronymic} ${r.familyName} ${r.sex} ${JSON.stringify(r.birth)} [${r.how}]`;
    console.log(`${p.duplicate ? 'MISS' : 'FALSE'} ${p.kind} ${p.score}\n   ${show(p.a)}\n   ${show(p.b)}`);
  }
}
