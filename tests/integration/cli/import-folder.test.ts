import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportBatch } from '../../../electron/core/batch/export.js';
import { installHubKey, stationPublicKey } from '../../../electron/core/batch/keys.js';
import { enrolStationKey } from '../../../electron/core/batch/trust.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { family, site, type Site } from '../../helpers/batches.js';
import { runCli } from '../../helpers/print.js';

/**
 * `import --data HUB DIR`: the CLI takes a whole folder of batch files through the same core function as the app's
 * folder import (issue 15), one line per file, and exits non-zero while any was refused.
 */

let s: Site;
afterEach(() => s.dispose());

describe('import of a folder', () => {
  it('takes each batch in name order, says what became of each, and exits 1 while one is refused', async () => {
    s = site();
    const hub = s.hub();
    const station = s.station('Desk 4');
    installHubKey(station.core.ctx, SYSTEM_ACTOR, hub.publicKey);
    enrolStationKey(hub.core.ctx, SYSTEM_ACTOR, stationPublicKey(station.core.ctx.db) ?? '');
    const folder = s.folder('stick');
    for (const name of ['Anahit', 'Lilit']) {
      station.register(family(name, 'Petrosyan'));
      expect(exportBatch(station.core.ctx, SYSTEM_ACTOR, { folder })).toMatchObject({ exported: true });
    }
    writeFileSync(join(folder, 'ZZZ-cut.ibatch'), 'INTAKEB1');
    hub.core.close();

    const first = await runCli(['import', '--data', hub.dataDir, folder]);
    expect(first.code).toBe(1);
    const lines = first.stdout.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/-0000001-0000001\.ibatch: imported from Desk 4, 1 households \(2 persons\)$/),
      expect.stringMatching(/-0000002-0000002\.ibatch: imported from Desk 4, 1 households \(2 persons\)$/),
      expect.stringMatching(/^ZZZ-cut\.ibatch: refused: The batch file is cut short.* \(file ends inside the manifest\)$/),
      '2 imported, 0 already held, 1 refused.',
    ]);
    expect(first.stderr).toMatch(/^import: 1 of 3 batch files were refused/);

    const again = await runCli(['import', '--data', hub.dataDir, '--json', folder]);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, duplicates: 2, refused: 1 });
  }, 60_000);
});
