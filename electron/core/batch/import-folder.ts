import { lstatSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { FolderBatchOutcome, FolderImportView } from '../../api/views-batches.js';
import type { Actor, CoreContext } from '../context.js';
import { CoreError } from '../errors.js';
import { applying, progress, stoppedError, type JobControl } from '../jobs.js';
import { fileSource, type ByteSource } from './envelope-v2.js';
import { readFailure } from './file.js';
import { importBatch } from './import.js';

/**
 * A hub takes in a whole folder of batch files (a stick brought from several desks): the app's `hub.importFolder`
 * and the CLI's `import DIR`. Each file is one `importBatch`, in name order (a desk's file names carry its change-log
 * range, zero-padded: per desk, oldest first), each in its own transaction. As a long job (issue 15) it counts
 * batches and may be cancelled: between two batches, or inside one (that batch then takes nothing in); the batches
 * already taken in stay, as a hub keeps what it received, and taking the folder again answers them "already held".
 */

/** As many batch files as one folder import takes (a stick from a whole centre holds far fewer). */
export const MAX_FOLDER_BATCHES = 1000;
/** As large as a batch file may be; a larger file is refused before a byte of it is read. */
const MAX_BATCH_BYTES = 400 * 1024 * 1024;
const BATCH_NAME = /^[^.][^/\\]{0,200}\.ibatch$/;

export interface BatchFileRef {
  path: string;
  /** The name it was chosen by: the order, and the name kept with the receipt. */
  name: string;
}

/** The batch files in a folder, in the order they are taken in: regular files only (no link), no hidden file. */
export function listBatchFolder(folder: string): BatchFileRef[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    throw readFailure(error, folder);
  }
  const files = names
    .filter((n) => BATCH_NAME.test(n))
    .filter((n) => {
      try {
        return lstatSync(join(folder, n)).isFile();
      } catch {
        return false;
      }
    });
  if (files.length > MAX_FOLDER_BATCHES) {
    throw new CoreError('invalid_input', `The folder holds more than ${MAX_FOLDER_BATCHES} batch files; split it.`);
  }
  return files.map((name) => ({ path: join(folder, name), name }));
}

/**
 * Runs `use` on a batch file by its path, read piece by piece (a version 2 batch is never held whole), then closes
 * it. A file larger than a batch can be is refused before a byte of it is read. The one reader of batch files for
 * hub.import, hub.importFile and the folder import.
 */
export function withBatchFile<T>(path: string, use: (source: ByteSource) => T): T {
  let source: ByteSource;
  try {
    if (statSync(path).size > MAX_BATCH_BYTES) {
      const message = 'This file is too large to be a batch.';
      throw new CoreError('refused', message, [{ path: 'file', code: 'batch.refused.too_large', message }]);
    }
    source = fileSource(path);
  } catch (error) {
    if (error instanceof CoreError) throw error;
    throw readFailure(error, path);
  }
  try {
    return use(source);
  } finally {
    source.close?.();
  }
}

const byName = (a: BatchFileRef, b: BatchFileRef): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Imports each batch file in name order and says what became of each: imported, already held, or refused and why
 * (a desk not enrolled yet is refused, its attempt noted for the supervisor to enrol; no question is asked halfway
 * through a folder). Throws only for a cancel (CoreError 'cancelled', saying how many batches stay taken in).
 */
export function importBatchFiles(ctx: CoreContext, actor: Actor, files: readonly BatchFileRef[]): FolderImportView {
  const ordered = [...files].sort(byName);
  const batches: FolderBatchOutcome[] = [];
  const outer = ctx.job;
  let applied = 0;
  try {
    for (const [index, file] of ordered.entries()) {
      progress(ctx, index, ordered.length, 'batches');
      // Inside a batch, its own progress counts records; across the folder, batches: the cancel check goes on.
      // A batch's own check across centres tells its progress as it is; a cancel asked for meanwhile stops the folder at the
      // next batch, once the check has ended. What is applied is noted here, per batch, not by the batch.
      if (outer) {
        ctx.job = { step: () => outer.step(index, ordered.length, 'batches'), report: outer.report?.bind(outer), applied: () => {} } satisfies JobControl;
      }
      const name = basename(file.name);
      try {
        const outcome = withBatchFile(file.path, (source) => importBatch(ctx, actor, source, { fileName: name, refuseUnknown: true }));
        if (outcome.status === 'confirm_station') throw new CoreError('internal', 'An unknown desk was not refused.');
        batches.push({
          fileName: name,
          status: outcome.status === 'imported' ? 'imported' : 'duplicate',
          station: outcome.station.label,
          households: outcome.households,
          persons: outcome.persons,
          issue: null,
        });
        if (outcome.status === 'imported') {
          applied++;
          // Noted just after the batch's commit (a close in between under-counts by one; the next import of the folder
          // answers that batch "already held"), on the folder's own job.
          ctx.job = outer;
          ctx.db.transaction(() => applying(ctx, applied, ordered.length))();
        }
      } catch (error) {
        if (!(error instanceof CoreError) || error.code === 'cancelled' || error.code === 'internal') throw error;
        const issue = error.issues?.[0];
        batches.push({
          fileName: name,
          status: 'refused',
          station: '',
          households: 0,
          persons: 0,
          // The clerk's reason, then what exactly was refused (as the CLI's import of one file says it).
          issue: {
            code: issue?.code ?? `error.${error.code}`,
            message: issue?.message && issue.message !== error.message ? `${error.message} (${issue.message})` : error.message,
            ...(issue?.params ? { params: issue.params } : {}),
          },
        });
      } finally {
        ctx.job = outer;
      }
    }
    progress(ctx, ordered.length, ordered.length, 'batches');
  } catch (error) {
    if (error instanceof CoreError && error.code === 'cancelled' && applied > 0) throw stoppedError(applied, ordered.length);
    throw error;
  }
  const count = (status: FolderBatchOutcome['status']) => batches.filter((b) => b.status === status).length;
  return { batches, imported: count('imported'), duplicates: count('duplicate'), refused: count('refused') };
}
