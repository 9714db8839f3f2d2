import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, labelledSet } from '../../fixtures/duplicates-evaluation.js';
import { generateLabelledSet } from '../../fixtures/duplicates-generator.js';

/**
 * The scorer measured on people generated from spelling and typing facts (tests/fixtures/duplicates-generator.ts),
 * on the half of the set the thresholds were not set from. The floor is 0.95 each; the goal 0.97
 * (`npx tsx scripts/eval-duplicates.ts` prints the figures).
 */

describe('duplicate detection on the generated labelled set', () => {
  const set = labelledSet();

  it('is made apart from the scorer: the generator imports nothing from the app', () => {
    const source = readFileSync(new URL('../../fixtures/duplicates-generator.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^import\s/m);
    expect(source).not.toMatch(/from\s+['"]/);
  });

  it('holds thousands of people, both halves with true pairs and hard false ones', () => {
    expect(set.persons).toBeGreaterThan(5000);
    for (const half of [set.train, set.test]) {
      expect(half.filter((p) => p.duplicate).length).toBeGreaterThan(1000);
      for (const kind of ['sibling', 'twin', 'grandparent_namesake', 'cousin', 'namesake_other_family'] as const) {
        expect(half.some((p) => p.kind === kind)).toBe(true);
      }
    }
  });

  it('is the same set on every run (a fixed seed)', () => {
    const small = () => generateLabelledSet({ families: 200 });
    expect(JSON.stringify(small())).toBe(JSON.stringify(small()));
    expect(JSON.stringify(generateLabelledSet({ families: 200, seed: 7 }))).not.toBe(JSON.stringify(small()));
  });

  it('finds duplicates on the test half with precision and recall of 0.95 or more', () => {
    const e = evaluate(set.test);
    console.log(`dup_precision=${e.precision.toFixed(4)} dup_recall=${e.recall.toFixed(4)} (${e.pairs} pairs)`);
    expect(e.precision).toBeGreaterThanOrEqual(0.95);
    expect(e.recall).toBeGreaterThanOrEqual(0.95);
  });
});
