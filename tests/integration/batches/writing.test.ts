import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pendingRange } from '../../../electron/core/batch/cut.js';
import { verifyBatch } from '../../../electron/core/batch/envelope.js';
import { exportBatch, exportDue, listBatches } from '../../../electron/core/batch/export.js';
import { realFileSystem, type BatchFileSystem } from '../../../electron/core/batch/file.js';
import { ensureHubKeys, installHubKey, stationKeyPath, stationPublicKey } from '../../../electron/core/batch/keys.js';
import { setBatchSchedule } from '../../../electron/core/batch/overview.js';
import { CoreError } from '../../../electron/core/errors.js';
import { family, site, type Desk, type Site } from '../../helpers/batches.js';

let s: Site;
let station: Desk;

beforeEach(() => {
  s = site();
  const hub = s.hub();
  station = s.station('Desk 1');
  installHubKey(station.core.ctx, s.actor, hub.publicKey);
  for (let i = 0; i < 40; i++) station.register(family(`Anahit${i}`, 'Hovhannisyan', { notes: 'x'.repeat(1500) }));
});
afterEach(() => s.dispose());

const errnoError = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: simulated`), { code });

/** The real file system, except that writes fail with `code` once `limit` bytes have gone to the file. */
function failingAfter(limit: number, code: string, where: 'write' | 'fsync' | 'rename' = 'write'): BatchFileSystem {
  let written = 0;
  return {
    ...realFileSystem,
    writeSync(fd, buffer, offset, length) {
      if (where === 'write' && written + length > limit) {
        const room = Math.max(0, limit - written);
        if (room === 0) throw errnoError(code);
        written += realFileSystem.writeSync(fd, buffer, offset, room);
        return room;
      }
      written += length;
      return realFileSystem.writeSync(fd, buffer, offset, length);
    },
    fsyncSync(fd) {
      if (where === 'fsync') throw errnoError(code);
      realFileSystem.fsyncSync(fd);
    },
    renameSync(from, to) {
      if (where === 'rename') throw errnoError(code);
      realFileSystem.renameSync(from, to);
    },
  };
}

function expectIoFailure(run: () => unknown, issue: string): CoreError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CoreError);
  expect((caught as CoreError).code).toBe('io_failed');
  expect((caught as CoreError).issues?.[0]?.code).toBe(issue);
  return caught as CoreError;
}

/** After a failed export: no batch recorded, no file or leftover, the same range still waiting. */
function expectNothingExported(folder: string, waiting: ReturnType<typeof pendingRange>): void {
  expect(listBatches(station.core.ctx.db)).toEqual([]);
  expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);
  expect(pendingRange(station.core.ctx.db)).toMatchObject({ sequenceFrom: waiting!.sequenceFrom, sequenceTo: waiting!.sequenceTo });
}

describe('writing a batch to a stick that fills up or is pulled out', () => {
  it('a full disk (ENOSPC half-way through the file) leaves a clear message and the batch waiting; the next export carries it', () => {
    const stick = s.folder('stick');
    const waiting = pendingRange(station.core.ctx.db);
    const error = expectIoFailure(() => exportBatch(station.core.ctx, s.actor, { folder: stick }, { files: failingAfter(20_000, 'ENOSPC') }), 'batch.io.full');
    expect(error.message).toMatch(/not enough free space/);
    expect(error.message).toMatch(/stay waiting/);
    expectNothingExported(stick, waiting);

    const retry = exportBatch(station.core.ctx, s.actor, { folder: stick });
    expect(retry).toMatchObject({ exported: true, batch: { sequenceFrom: 1, sequenceTo: 40, households: 40, status: 'written' } });
  });

  it('a stick pulled out: the folder gone (ENOENT), or EIO on flush or rename', () => {
    const waiting = pendingRange(station.core.ctx.db);
    const gone = join(s.root, 'no-such-stick');
    expect(expectIoFailure(() => exportBatch(station.core.ctx, s.actor, { folder: gone }), 'batch.io.missing').message).toMatch(/stick removed/);
    const stick = s.folder('stick');
    expectIoFailure(() => exportBatch(station.core.ctx, s.actor, { folder: stick }, { files: failingAfter(0, 'EIO', 'fsync') }), 'batch.io.failed');
    expectIoFailure(() => exportBatch(station.core.ctx, s.actor, { folder: stick }, { files: failingAfter(0, 'EIO', 'rename') }), 'batch.io.failed');
    expectNothingExported(stick, waiting);
  });

  it('a file that reads back differently is not recorded and is removed', () => {
    const stick = s.folder('stick');
    const waiting = pendingRange(station.core.ctx.db);
    const corrupting: BatchFileSystem = {
      ...realFileSystem,
      readFileSync(path) {
        const bytes = realFileSystem.readFileSync(path);
        bytes.writeUInt8(bytes.readUInt8(bytes.length >> 1) ^ 0xff, bytes.length >> 1);
        return bytes;
      },
      // A streamed batch is read back piece by piece: the first byte read comes back changed.
      readSync(fd, buffer, offset, length, position) {
        const n = realFileSystem.readSync(fd, buffer, offset, length, position);
        if (position === 0 && n > 0) buffer[offset] = (buffer[offset] ?? 0) ^ 0xff;
        return n;
      },
    };
    expectIoFailure(() => exportBatch(station.core.ctx, s.actor, { folder: stick }, { files: corrupting }), 'batch.io.readback');
    expectNothingExported(stick, waiting);
  });

  it('never overwrites a file already on the stick', () => {
    const stick = s.folder('stick');
    const file = join(stick, 'batch.ibatch');
    writeFileSync(file, 'someone else’s file');
    expect(() => exportBatch(station.core.ctx, s.actor, { file })).toThrowError(/already in/);
    expect(readFileSync(file, 'utf8')).toBe('someone else’s file');
    expect(listBatches(station.core.ctx.db)).toEqual([]);
  });

  // A real full file system: a 64 KiB tmpfs (needs root and mount; skipped where the sandbox forbids it).
  const tiny = join(process.env['TMPDIR'] ?? '/tmp', `intake-tiny-${process.pid}`);
  const mountTiny = (): boolean => {
    try {
      mkdirSync(tiny, { recursive: true });
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', tiny], { stdio: 'ignore' });
      return true;
    } catch {
      rmSync(tiny, { recursive: true, force: true });
      return false;
    }
  };
  const unmountTiny = () => {
    execFileSync('umount', [tiny], { stdio: 'ignore' });
    rmSync(tiny, { recursive: true, force: true });
  };
  const canMount = mountTiny();
  if (canMount) unmountTiny();
  it.skipIf(!canMount)('a real full disk: a 64 KiB tmpfs', () => {
    expect(mountTiny()).toBe(true);
    try {
      const waiting = pendingRange(station.core.ctx.db);
      const error = expectIoFailure(() => exportBatch(station.core.ctx, s.actor, { folder: tiny }), 'batch.io.full');
      expect(error.message).toContain(tiny);
      expectNothingExported(tiny, waiting);
    } finally {
      unmountTiny();
    }
  });
});

describe('keys and the interval', () => {
  it('the station key is created with the station: private file mode 0600, public key in the station row', () => {
    const path = stationKeyPath(station.dataDir);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const file = JSON.parse(readFileSync(path, 'utf8')) as { publicKey: string };
    expect(stationPublicKey(station.core.ctx.db)).toBe(file.publicKey);
    const outcome = exportBatch(station.core.ctx, s.actor, { folder: s.folder('stick') });
    expect(outcome.exported && verifyBatch(readFileSync(outcome.batch.filePath)).stationPublicKey).toBe(file.publicKey);
  });

  it('the hub key is created once', () => {
    const hub = s.hub('Hub 2');
    expect(ensureHubKeys(hub.dataDir)).toEqual({ pair: expect.objectContaining({ publicKey: hub.publicKey }), created: false });
  });

  it('refuses a hub key that is not one', () => {
    expect(() => installHubKey(station.core.ctx, s.actor, 'hello')).toThrowError(/not a hub key/);
  });

  it('exportDue cuts into the outbox once the interval has passed and changes wait', () => {
    setBatchSchedule(station.core.ctx, s.actor, { intervalMinutes: 30, folder: '' });
    const first = exportDue(station.core.ctx, s.clock.now);
    expect(first).toMatchObject({ exported: true, batch: { sequenceTo: 40 } });
    expect(first?.exported && first.batch.filePath.startsWith(join(station.dataDir, 'outbox'))).toBe(true);
    station.register(family('Sona', 'Mkrtchyan'));
    s.clock.advance(10);
    expect(exportDue(station.core.ctx, s.clock.now)).toBeNull();
    s.clock.advance(25);
    expect(exportDue(station.core.ctx, s.clock.now)).toMatchObject({ exported: true, batch: { sequenceFrom: 41, sequenceTo: 41 } });
    s.clock.advance(60);
    expect(exportDue(station.core.ctx, s.clock.now)).toBeNull();
    setBatchSchedule(station.core.ctx, s.actor, { intervalMinutes: 0, folder: '' });
    station.register(family('Tatev', 'Sargsyan'));
    expect(exportDue(station.core.ctx, s.clock.now)).toBeNull();
  });
});
