import { afterEach, describe, expect, it } from 'vitest';
import { HouseholdSchema } from '../../../electron/api/schemas/household.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { registerHousehold } from '../../../electron/core/households/write.js';
import { openCore } from '../../../electron/core/index.js';
import { householdIdByNumber } from '../../../electron/core/intake/slips.js';
import { cleanupTemp, familyOfFour, makeTempCore } from '../../helpers/core.js';

/**
 * Station codes were 4 random characters: two desks at one hub collided about once in 250 fifty-desk operations, and
 * the second was refused. New stations get 8; a station made before keeps its code and the numbers it printed, and
 * both forms are found by number, typed as printed or run together.
 */

afterEach(cleanupTemp);

describe('station codes and lookups by number', () => {
  it('a new station prints numbers with an 8-character station part, found however they are typed', () => {
    const t = makeTempCore();
    expect(t.ctx.station.stationCode).toHaveLength(8);
    const saved = t.register();
    expect(saved.registrationNumber).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-00001-[0-9A-Z]$/);
    for (const typed of [
      saved.registrationNumber,
      saved.registrationNumber.toLowerCase(),
      saved.registrationNumber.replace(/-/g, ''),
      saved.registrationNumber.replace(/-/g, ' '),
    ]) {
      expect(householdIdByNumber(t.db, typed), typed).toBe(saved.id);
    }
  });

  it('a station made with a 4-character code keeps it: its printed numbers are still found', () => {
    const t = makeTempCore();
    t.db.prepare("UPDATE station SET code = 'KQ7M'").run();
    t.core.close();
    const core = openCore({ dataDir: t.dataDir, now: () => t.clock.now });
    try {
      const saved = registerHousehold(core.ctx, SYSTEM_ACTOR, HouseholdSchema.parse(familyOfFour()));
      expect(saved.registrationNumber).toMatch(/^KQ7M-00001-[0-9A-Z]$/);
      expect(householdIdByNumber(core.ctx.db, saved.registrationNumber)).toBe(saved.id);
      expect(householdIdByNumber(core.ctx.db, saved.registrationNumber.replace(/-/g, '').toLowerCase())).toBe(saved.id);
      expect(() => householdIdByNumber(core.ctx.db, 'KQ7M-00002-X')).toThrow(/No household/);
    } finally {
      core.close();
    }
  });
});
