import type { ProgressListener } from '../core/db/key-provider.js';

/** What the administrator sees of the key store at start-up, before the window opens. */

export const logEncryptionProgress: ProgressListener = ({ phase, done, total }) => {
  console.log(`Encrypting the data file: ${phase} ${total > 1 ? `${Math.round((done / total) * 100)}%` : ''}`.trim());
};
