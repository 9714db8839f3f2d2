import { resolve } from 'node:path';
import { verifyAuditChain } from '../core/audit/trail.js';
import type { KeyProvider, ProgressListener } from '../core/db/key-provider.js';
import { CoreError } from '../core/errors.js';
import { folderKeys, RECOVERY_ENV } from '../core/protection/database-keys.js';
import { print, withCore, type CommandGroup } from './common.js';

/** The data file at rest: `check`, and how the CLI shows the one-time encryption and a new recovery code. */

let lastShown = '';
/** One line per 10 % on stderr, so that `--json` on stdout is unchanged. */
export const showEncryptionProgress: ProgressListener = ({ phase, done, total }) => {
  const line =
    phase === 'copy'
      ? `Encrypting the data file (first start of this version): copying ${Math.floor((done / Math.max(total, 1)) * 10) * 10}%`
      : phase === 'done'
        ? 'The data file is encrypted.'
        : `Encrypting the data file: ${phase} done`;
  if (line === lastShown) return;
  lastShown = line;
  process.stderr.write(`${line}\n`);
};

/** `init`: the key in keys/database.key, or (with --passphrase-env NAME) wrapped by the passphrase in that variable. */
export function initKeys(dataDir: string, passphraseEnv: string | undefined): KeyProvider | undefined {
  if (passphraseEnv === undefined) return undefined;
  return folderKeys(dataDir, {
    passphraseEnv,
    onRecoveryCode: (code) =>
      process.stderr.write(`Recovery code (shown once; print it and lock it away; ${RECOVERY_ENV}=... opens the folder without the passphrase):\n${code}\n`),
  });
}

export interface CheckReport {
  ok: boolean;
  integrity: string[];
  foreignKeys: { table: string; rowid: number | null; parent: string }[];
  audit: ReturnType<typeof verifyAuditChain>;
}

export const atRestCommands: CommandGroup = {
  options: {},
  commands: {
    async check(flags) {
      const report = await withCore(flags, (core): CheckReport => {
        const db = core.ctx.db;
        const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
        const foreignKeys = (db.pragma('foreign_key_check') as { table: string; rowid: number | null; parent: string }[]).map(({ table, rowid, parent }) => ({
          table,
          rowid,
          parent,
        }));
        const audit = verifyAuditChain(db);
        const healthy = integrity.length === 1 && integrity[0] === 'ok';
        return { ok: healthy && foreignKeys.length === 0 && audit.ok, integrity, foreignKeys, audit };
      });
      const dir = resolve(String(flags['data']));
      if (report.ok) {
        print(flags, report, `${dir}: integrity ok, foreign keys ok, audit trail intact (${report.audit.events} events).`);
        return;
      }
      print(flags, report, `${dir}: problems found.`);
      const first =
        report.integrity[0] !== 'ok'
          ? `integrity_check: ${report.integrity[0] ?? 'no answer'}`
          : report.foreignKeys[0]
            ? `foreign_key_check: a row ${report.foreignKeys[0].rowid ?? ''} of ${report.foreignKeys[0].table} points to a missing ${report.foreignKeys[0].parent}`
            : `audit trail broken at event ${report.audit.brokenAt?.seq ?? '?'}: ${report.audit.brokenAt?.kind ?? 'changed'}`;
      throw new CoreError('conflict', first);
    },
  },
};
