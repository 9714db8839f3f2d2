import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fail, ok, type Result } from '../api/result.js';

/**
 * The harness only: a browser cannot say where a chosen file lives, and files cross to the core by path, never as
 * bytes in a request. So the harness's bridge first posts the file here; it is streamed (bounded) to a private
 * temporary folder and its path is what the method then gets. Inside Electron the preload asks for the path instead.
 */

/** As large as a batch file may be (a desk's whole file at 120,000 persons is about 77 MB). */
export const MAX_UPLOAD_BYTES = 400 * 1024 * 1024;

export function createUploads(prefix: string): { receive(req: IncomingMessage): Promise<Result<{ path: string }>>; dispose(): void } {
  const folder = mkdtempSync(prefix);
  return {
    async receive(req) {
      const declared = Number(req.headers['content-length'] ?? NaN);
      if (!Number.isFinite(declared) || declared > MAX_UPLOAD_BYTES) {
        req.resume();
        return fail('invalid_input', 'The file is larger than a batch file can be.');
      }
      // The name is ours: nothing the browser sends becomes part of a path.
      const path = join(folder, randomBytes(12).toString('hex'));
      let size = 0;
      try {
        await pipeline(
          req,
          async function* bounded(source: AsyncIterable<Buffer>) {
            for await (const chunk of source) {
              size += chunk.length;
              if (size > declared) throw new Error('The upload is longer than it said.');
              yield chunk;
            }
          },
          createWriteStream(path, { mode: 0o600 }),
        );
      } catch {
        rmSync(path, { force: true });
        return fail('io_failed', 'The file could not be received. Try again.');
      }
      return ok({ path });
    },
    dispose: () => rmSync(folder, { recursive: true, force: true }),
  };
}
