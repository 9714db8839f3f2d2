import { dashboardMessages } from './dashboard';
import { duplicateMessages } from './duplicates';
import { printMessages } from './print';
import { protectionMessages } from './protection';
import { sessionMessages } from './session';
import { batchMessages } from './batches';
import { syncMessages } from './sync';
import { wordsMessages } from './words';

/**
 * Feature catalogues, each in its own file with its English, Armenian and Russian side by side. Add a feature's
 * catalogue here; its keys then join `MessageKey`.
 */
export const FEATURE_CATALOGS = [printMessages, dashboardMessages, batchMessages, sessionMessages, protectionMessages, syncMessages, duplicateMessages,
  // Words at the desk (issue 13).
  wordsMessages] as const;
