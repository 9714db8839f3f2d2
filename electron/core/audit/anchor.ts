import { z } from 'zod';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnchorProblem, AuditAnchorView, AuditChainReport } from '../../api/views-protection.js';
import { GENESIS_HASH, verifyAuditChain } from './trail.js';
import { signDetached, detachedSignatureIsValid, type KeyPair } from '../batch/raw-keys.js';
import { KEYS_FOLDER, stationKeyFilePublicKey } from '../batch/keys.js';
import { writeSecretFile } from '../batch/secret-file.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';

/**
 * The audit trail anchored outside its file. The chain (audit/trail.ts) shows an edit, but whoever holds the file can
 * re-hash forward or cut the end and fix the head. So at every batch cut the station signs the trail's head (event
 * number and hash) with its Ed25519 key, which lives in keys/station.key, not in the database; the heads are kept
 * in the database, the latest also in keys/audit-head.json, and each travels to the hub inside its batch. A trail
 * that no longer holds a signed event, holds it with another hash, or is empty while the file holds families is
 * flagged. Whoever holds both the key file and the database can still rewrite both: the hub's copy is the anchor.
 */

export interface AuditHead {
  seq: number;
  hash: string;
}

/** A head as signed: it travels in the batch header as `auditHead` (docs/batch-payload.md). */
export interface SignedAuditHead extends AuditHead {
  signedAt: string;
  /** Ed25519 over signedHeadBytes(stationId, head), base64. */
  signature: string;
}

export const anchorFilePath = (dataDir: string): string => join(dataDir, KEYS_FOLDER, 'audit-head.json');

/** The bytes a station signs: a fixed label, then the station, the event number, its hash and the time, a line each. */
export const signedHeadBytes = (stationId: string, head: SignedAuditHead | (AuditHead & { signedAt: string })): Buffer =>
  Buffer.from(`intake-desk audit head v1\n${stationId}\n${head.seq}\n${head.hash}\n${head.signedAt}`, 'utf8');

/** The last event actually in the trail (0 and the genesis hash when there is none). */
export function currentAuditHead(db: DB): AuditHead {
  const row = sql<AuditHead>(db, 'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get();
  return row ?? { seq: 0, hash: GENESIS_HASH };
}

export function signAuditHead(stationId: string, keys: KeyPair, head: AuditHead, signedAt: string): SignedAuditHead {
  const unsigned = { seq: head.seq, hash: head.hash, signedAt };
  return { ...unsigned, signature: signDetached(keys, signedHeadBytes(stationId, unsigned)) };
}

export const signedHeadIsValid = (stationId: string, publicKey: string, head: SignedAuditHead): boolean =>
  detachedSignatureIsValid(publicKey, signedHeadBytes(stationId, head), head.signature);

/**
 * Keeps a head this station signed: in the database (inside the caller's transaction) and, as the latest, in the
 * key folder, outside the database. The file is written first: a head it names is true of the trail either way.
 */
export function keepSignedHead(db: DB, dataDir: string, head: SignedAuditHead, batchId: string | null): void {
  const latest = readAnchorFile(dataDir);
  if (!latest || latest.seq <= head.seq) writeSecretFile(anchorFilePath(dataDir), `${JSON.stringify(head)}\n`);
  sql(db, 'INSERT OR IGNORE INTO audit_signed_heads (seq, hash, signed_at, signature, batch_id) VALUES (?, ?, ?, ?, ?)').run(
    head.seq,
    head.hash,
    head.signedAt,
    head.signature,
    batchId,
  );
}

/** The head in keys/audit-head.json, as keepSignedHead writes it. */
const AnchorFileSchema = z.object({ seq: z.number().int().min(0), hash: z.string(), signedAt: z.string(), signature: z.string() });

/** The head kept beside the key; undefined when there is none. A damaged file counts as a forged head. */
function readAnchorFile(dataDir: string): SignedAuditHead | undefined {
  const path = anchorFilePath(dataDir);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = AnchorFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // Falls through to the forged head below.
  }
  return { seq: 0, hash: '', signedAt: '', signature: '' };
}

interface SignedHeadRow {
  seq: number;
  hash: string;
  signed_at: string;
  signature: string;
}

function storedHeads(db: DB): SignedAuditHead[] {
  try {
    return sql<SignedHeadRow>(db, 'SELECT seq, hash, signed_at, signature FROM audit_signed_heads ORDER BY seq')
      .all()
      .map((r) => ({ seq: r.seq, hash: r.hash, signedAt: r.signed_at, signature: r.signature }));
  } catch {
    // The table itself dropped: the heads in the key folder still speak.
    return [];
  }
}

const count = (db: DB, query: string): number => {
  try {
    return sql(db, query).pluck<number>().get()!;
  } catch {
    return 0;
  }
};

/** The hash of event `seq` as the trail holds it now, or undefined when it is not there. */
function eventHashAt(db: DB, seq: number): string | undefined {
  try {
    return sql(db, 'SELECT hash FROM audit_events WHERE seq = ?').pluck<string>().get(seq);
  } catch {
    return undefined;
  }
}

/** The key the heads were signed with, from the key file (not the database) when it can be read. */
function keyFileKey(dataDir: string): string | undefined {
  try {
    return stationKeyFilePublicKey(dataDir);
  } catch {
    return undefined;
  }
}

/** Checks the trail against every signed head: the first one that does not hold is the problem reported. */
export function checkAnchor(db: DB, dataDir: string, stationId: string): AuditAnchorView {
  const publicKey = keyFileKey(dataDir) ?? sql(db, 'SELECT public_key FROM station LIMIT 1').pluck<string | null>().get() ?? undefined;
  const file = readAnchorFile(dataDir);
  const heads = storedHeads(db);
  if (file && !heads.some((h) => h.seq === file.seq && h.hash === file.hash && h.signature === file.signature)) heads.push(file);
  heads.sort((a, b) => a.seq - b.seq);
  const events = count(db, 'SELECT count(*) FROM audit_events');
  const lastSeq = count(db, 'SELECT coalesce(max(seq), 0) FROM audit_events');
  const latest = heads.at(-1);
  const view: AuditAnchorView = { signedSeq: latest?.seq ?? 0, signedAt: latest?.signedAt ?? null, heads: heads.length };
  const flag = (kind: AnchorProblem, seq: number): AuditAnchorView => ({ ...view, problem: { kind, seq } });
  for (const head of heads) {
    if (!publicKey || !signedHeadIsValid(stationId, publicKey, head)) return flag('bad_signature', head.seq);
    if (head.seq === 0) continue;
    if (head.seq > lastSeq) return flag('shorter_than_signed', lastSeq + 1);
    const hash = eventHashAt(db, head.seq);
    if (hash === undefined) return flag('shorter_than_signed', head.seq);
    if (hash !== head.hash) return flag('rewritten_since_signed', head.seq);
  }
  if (events === 0 && count(db, 'SELECT count(*) FROM households') > 0) return flag('empty_with_registrations', 1);
  return view;
}

/** `audit-verify` and the Protection screen: the hash chain, then the signed heads. */
export function verifyAnchoredTrail(db: DB, dataDir: string, stationId: string): AuditChainReport {
  let chain: AuditChainReport;
  try {
    chain = verifyAuditChain(db);
  } catch {
    // The trail's tables are gone altogether: as empty as a trail can be.
    chain = { ok: true, events: 0, headSeq: 0 };
  }
  const anchor = checkAnchor(db, dataDir, stationId);
  return { ...chain, ok: chain.ok && !anchor.problem, anchor };
}
