import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import type { HouseholdInput } from '../../electron/api/schemas/household.js';
import { HouseholdSchema } from '../../electron/api/schemas/household.js';
import { SYSTEM_ACTOR } from '../../electron/core/context.js';
import { registerHousehold } from '../../electron/core/households/write.js';
import { openCore, type Core } from '../../electron/core/index.js';
import { bundled } from './bundled.js';

/** A station in a temporary folder with a fixed clock, for the printing tests. */
export interface TempStation {
  core: Core;
  dataDir: string;
  clock: { now: Date };
  register(input: HouseholdInput): { id: string; registrationNumber: string };
  dispose(): void;
}

export function tempStation(
  now = '2024-09-26T10:00:00.000Z',
  setup = { centreCode: 'GRS1', centreName: 'Goris reception centre', stationLabel: 'Desk 3' },
): TempStation {
  const dataDir = mkdtempSync(join(tmpdir(), 'intake-print-'));
  const clock = { now: new Date(now) };
  const core = openCore({ dataDir, setup, now: () => clock.now });
  return {
    core,
    dataDir,
    clock,
    register: (input) => registerHousehold(core.ctx, SYSTEM_ACTOR, HouseholdSchema.parse(input)),
    dispose() {
      core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A family typed in Armenian, one in Cyrillic: what the slips must print correctly. */
export const ARMENIAN_FAMILY: HouseholdInput = {
  arrivedAt: '2024-09-26T08:15:00.000Z',
  originSettlement: 'Ստեփանակերտ',
  destination: 'relatives',
  phone: '+374 77 123456',
  notes: 'SECRET-NOTE-Do-not-print',
  members: [
    {
      givenName: 'Անահիտ',
      familyName: 'Հովհաննիսյան',
      patronymic: 'Արմենի',
      sex: 'F',
      birth: { kind: 'exact', date: '1985-03-14' },
      relationship: 'head',
      specificNeeds: ['WR-WR'],
      notes: 'MEMBER-NOTE-private',
    },
    {
      givenName: 'Գոռ',
      familyName: 'Հովհաննիսյան',
      sex: 'M',
      birth: { kind: 'exact', date: '2012-06-01' },
      relationship: 'child',
      specificNeeds: ['SM-CI'],
      documents: [{ type: 'birth_certificate', number: 'BC-998877' }],
    },
    { givenName: 'Նարե', familyName: 'Հովհաննիսյան', sex: 'F', birth: { kind: 'age', years: 3 }, relationship: 'child' },
  ],
};

export const RUSSIAN_FAMILY: HouseholdInput = {
  arrivedAt: '2024-09-26T09:40:00.000Z',
  originSettlement: 'Степанакерт',
  destination: 'collective_centre',
  members: [
    {
      givenName: 'Сергей',
      familyName: 'Григорян',
      patronymic: 'Ашотович',
      sex: 'M',
      birth: { kind: 'exact', date: '1950-11-02' },
      relationship: 'head',
      specificNeeds: ['ER-NF'],
    },
    { givenName: 'Людмила', familyName: 'Григорян', sex: 'F', birth: { kind: 'year', year: 1953 }, relationship: 'spouse' },
  ],
};

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the real CLI (`npm run cli -- ...`) in a child process; resolves with its exit code and output. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [...bundled('cli'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolvePromise({ code: code ?? 1, stdout, stderr }));
  });
}

export async function cli(args: string[]): Promise<string> {
  const r = await runCli(args);
  if (r.code !== 0) throw new Error(`cli ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/**
 * The CLI prints with the built renderer. `npm test` runs Vitest before the end-to-end build, so a clean clone has
 * none yet: build it once (a lock keeps two test files from building at the same time).
 */
export function ensureRendererBuilt(): void {
  const index = join(ROOT, 'build/app/index.html');
  if (existsSync(index)) return;
  const lock = join(ROOT, 'build/.renderer-build-lock');
  mkdirSync(join(ROOT, 'build'), { recursive: true });
  try {
    mkdirSync(lock);
  } catch {
    // Another test file is building: wait for it.
    const until = Date.now() + 120_000;
    while (existsSync(lock) && !existsSync(index) && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    return;
  }
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The text of a PDF as pdftotext reads it (poppler-utils), whitespace folded. */
export const pdfText = (file: string, layout = false): string =>
  execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });

export const pdfInfo = (file: string): Record<string, string> =>
  Object.fromEntries(
    execFileSync('pdfinfo', [file], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.split(/:\s+/, 2))
      .filter((p) => p.length === 2) as [string, string][],
  );

// jsqr is CommonJS with a `default` property; under NodeNext the default import is the module object.
const jsQR = jsQRModule.default;

/** Every QR code found on the PDF's pages, rasterised at 200 dpi (pdftoppm) and decoded (jsQR). */
export function pdfQrCodes(file: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'intake-qr-'));
  try {
    execFileSync('pdftoppm', ['-png', '-r', '200', file, join(dir, 'page')]);
    return readdirSync(dir)
      .sort()
      .flatMap((name) => {
        const png = PNG.sync.read(readFileSync(join(dir, name)));
        const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
        return code ? [code.data] : [];
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
