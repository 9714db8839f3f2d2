import type { Migration } from '../migrate.js';
import { foundation } from './001-foundation.js';
import { protection } from './002-protection.js';
import { batches } from './003-batches.js';
import { duplicates } from './004-duplicates.js';
import { printing } from './005-printing.js';
import { sync } from './006-sync.js';
import { hubTrust } from './007-hub-trust.js';
import { auditAnchor } from './008-audit-anchor.js';
import { deskData } from './009-desk-data.js';
import { hubLinks } from './010-hub-links.js';
import { dupBlocks } from './011-dup-blocks.js';
import { hubScale } from './012-hub-scale.js';
import { queue } from './013-queue.js';
import { dupKeys } from './014-dup-keys.js';
import { compactHistory } from './015-compact-history.js';
import { hubPairCounts } from './016-hub-pair-counts.js';
import { queueMembers } from './017-queue-members.js';
import { hubPairsCompact } from './018-hub-pairs-compact.js';
import { queueLeaseGrants } from './019-queue-lease-grants.js';
import { queueIssueRequests } from './020-queue-issue-requests.js';
import { dupNames } from './021-dup-names.js';
import { searchKeysByNumber } from './022-search-keys-by-number.js';
import { hubUnchecked } from './023-hub-unchecked.js';
import { dupPersons } from './024-dup-persons.js';
import { dupPersonsAlone } from './025-dup-persons-alone.js';
import { dupPersonsCompact } from './026-dup-persons-compact.js';

/** Ordered; a migration is never edited once released, only followed by another. */
export const MIGRATIONS: readonly Migration[] = [
  foundation,
  protection,
  batches,
  duplicates,
  printing,
  sync,
  hubTrust,
  auditAnchor,
  deskData,
  hubLinks,
  dupBlocks,
  hubScale,
  queue,
  dupKeys,
  compactHistory,
  hubPairCounts,
  queueMembers,
  hubPairsCompact,
  queueLeaseGrants,
  queueIssueRequests,
  dupNames,
  searchKeysByNumber,
  hubUnchecked,
  dupPersons,
  dupPersonsAlone,
  dupPersonsCompact,
];
