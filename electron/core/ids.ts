import { randomBytes } from 'node:crypto';

/** UUIDv7: time-ordered, globally unique without a network, so households from every desk merge at the hub. */
export function uuidv7(now: Date = new Date(), random: Buffer = randomBytes(10)): string {
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(now.getTime(), 0, 6);
  random.copy(bytes, 6, 0, 10);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A deterministic id source for tests and seeding. */
export function sequentialIds(prefix = '00000000-0000-7000-8000-'): () => string {
  let n = 0;
  return () => `${prefix}${(++n).toString(16).padStart(12, '0')}`;
}
