import { dashboardMessages } from './dashboard';
import { duplicateMessages } from './duplicates';
import { printMessages } from './print';
import { protectionMessages } from './protection';
import { sessionMessages } from './session';
import { batchMessages } from './batches';
import { syncMessages } from './sync';
// Integrity (issue 11): signed audit heads.
import { integrityMessages } from './integrity';
// Issue 14: duplicates across centres at the hub.
import { hubDuplicateMessages } from './hub-duplicates';
// hub trust (issue 11)
import { trustMessages } from './trust';
// desk-data (issue 13)
import { deskMessages } from './desk';
import { wordsMessages } from './words';
// at rest (issue 12): the data file's key
import { keyMessages } from './keys';
// Long work (issue 15)
import { jobMessages } from './jobs';
// The crowd at the door (issue 17)
import { queueMessages } from './queue';

/**
 * Feature catalogues, each in its own file with its English, Armenian and Russian side by side. Add a feature's
 * catalogue here; its keys then join `MessageKey`.
 */
export const FEATURE_CATALOGS = [
  printMessages,
  dashboardMessages,
  batchMessages,
  sessionMessages,
  protectionMessages,
  syncMessages,
  duplicateMessages,
  integrityMessages,
  hubDuplicateMessages,
  trustMessages,
  deskMessages,
  wordsMessages,
  keyMessages,
  jobMessages,
  queueMessages,
] as const;
