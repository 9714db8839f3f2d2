import { openWithFolderKey } from '../../helpers/at-rest.js';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { exportBatch } from '../../../electron/core/batch/export.js';
import { importBatch } from '../../../electron/core/batch/import.js';
import { installHubKey } from '../../../electron/core/batch/keys.js';
import { decodeSnapshotText, encodeSnapshotJson } from '../../../electron/core/households/stored-snapshot.js';
import { family, site, tableCounts, type Site } from '../../helpers/batches.js';

/** The hub parses what comes in with the desk's own schema: a name with a control character refuses the batch whole. */

let s: Site;
beforeEach(() => {
  s = site();
});
afterEach(() => s.dispose());

it.each([
  ['NUL', '\\u0000'],
  ['a line break', '\\n'],
  ['a C1 control', '\\u0085'],
])('refuses a batch whose name holds %s, and applies nothing', (_, escaped) => {
  const hub = s.hub();
  const desk = s.station('Desk 1');
  installHubKey(desk.core.ctx, s.actor, hub.publicKey);
  desk.register(family('Anahit', 'Hovhannisyan'));
  desk.register(family('Sona', 'Mkrtchyan'));
  // What an enrolled desk's key holder could send: the stored snapshot edited outside the app.
  const db = openWithFolderKey(desk.dataDir);
  const stored = db.prepare('SELECT household_id, version, snapshot FROM household_versions').all() as {
    household_id: string;
    version: number;
    snapshot: Buffer;
  }[];
  for (const row of stored) {
    const json = decodeSnapshotText(row.snapshot).replace('"Anahit"', `"Ana${escaped}hit"`);
    db.prepare('UPDATE household_versions SET snapshot = ?, json_bytes = ? WHERE household_id = ? AND version = ?').run(
      encodeSnapshotJson(json),
      Buffer.byteLength(json),
      row.household_id,
      row.version,
    );
  }
  db.close();
  const outcome = exportBatch(desk.core.ctx, s.actor, { folder: s.folder('stick') });
  if (!outcome.exported) throw new Error('nothing exported');
  const before = tableCounts(hub.core.ctx.db);
  expect(() => importBatch(hub.core.ctx, s.actor, readFileSync(outcome.batch.filePath), { acceptNewStation: true })).toThrow(
    expect.objectContaining({
      code: 'refused',
      issues: [expect.objectContaining({ code: 'batch.refused.payload_invalid', message: expect.stringMatching(/givenName/) })],
    }),
  );
  // Nothing applied; the hub's own trail gains the refusal itself (batch.refused), nothing else.
  const after = tableCounts(hub.core.ctx.db);
  expect({ ...after, audit_events: before.audit_events }).toEqual(before);
});
