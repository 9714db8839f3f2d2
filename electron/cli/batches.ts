import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { ImportOutcome, SequenceRange } from '../api/views-batches.js';
import { BatchError, verifyBatch } from '../core/batch/envelope.js';
import { keyFingerprint } from '../core/batch/raw-keys.js';
import { exportBatch } from '../core/batch/export.js';
import { readFailure, sha256Hex } from '../core/batch/file.js';
import { importBatch } from '../core/batch/import.js';
import { importBatchFiles, listBatchFolder } from '../core/batch/import-folder.js';
import { ensureHubKeys, installedHubKey, installHubKey, loadStationKeys, parseHubPublicKey } from '../core/batch/keys.js';
import { enrolStationKey, moveHouseholds, revokeStationKey } from '../core/batch/trust.js';
import { SYSTEM_ACTOR, type CoreContext } from '../core/context.js';
import { CoreError } from '../core/errors.js';
import { need, optional, print, UsageError, withCore, type CommandGroup } from './common.js';

/** hub-key, export, verify, import: batches on a USB stick from a station to its hub. */

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function readFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw readFailure(error, path);
  }
}

/**
 * `--hub-key FILE` on a station: installs the hub's key on first use, and refuses a different key than the one
 * installed (replacing a key is a deliberate act in the app, never a side effect of a script).
 */
export function installHubKeyFile(ctx: CoreContext, keyFile: string, howToReplace: string): void {
  const offered = parseHubPublicKey(readFile(resolve(keyFile)).toString('utf8'));
  const installed = installedHubKey(ctx.db);
  if (!installed) {
    const done = installHubKey(ctx, SYSTEM_ACTOR, offered);
    process.stderr.write(`Installed the hub key on this station; fingerprint ${done.fingerprint}. Check it matches the hub's.\n`);
  } else if (installed.publicKey !== offered) {
    throw new CoreError(
      'conflict',
      `The hub key in ${keyFile} (${keyFingerprint(offered)}) is not the one installed on this station (${installed.fingerprint}). ${howToReplace}`,
    );
  }
}

const ranges = (list: SequenceRange[]): string => list.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(', ');

function importLines(outcome: Exclude<ImportOutcome, { status: 'confirm_station' }>): string[] {
  const s = outcome.station;
  const from = `${s.label} (${s.stationCode}) of centre ${s.centreCode}`;
  const lines: string[] = [];
  if (outcome.firstUse) lines.push(`First batch from the enrolled station ${from}, key fingerprint ${s.fingerprint}.`);
  if (outcome.status === 'duplicate') {
    lines.push(`Batch ${outcome.receipt.batchId} from ${from} was already imported at ${outcome.receipt.receivedAt}; nothing changed.`);
  } else {
    lines.push(
      `Imported batch ${outcome.receipt.batchId} from ${from}: changes ${outcome.receipt.sequenceFrom}-${outcome.receipt.sequenceTo}, ` +
        `${outcome.households} households (${outcome.persons} persons); ${outcome.applied} versions applied, ` +
        `${outcome.skipped} already held or older, ${outcome.deletions} deletions, ${outcome.events} audit events.`,
    );
  }
  if (outcome.missing.length > 0) lines.push(`Still missing from this station: changes ${ranges(outcome.missing)} (a batch has not arrived yet).`);
  return lines;
}

export const batchCommands: CommandGroup = {
  options: {
    'hub-key': { type: 'string' },
    out: { type: 'string' },
    'station-key': { type: 'string' },
    station: { type: 'string' },
    reason: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
  },
  commands: {
    async 'hub-key'(flags) {
      const pair = await withCore(flags, (core) => {
        if (core.station.role !== 'hub') {
          throw new CoreError('not_configured', 'This data folder is a station, not a hub. Create the hub with: init --data DIR --role hub');
        }
        return ensureHubKeys(core.ctx.dataDir, core.ctx.now());
      });
      // stdout carries the key alone, so `hub-key --data DIR > hub.key` makes the file `--hub-key` reads.
      process.stdout.write(`${pair.pair.publicKey}\n`);
      process.stderr.write(`Hub key fingerprint: ${keyFingerprint(pair.pair.publicKey)}${pair.created ? ' (new)' : ''}\n`);
    },

    async export(flags) {
      const outFlag = need(flags, 'out');
      const keyFile = optional(flags, 'hub-key');
      const outcome = await withCore(flags, (core) => {
        const ctx = core.ctx;
        if (keyFile) installHubKeyFile(ctx, keyFile, 'A supervisor must replace it on the Batches screen first.');
        const out = resolve(outFlag);
        let isFolder = false;
        try {
          isFolder = statSync(out).isDirectory();
        } catch {
          // Not there yet: it is the file to write.
        }
        return exportBatch(ctx, SYSTEM_ACTOR, isFolder ? { folder: out } : { file: out });
      });
      if (!outcome.exported) {
        print(flags, outcome, 'Nothing to export: every change is already in a batch.');
        return;
      }
      const b = outcome.batch;
      print(
        flags,
        b,
        `Batch ${b.id} written to ${b.filePath}: changes ${b.sequenceFrom}-${b.sequenceTo}, ${b.households} households ` +
          `(${b.persons} persons), ${b.events} audit events, ${b.bytes} bytes, SHA-256 ${b.sha256}, sealed for hub ${b.hubFingerprint}.`,
      );
    },

    verify(flags, positionals) {
      const file = positionals[0];
      if (!file || positionals.length > 1) throw new UsageError('verify needs one FILE');
      const bytes = readFile(resolve(file));
      let manifest;
      try {
        manifest = verifyBatch(bytes);
      } catch (error) {
        if (error instanceof BatchError)
          throw new CoreError('refused', `${basename(file)} is refused: ${error.message}${error.detail ? ` (${error.detail})` : ''}`);
        throw error;
      }
      const summary = {
        valid: true,
        file: resolve(file),
        sha256: sha256Hex(bytes),
        bytes: bytes.length,
        stationKeyFingerprint: keyFingerprint(manifest.stationPublicKey),
        manifest,
      };
      const m = manifest;
      print(
        flags,
        summary,
        [
          `${basename(file)}: intact, signature valid (contents not decrypted).`,
          `  batch ${m.batchId}, format ${m.format} v${m.formatVersion}, created ${m.createdAt}`,
          `  station ${m.stationId} of centre ${m.centre}, key fingerprint ${summary.stationKeyFingerprint}`,
          `  changes ${m.sequenceFrom}-${m.sequenceTo}: ${m.counts.households} households, ${m.counts.persons} persons, ${m.counts.events} audit events`,
          `  sealed for hub ${m.hubKeyFingerprint}; payload ${m.payloadBytes} bytes, SHA-256 ${m.payloadSha256}`,
          `  file SHA-256 ${summary.sha256}`,
        ].join('\n'),
      );
    },

    async import(flags, positionals) {
      const file = positionals[0];
      if (!file || positionals.length > 1) throw new UsageError('import needs one FILE (or one FOLDER of batch files)');
      if (isFolder(resolve(file))) {
        // A whole stick: each batch file in name order, the same core function as the app's hub.importFolder.
        const files = listBatchFolder(resolve(file));
        if (files.length === 0) throw new CoreError('not_found', `The folder ${resolve(file)} holds no batch file (*.ibatch).`);
        const report = await withCore(flags, (core) => importBatchFiles(core.ctx, SYSTEM_ACTOR, files));
        print(
          flags,
          report,
          [
            ...report.batches.map(
              (b) =>
                `${b.fileName}: ${
                  b.status === 'imported'
                    ? `imported from ${b.station}, ${b.households} households (${b.persons} persons)`
                    : b.status === 'duplicate'
                      ? `already held (from ${b.station}); nothing changed`
                      : `refused: ${b.issue?.message ?? ''}`
                }`,
            ),
            `${report.imported} imported, ${report.duplicates} already held, ${report.refused} refused.`,
          ].join('\n'),
        );
        // Exit 1 while any file was refused, as `sync` does while a batch is: a script must not take it for done.
        if (report.refused > 0) throw new CoreError('refused', `${report.refused} of ${report.batches.length} batch files were refused; see above why.`);
        return;
      }
      const bytes = readFile(resolve(file));
      // No first-use trust: a station is enrolled first (`enrol`), or its batch is refused unread.
      const outcome = await withCore(flags, (core) => {
        try {
          return importBatch(core.ctx, SYSTEM_ACTOR, bytes, { fileName: basename(file), refuseUnknown: true });
        } catch (error) {
          // The reason for the clerk, then what exactly was refused (the household and both stations).
          const detail = error instanceof CoreError ? error.issues?.[0]?.message : undefined;
          if (error instanceof CoreError && detail && detail !== error.message) throw new CoreError(error.code, `${error.message} (${detail})`, error.issues);
          throw error;
        }
      });
      if (outcome.status === 'confirm_station') throw new CoreError('internal', 'The station was not refused.');
      print(flags, outcome, importLines(outcome).join('\n'));
    },

    async 'station-key'(flags) {
      const publicKey = await withCore(flags, (core) => {
        if (core.station.role === 'hub')
          throw new CoreError('not_configured', "This data folder is a hub; station-key prints a station's key. Use hub-key here.");
        return loadStationKeys(core.ctx).publicKey;
      });
      // stdout carries the key alone, so `station-key --data DIR > desk.key` makes the file `enrol --station-key` reads.
      process.stdout.write(`${publicKey}\n`);
      process.stderr.write(`Station key fingerprint: ${keyFingerprint(publicKey)} (read it aloud to the hub's administrator)\n`);
    },

    async enrol(flags) {
      const keyFile = need(flags, 'station-key');
      const text = readFile(resolve(keyFile)).subarray(0, 4096).toString('utf8');
      const done = await withCore(flags, (core) => enrolStationKey(core.ctx, SYSTEM_ACTOR, text));
      print(
        flags,
        done,
        done.created
          ? `Enrolled the station key ${done.fingerprint}: its batches are now taken in. Check the fingerprint matches the one the desk shows.`
          : `The station key ${done.fingerprint} was already enrolled; nothing changed.`,
      );
    },

    async revoke(flags) {
      const station = need(flags, 'station');
      const reason = optional(flags, 'reason') ?? '';
      const done = await withCore(flags, (core) => revokeStationKey(core.ctx, SYSTEM_ACTOR, station, reason));
      print(flags, done, `Revoked the station key ${done.fingerprint}: batches sealed with it are refused from now on.`);
    },

    async move(flags) {
      const from = need(flags, 'from');
      const to = need(flags, 'to');
      const done = await withCore(flags, (core) => moveHouseholds(core.ctx, SYSTEM_ACTOR, from, to));
      print(flags, done, `Moved ${done.moved} household(s) of station ${from} to station ${to}; the replacement desk may now change them.`);
    },
  },
};
