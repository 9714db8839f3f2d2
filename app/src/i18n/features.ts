import { dashboardMessages } from './dashboard';
import { printMessages } from './print';
import { batchMessages } from './batches';

/**
 * Feature catalogues, each in its own file with its English, Armenian and Russian side by side. Add a feature's
 * catalogue here; its keys then join `MessageKey`.
 */
export const FEATURE_CATALOGS = [printMessages, dashboardMessages, batchMessages] as const;
