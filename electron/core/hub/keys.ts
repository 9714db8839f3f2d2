import { z } from 'zod';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { KEYS_FOLDER } from '../batch/keys.js';
import { readKeyFileText, writeKeyFileText } from '../protection/sealed-files.js';
import { CoreError } from '../errors.js';
import { ED25519, generateKeyPair, pairMatches, type KeyPair } from '../batch/raw-keys.js';

/**
 * The hub's Ed25519 key that signs receipts, beside its X25519 key (keys/hub.key): keys/hub-signing.key, mode 0600,
 * created once and never replaced. Stations pin its public half the first time the hub proves it holds the X25519
 * key they installed (crypto.ts, bindingProof).
 */

export const hubSigningKeyPath = (dataDir: string): string => join(dataDir, KEYS_FOLDER, 'hub-signing.key');
const KIND = 'hub-ed25519';
/** keys/hub-signing.key as ensureHubSigningKeys writes it. */
const SigningKeyFileSchema = z.object({ kind: z.literal(KIND), publicKey: z.string(), privateKey: z.string(), createdAt: z.string().optional() });

export function ensureHubSigningKeys(dataDir: string, now: Date = new Date()): { pair: KeyPair; created: boolean } {
  const existing = loadHubSigningKeys(dataDir);
  if (existing) return { pair: existing, created: false };
  const pair = generateKeyPair(ED25519);
  writeKeyFileText(hubSigningKeyPath(dataDir), `${JSON.stringify({ kind: KIND, ...pair, createdAt: now.toISOString() }, null, 2)}\n`);
  return { pair, created: true };
}

export function loadHubSigningKeys(dataDir: string): KeyPair | undefined {
  const path = hubSigningKeyPath(dataDir);
  if (!existsSync(path)) return undefined;
  const text = readKeyFileText(path);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CoreError('not_configured', `The hub's receipt key file ${path} cannot be read. Restore it from the hub's backup.`);
  }
  const file = SigningKeyFileSchema.safeParse(value);
  const pair = file.success ? { publicKey: file.data.publicKey, privateKey: file.data.privateKey } : undefined;
  if (!pair || !pairMatches(ED25519, pair)) {
    throw new CoreError('not_configured', `The hub's receipt key file ${path} is damaged. Restore it from the hub's backup.`);
  }
  return pair;
}
