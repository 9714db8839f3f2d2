import type { Birth } from '../api/schemas/household.js';
import { SYSTEM_ACTOR, type CoreContext } from '../core/context.js';
import { checkDuplicates, type CheckInput } from '../core/duplicates/check.js';
import { reviewDuplicates } from '../core/duplicates/review.js';
import { sql } from '../core/db/statements.js';
import { FAMILY, FEMALE, MALE } from '../core/seed/names.js';
import { randomSource } from '../core/seed/seed.js';
import { percentile, round, type BenchSection } from './index.js';

/**
 * Duplicates: `dup_check_p95_ms` checks one person as a clerk types them (half are people already in the file,
 * typed again in another script, some with day and month swapped or an age instead of a date; half are new
 * people), and `dup_review_s` reviews the whole file for the supervisor's queue.
 */

const CHECKS = 300;

interface Row {
  given_name: string;
  family_name: string;
  patronymic: string;
  sex: 'F' | 'M';
  birth_kind: string;
  birth_value: string;
}

/** The same name in another of the three scripts, when the seed's lists know it. */
function respelled(name: string, rand: () => number): string {
  for (const list of [FAMILY, MALE, FEMALE]) {
    const spelled = list.find((s) => s.includes(name));
    if (spelled) return spelled[Math.floor(rand() * 3)] ?? name;
  }
  return name;
}

export function checkInputs(ctx: CoreContext, count: number, seed = 11): CheckInput[] {
  const rand = randomSource(seed);
  const total = sql(ctx.db, 'SELECT count(*) FROM persons').pluck().get() as number;
  const at = sql(ctx.db, 'SELECT given_name, family_name, patronymic, sex, birth_kind, birth_value FROM persons LIMIT 1 OFFSET ?');
  const inputs: CheckInput[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 1) {
      // Someone new: a name pair and a birth the file may or may not hold.
      const sex = rand() < 0.5 ? 'F' : 'M';
      const script = Math.floor(rand() * 3);
      const given = (sex === 'F' ? FEMALE : MALE)[Math.floor(rand() * 25)]?.[script] ?? '';
      const family = FAMILY[Math.floor(rand() * FAMILY.length)]?.[script] ?? '';
      inputs.push({
        person: {
          givenName: given,
          familyName: family,
          patronymic: '',
          sex,
          birth: { kind: 'age', years: 1 + Math.floor(rand() * 80) },
          documents: [],
          phone: '',
        },
        household: { phone: '' },
        limit: 5,
      });
      continue;
    }
    const row = at.get(Math.floor(rand() * total)) as Row;
    let birth: Birth = row.birth_kind === 'exact' ? { kind: 'exact', date: row.birth_value } : { kind: 'age', years: Number(row.birth_value) };
    // A fifth typed with day and month swapped (when both can be months), a fifth with the year only.
    const slip = rand();
    if (birth.kind === 'exact' && slip < 0.2) {
      const [y, m, d] = birth.date.split('-');
      if (Number(d) <= 12) birth = { kind: 'exact', date: `${y}-${d}-${m}` };
    } else if (birth.kind === 'exact' && slip < 0.4) {
      birth = { kind: 'year', year: Number(birth.date.slice(0, 4)) };
    }
    inputs.push({
      person: {
        givenName: respelled(row.given_name, rand),
        familyName: respelled(row.family_name, rand),
        patronymic: '',
        sex: row.sex,
        birth,
        documents: [],
        phone: '',
      },
      household: { phone: '' },
      limit: 5,
    });
  }
  return inputs;
}

export const duplicatesBench: BenchSection = (bench) => {
  const ctx = bench.core.ctx;
  const inputs = checkInputs(ctx, CHECKS);
  for (const input of inputs.slice(0, 20)) checkDuplicates(ctx, input);
  const times: number[] = [];
  let found = 0;
  for (const input of inputs) {
    const started = performance.now();
    found += checkDuplicates(ctx, input).candidates.length > 0 ? 1 : 0;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  bench.report('dup_check_p50_ms', round(percentile(times, 50)));
  bench.report('dup_check_p95_ms', round(percentile(times, 95)));
  bench.report('dup_check_flagged', found);

  const started = performance.now();
  const summary = reviewDuplicates(ctx, SYSTEM_ACTOR);
  bench.report('dup_review_s', round((performance.now() - started) / 1000));
  bench.report('dup_review_compared', summary.compared);
  bench.report('dup_review_pairs', summary.found);
};
