import type { z } from 'zod';
import { HubRefusal, type HubService } from '../hub/service.js';
import { parseWith } from '../wire.js';
import { HubIdentitySchema, StationRangesSchema, UploadAnswerSchema } from './answers.js';
import { SyncFailure, type SyncTarget, type UploadAnswer } from './target.js';

/**
 * A hub core in the same process, for tests: the same HubService the HTTP server calls, with answers copied through
 * JSON and parsed with the protocol's schemas (answers.ts) as the HTTP target parses them. `faults` lets a test make the next calls fail the way a network does.
 */

export type MemoryFault = 'unreachable' | 'server' | 'rate_limited' | 'lose_answer';

export interface MemoryTarget extends SyncTarget {
  /** Faults to apply to the next uploads, first first. `lose_answer` takes the batch in and then fails. */
  faults: MemoryFault[];
  /** Set false to make the hub unreachable until set true again. */
  online: boolean;
}

const wire = <S extends z.ZodType>(schema: S, value: unknown): z.output<S> =>
  parseWith(schema, JSON.parse(JSON.stringify(value)), (problem) => new SyncFailure('bad_answer', `The hub answered in an unknown form (${problem}).`));

function refusalFailure(error: unknown): never {
  if (error instanceof HubRefusal) {
    throw new SyncFailure(error.status >= 500 ? 'server' : 'refused', error.message, { status: error.status, code: error.code });
  }
  throw error;
}

export function createMemoryTarget(hub: HubService): MemoryTarget {
  const target: MemoryTarget = {
    kind: 'memory',
    address: 'memory:hub',
    faults: [],
    online: true,
    async probe(challenge) {
      if (!target.online) throw new SyncFailure('unreachable', 'The hub could not be reached: it is offline (test).', { code: 'offline' });
      try {
        return wire(HubIdentitySchema, hub.identity(challenge));
      } catch (error) {
        return refusalFailure(error);
      }
    },
    async upload(item) {
      if (!target.online) throw new SyncFailure('unreachable', 'The hub could not be reached: it is offline (test).', { code: 'offline' });
      const fault = target.faults.shift();
      if (fault === 'unreachable') throw new SyncFailure('unreachable', 'The connection was cut (test).', { code: 'cut' });
      if (fault === 'server') throw new SyncFailure('server', 'The hub had a problem (test).', { status: 500 });
      if (fault === 'rate_limited') throw new SyncFailure('rate_limited', 'The hub asks to wait (test).', { status: 429, retryAfterMs: 1000 });
      let answer: UploadAnswer;
      try {
        const received = hub.receive(Buffer.from(item.bytes), item.batchId);
        answer = { status: received.created ? 'received' : 'duplicate', receipt: received.receipt, missing: received.missing };
      } catch (error) {
        return refusalFailure(error);
      }
      if (fault === 'lose_answer') throw new SyncFailure('unreachable', 'The answer was lost on the way back (test).', { code: 'cut' });
      return wire(UploadAnswerSchema, answer);
    },
    async receipt(batchId) {
      if (!target.online) throw new SyncFailure('unreachable', 'The hub could not be reached: it is offline (test).', { code: 'offline' });
      const receipt = hub.receipt(batchId);
      return receipt ? wire(UploadAnswerSchema, { status: 'duplicate', receipt, missing: [] }) : null;
    },
    async ranges(stationId) {
      if (!target.online) throw new SyncFailure('unreachable', 'The hub could not be reached: it is offline (test).', { code: 'offline' });
      return wire(StationRangesSchema, hub.ranges(stationId));
    },
  };
  return target;
}
