import { resolve } from 'node:path';
import { SYSTEM_ACTOR, today } from '../core/context.js';
import { searchPersons } from '../core/search/persons.js';
import { seedHouseholds } from '../core/seed/seed.js';
import { initDataDir } from '../core/station.js';
import { computeStats } from '../core/figures/stats.js';
import { initKeys } from './at-rest.js';
import { need, optional, print, UsageError, wholeNumber, withCore, type CommandGroup } from './common.js';

/** init, seed, stats, search: a station's folder and what is in it. */
export const stationCommands: CommandGroup = {
  options: {
    centre: { type: 'string' },
    'centre-name': { type: 'string' },
    station: { type: 'string' },
    role: { type: 'string' },
    households: { type: 'string' },
    seed: { type: 'string' },
    days: { type: 'string' },
    limit: { type: 'string' },
    'passphrase-env': { type: 'string' },
  },
  commands: {
    init(flags) {
      const role = optional(flags, 'role') ?? 'station';
      if (role !== 'station' && role !== 'hub') throw new UsageError('--role is station or hub');
      const dataDir = resolve(need(flags, 'data'));
      const station = initDataDir(
        dataDir,
        {
          centreCode: optional(flags, 'centre') ?? 'CENTRE1',
          centreName: optional(flags, 'centre-name') ?? '',
          stationLabel: optional(flags, 'station') ?? 'Desk 1',
          role,
        },
        new Date(),
        initKeys(dataDir, optional(flags, 'passphrase-env')),
      );
      print(flags, station, `Station ${station.stationLabel} (${station.stationCode}) of centre ${station.centreCode} is ready.`);
    },
    async seed(flags) {
      const count = wholeNumber(flags, 'households');
      const seed = wholeNumber(flags, 'seed', 1);
      const days = wholeNumber(flags, 'days', 7);
      const written = await withCore(flags, (core) => seedHouseholds(core.ctx, SYSTEM_ACTOR, count, seed, days));
      print(flags, { households: written }, `Seeded ${written} households.`);
    },
    async stats(flags) {
      const stats = await withCore(flags, (core) => computeStats(core.ctx.db));
      const pending = stats.pendingAcrossCentres === undefined ? '' : ` ${stats.pendingAcrossCentres} pairs across centres waiting for review.`;
      print(flags, stats, `${stats.households} households, ${stats.persons} persons (F ${stats.bySex.F}, M ${stats.bySex.M}).${pending}`);
    },
    async search(flags, positionals) {
      const query = positionals.join(' ');
      if (!query.trim()) throw new UsageError('search needs a QUERY');
      const hits = await withCore(flags, (core) => searchPersons(core.ctx.db, query, wholeNumber(flags, 'limit', 20), today(core.ctx)));
      const lines = hits.map((h) => `${h.registrationNumber}  ${h.name} (${h.nameLatin}), ${h.sex} ${h.age}  [${h.reasons.join(', ')}]`);
      print(flags, hits, lines.join('\n') || 'No match.');
    },
  },
};
