import { z } from 'zod';
import { HouseholdSchema, PersonSchema } from '../../api/schemas/household.js';
import type { HouseholdAction, HouseholdSnapshot } from '../households/snapshot.js';

/**
 * The payload inside a batch envelope (docs/batch-payload.md): UTF-8 JSON Lines, one record per line.
 *
 *   {"t":"batch", ...header}             first line: who cut it and which ranges it covers
 *   {"t":"version", seq, op, ..., snapshot}   one per change-log row: a household at one version, whole
 *   {"t":"deletion", seq, entity, entityId, version, at, op}   a household erased at the station
 *   {"t":"event", seq, ..., hash}        the station's audit events in the batch's audit range
 *   {"t":"end", versions, deletions, events}   last line: what came before it
 *
 * Version records are built from the stored snapshot's JSON text (inflated: households/stored-snapshot.ts) without
 * parsing it, so cutting stays fast.
 */

export const PAYLOAD_VERSION = 1;

export interface PayloadHeader {
  t: 'batch';
  payloadVersion: typeof PAYLOAD_VERSION;
  batchId: string;
  stationId: string;
  stationCode: string;
  stationLabel: string;
  centreCode: string;
  centreName: string;
  /** The change-log range (the manifest's sequenceFrom..sequenceTo). */
  sequenceFrom: number;
  sequenceTo: number;
  /** The audit-trail range carried; auditTo < auditFrom when it carries none. */
  auditFrom: number;
  auditTo: number;
  createdAt: string;
  /** A supervisor's plain (unsealed) export: not a batch a hub takes in. */
  plain?: true;
  /** The station's audit-trail head at the cut, signed with its key (core/audit/anchor.ts); optional in version 1. */
  auditHead?: { seq: number; hash: string; signedAt: string; signature: string };
}

export interface VersionRecord {
  t: 'version';
  seq: number;
  op: HouseholdAction;
  at: string;
  operator: string;
  reason: string;
  snapshot: HouseholdSnapshot;
}

export interface DeletionRecord {
  t: 'deletion';
  seq: number;
  entity: 'household';
  entityId: string;
  version: number;
  at: string;
  op: string;
}

export interface EventRecord {
  t: 'event';
  seq: number;
  at: string;
  operator: string;
  action: string;
  entity: string;
  entityId: string;
  /** The event's detail exactly as stored (JSON text), so its hash can be checked again at the hub. */
  detail: string;
  prevHash: string;
  hash: string;
}

export interface PayloadEnd {
  t: 'end';
  versions: number;
  deletions: number;
  events: number;
}

export interface ParsedPayload {
  header: PayloadHeader;
  versions: VersionRecord[];
  deletions: DeletionRecord[];
  events: EventRecord[];
}

// ---------------------------------------------------------------------------
// Writing.

export const headerLine = (header: PayloadHeader): string => JSON.stringify(header);

/** A version record is `head + snapshot JSON + tail`: the snapshot's stored JSON goes in as it was, not re-serialised. */
export function versionLineParts(r: Omit<VersionRecord, 'snapshot'>): [head: string, tail: string] {
  return [
    `{"t":"version","seq":${r.seq},"op":${JSON.stringify(r.op)},"at":${JSON.stringify(r.at)},"operator":${JSON.stringify(r.operator)},"reason":${JSON.stringify(r.reason)},"snapshot":`,
    '}\n',
  ];
}

export const deletionLine = (r: DeletionRecord): string => JSON.stringify(r);
export const eventLine = (r: EventRecord): string => JSON.stringify(r);
export const endLine = (r: PayloadEnd): string => JSON.stringify(r);

// ---------------------------------------------------------------------------
// Reading: every record is checked before anything is applied; a payload that breaks a rule is refused whole.

/** Why a payload was refused; `unsupported` means a newer app wrote it. */
export class PayloadError extends Error {
  constructor(
    readonly kind: 'invalid' | 'unsupported',
    detail: string,
  ) {
    super(detail);
    this.name = 'PayloadError';
  }
}

const count = z.number().int().min(0);
const text = z.string();
const nonEmpty = z.string().min(1);

// Strict throughout (hub trust, issue 11): a field the desk's own schemas do not know is refused, never kept.
const HeaderSchema = z.strictObject({
  t: z.literal('batch'),
  payloadVersion: z.literal(PAYLOAD_VERSION),
  batchId: nonEmpty,
  stationId: nonEmpty,
  stationCode: text,
  stationLabel: text,
  centreCode: text,
  centreName: text,
  sequenceFrom: count,
  sequenceTo: count,
  auditFrom: count,
  auditTo: count,
  createdAt: text,
  plain: z.literal(true).optional(),
  auditHead: z
    .strictObject({
      seq: count,
      hash: z.string().regex(/^[0-9a-f]{64}$/),
      signedAt: z.string().max(40),
      signature: z.string().max(100),
    })
    .optional(),
});

const SnapshotMemberSchema = PersonSchema.extend({ id: nonEmpty }).strict();
/** A household at one version, as a station stores it, parsed with the desk's own schemas: unknown fields are refused. */
const SnapshotSchema = z.strictObject({
  id: nonEmpty,
  registrationNumber: nonEmpty,
  stationId: nonEmpty,
  centreCode: nonEmpty,
  version: z.number().int().min(1),
  status: z.enum(['active', 'voided']),
  voidReason: text,
  registeredAt: nonEmpty,
  updatedAt: nonEmpty,
  household: HouseholdSchema.extend({ arrivedAt: nonEmpty, members: z.array(SnapshotMemberSchema).min(1).max(40) }).strict(),
});

const VersionSchema = z.strictObject({
  t: z.literal('version'),
  seq: count,
  // registered, edited, voided, purged (retention) and whatever a later version of the write path adds.
  op: z.string().regex(/^[a-z_]{1,40}$/),
  at: nonEmpty,
  operator: text,
  reason: text,
  snapshot: SnapshotSchema,
});

const DeletionSchema = z.strictObject({
  t: z.literal('deletion'),
  seq: count,
  entity: z.literal('household'),
  entityId: nonEmpty,
  version: count,
  at: nonEmpty,
  op: nonEmpty,
});

const EventSchema = z.strictObject({
  t: z.literal('event'),
  seq: z.number().int().min(1),
  at: text,
  operator: text,
  action: text,
  entity: text,
  entityId: text,
  detail: text,
  prevHash: text,
  hash: text,
});

const EndSchema = z.strictObject({ t: z.literal('end'), versions: count, deletions: count, events: count });

function parseLine(line: string, index: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new PayloadError('invalid', `line ${index + 1} is not JSON`);
  }
}

function check<S extends z.ZodType>(schema: S, value: unknown, index: number): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PayloadError('invalid', `line ${index + 1}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

const RECORD_TYPES = new Set(['version', 'deletion', 'event', 'end']);

export type PayloadRecord = VersionRecord | DeletionRecord | EventRecord;

/**
 * Reads a payload one line at a time (a streamed batch, envelope-v2.ts): the header first, then records, each
 * checked as it comes; `finish` checks the end record against what came before it.
 */
export class PayloadReader {
  private index = 0;
  header: PayloadHeader | undefined;
  private end: PayloadEnd | undefined;
  private readonly seen = { versions: 0, deletions: 0, events: 0 };
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  /** One line (its bytes, without the newline): the header, a record, or undefined for the end record. */
  line(bytes: Buffer): PayloadHeader | PayloadRecord | undefined {
    let text: string;
    try {
      text = this.decoder.decode(bytes);
    } catch {
      throw new PayloadError('invalid', `line ${this.index + 1} is not UTF-8`);
    }
    const i = this.index++;
    if (i === 0) {
      const first = parseLine(text, 0) as { t?: unknown; payloadVersion?: unknown } | null;
      if (first?.t === 'batch' && typeof first.payloadVersion === 'number' && first.payloadVersion !== PAYLOAD_VERSION) {
        throw new PayloadError('unsupported', `payload version ${first.payloadVersion}`);
      }
      this.header = check(HeaderSchema, first, 0) as PayloadHeader;
      return this.header;
    }
    if (this.end) throw new PayloadError('invalid', `line ${i + 1} follows the end record`);
    const value = parseLine(text, i) as { t?: unknown } | null;
    const type = typeof value?.t === 'string' ? value.t : '';
    if (!RECORD_TYPES.has(type)) throw new PayloadError('unsupported', `line ${i + 1} has record type ${JSON.stringify(type)}`);
    if (type === 'version') {
      this.seen.versions++;
      // The parsed value, not the original: nested objects (birth, documents) lose any field the schema does not name.
      return check(VersionSchema, value, i) as unknown as VersionRecord;
    }
    if (type === 'deletion') {
      this.seen.deletions++;
      return check(DeletionSchema, value, i);
    }
    if (type === 'event') {
      this.seen.events++;
      return check(EventSchema, value, i);
    }
    this.end = check(EndSchema, value, i);
    return undefined;
  }

  finish(): void {
    if (this.index === 0) throw new PayloadError('invalid', 'line 1 is not JSON');
    const end = this.end;
    if (!end) throw new PayloadError('invalid', 'the end record is missing');
    if (end.versions !== this.seen.versions || end.deletions !== this.seen.deletions || end.events !== this.seen.events) {
      throw new PayloadError('invalid', 'the end record does not match the records before it');
    }
  }
}

/** Longest line a streamed payload may hold (one household's version is a few kilobytes). */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;

/** Cuts bytes arriving in pieces into lines (without their newline); a line longer than `MAX_LINE_BYTES` is refused. */
export class LineSplitter {
  private carry: Buffer[] = [];
  private carryBytes = 0;

  constructor(private readonly onLine: (line: Buffer) => void) {}

  push(bytes: Buffer): void {
    let start = 0;
    for (let nl = bytes.indexOf(10, start); nl !== -1; nl = bytes.indexOf(10, start)) {
      const piece = bytes.subarray(start, nl);
      if (this.carryBytes > 0) {
        this.carry.push(piece);
        const line = Buffer.concat(this.carry, this.carryBytes + piece.length);
        this.carry = [];
        this.carryBytes = 0;
        this.onLine(line);
      } else this.onLine(piece);
      start = nl + 1;
    }
    if (start < bytes.length) {
      const rest = bytes.subarray(start);
      this.carryBytes += rest.length;
      if (this.carryBytes > MAX_LINE_BYTES) throw new PayloadError('invalid', 'a line is longer than any record can be');
      this.carry.push(rest);
    }
  }

  /** The last line, when the payload does not end with a newline. */
  end(): void {
    if (this.carryBytes > 0) this.onLine(Buffer.concat(this.carry, this.carryBytes));
    this.carry = [];
    this.carryBytes = 0;
  }
}

export function parsePayload(payload: Buffer): ParsedPayload {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(payload);
  } catch {
    throw new PayloadError('invalid', 'payload is not UTF-8');
  }
  const reader = new PayloadReader();
  let header: PayloadHeader | undefined;
  const out = { versions: [] as VersionRecord[], deletions: [] as DeletionRecord[], events: [] as EventRecord[] };
  const splitter = new LineSplitter((line) => {
    const r = reader.line(line);
    if (!r) return;
    if (r.t === 'batch') header = r;
    else if (r.t === 'version') out.versions.push(r);
    else if (r.t === 'deletion') out.deletions.push(r);
    else out.events.push(r);
  });
  splitter.push(payload);
  splitter.end();
  reader.finish();
  return { header: header!, ...out };
}
