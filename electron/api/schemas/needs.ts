/**
 * UNHCR specific-needs categories (two levels: category, then sub-code), as used in proGres.
 * PG (pregnant or lactating) is kept as its own category because the intake form asks it directly.
 */
export const SPECIFIC_NEEDS = {
  DS: ['DS-BD', 'DS-DF', 'DS-PM', 'DS-PS', 'DS-MM', 'DS-MS', 'DS-SD'],
  SM: ['SM-MI', 'SM-MN', 'SM-CI', 'SM-CC', 'SM-AD', 'SM-OT'],
  SC: ['SC-SC', 'SC-UC', 'SC-CH', 'SC-IC', 'SC-FC'],
  ER: ['ER-NF', 'ER-UR', 'ER-MC'],
  WR: ['WR-WR', 'WR-SF', 'WR-GM'],
  SP: ['SP-PT', 'SP-GP', 'SP-CG'],
  CR: ['CR-CP', 'CR-CS', 'CR-CL', 'CR-LW', 'CR-AF', 'CR-CC', 'CR-TP', 'CR-LO'],
  FU: ['FU-TR', 'FU-FR'],
  LP: ['LP-ND', 'LP-BN', 'LP-AN', 'LP-DA', 'LP-MS', 'LP-RR', 'LP-AF'],
  SV: ['SV-VA', 'SV-VF', 'SV-GM', 'SV-HP', 'SV-HK'],
  TR: ['TR-PI', 'TR-HO', 'TR-WV'],
  PG: ['PG-PW', 'PG-LW'],
} as const;

export type NeedCategory = keyof typeof SPECIFIC_NEEDS;
export type NeedCode = (typeof SPECIFIC_NEEDS)[NeedCategory][number];

export const NEED_CATEGORIES = Object.keys(SPECIFIC_NEEDS) as NeedCategory[];
export const NEED_CODES: readonly NeedCode[] = NEED_CATEGORIES.flatMap((c) => SPECIFIC_NEEDS[c]);

export const needCategory = (code: string): NeedCategory => code.slice(0, 2) as NeedCategory;
