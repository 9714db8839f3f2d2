/**
 * Where a data file's key comes from. Core never reaches for a key store: whoever opens a folder passes a provider
 * (the CLI and the harness the folder's own keys/ files, the app the OS key store or the start-up passphrase).
 */
export interface KeyProvider {
  /** The 32-byte key of this folder's file, or undefined when none is kept yet (a new folder, or a plain file). */
  load(): Buffer | undefined;
  /** Makes and keeps a new random key; called once, before a new or plain file is encrypted with it. */
  create(): Buffer;
  /**
   * True when the key is not lying plain in the folder (OS store, passphrase, recovery code): the signing and
   * receiving key files are then sealed with it too, so they are kept exactly as well as the database.
   */
  readonly sealsKeyFiles: boolean;
}

export const DATABASE_KEY_BYTES = 32;

/** Progress of the one-time encryption of a plain file, for a large file's progress bar. */
export interface EncryptionProgress {
  phase: 'copy' | 'encrypt' | 'verify' | 'swap' | 'done';
  /** Bytes copied so far (copy), else 1 of 1 when the phase ends. */
  done: number;
  total: number;
}
export type ProgressListener = (progress: EncryptionProgress) => void;

/** A key unwrapped elsewhere (the app's main process, from the OS key store), passed to a worker as plain bytes. */
export interface GivenKey {
  bytes: Uint8Array;
  sealsKeyFiles: boolean;
}

/** The provider of a key already unwrapped: both workers that open the file open it with the same key. */
export function givenKeyProvider(given: GivenKey): KeyProvider {
  const key = Buffer.from(given.bytes);
  return {
    sealsKeyFiles: given.sealsKeyFiles,
    load: () => key,
    create: () => key,
  };
}
