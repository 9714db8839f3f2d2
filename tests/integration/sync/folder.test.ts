import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { collectFolder, createFolderTarget } from '../../../electron/core/sync/folder.js';
import { createHttpTarget } from '../../../electron/core/hub/http-target.js';
import { syncOnce } from '../../../electron/core/sync/outbox.js';
import { forgetReceiptKey, pinReceiptKey, syncStatus } from '../../../electron/core/sync/state.js';
import { exactlyOnce, syncSite, type SyncSite } from '../../helpers/sync.js';

/** Sync through a folder (a share, a stick left plugged in): uploaded, awaiting the hub's receipt, then acknowledged. */

let site: SyncSite;
beforeEach(() => {
  site = syncSite();
});
afterEach(() => site.dispose());

describe('the folder target', () => {
  it('writes batches whole, waits for the receipt the hub writes back, and acknowledges it once it verifies', async () => {
    const hub = site.hub();
    const a = site.station('Desk 1', hub);
    const share = mkdtempSync(join(site.root, 'share-'));
    const target = createFolderTarget(share);
    // The receipt key is pasted by the administrator (no network to prove it over).
    pinReceiptKey(a.core.ctx, SYSTEM_ACTOR, hub.service.identity().signingKey, 'pasted');
    const numbers = [a.register(), a.register()];

    const first = await syncOnce(a.core.ctx, target);
    expect(first).toMatchObject({ reachable: true, error: null });
    expect(first.awaiting).toHaveLength(1);
    expect(syncStatus(a.core.ctx)).toMatchObject({ waiting: 1, awaitingReceipt: 1 });
    expect(readdirSync(share).filter((n) => n.endsWith('.ibatch'))).toHaveLength(1);
    expect(readdirSync(share).some((n) => n.includes('.partial'))).toBe(false);

    expect(collectFolder(hub.service, share)).toMatchObject({ received: [first.awaiting[0]], refused: [] });
    // Taking the folder in again changes nothing.
    expect(collectFolder(hub.service, share)).toMatchObject({ received: [], duplicates: [] });
    const second = await syncOnce(a.core.ctx, target, { force: true });
    expect(second.acknowledged).toEqual([expect.objectContaining({ batchId: first.awaiting[0] })]);
    expect(syncStatus(a.core.ctx)).toMatchObject({ waiting: 0, awaitingReceipt: 0 });
    expect(exactlyOnce(hub, numbers)).toEqual({ missing: [], duplicated: [] });
  });

  it('without a receipt key the batch stays "uploaded, awaiting acknowledgement"; a folder that is gone is "offline"', async () => {
    const hub = site.hub();
    const a = site.station('Desk 1', hub);
    const stick = mkdtempSync(join(site.root, 'stick-'));
    a.register();
    const target = createFolderTarget(stick);
    await syncOnce(a.core.ctx, target);
    collectFolder(hub.service, stick);
    const waiting = await syncOnce(a.core.ctx, target, { force: true });
    expect(waiting.awaiting).toHaveLength(1);
    expect(a.core.ctx.db.prepare('SELECT status FROM batches').pluck().get()).toBe('uploaded');

    rmSync(stick, { recursive: true, force: true });
    const gone = await syncOnce(a.core.ctx, target, { force: true });
    expect(gone).toMatchObject({ reachable: false, error: { code: 'unreachable' } });
    expect(gone.error?.message).toMatch(/is not there/);
  });

  it('a receipt key that changes is not trusted until an administrator forgets the old one', async () => {
    const hub = site.hub();
    const url = await hub.serve();
    const a = site.station('Desk 1', hub);
    pinReceiptKey(a.core.ctx, SYSTEM_ACTOR, 'A'.repeat(43) + '=', 'pasted');
    a.register();
    const report = await syncOnce(a.core.ctx, createHttpTarget(url));
    expect(report.error?.code).toBe('receipt_key_changed');
    expect(a.acknowledged()).toBe(0);
    forgetReceiptKey(a.core.ctx, SYSTEM_ACTOR);
    const after = await syncOnce(a.core.ctx, createHttpTarget(url));
    expect(after).toMatchObject({ error: null, waiting: 0 });
  });
});
