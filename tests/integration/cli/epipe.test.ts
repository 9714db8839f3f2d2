import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemp, tempDir } from '../../helpers/core.js';
import { bundled } from '../../helpers/bundled.js';

/**
 * A command that streams output into a reader that stops early (`duplicates --json | head -n 1`) exits quietly:
 * no EPIPE stack on stderr, exit code 0. Real child processes, real pipes.
 */

const CLI = bundled('cli');
let data: string;

beforeAll(() => {
  data = tempDir('intake-epipe-');
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(result.stderr);
  };
  run('init', '--data', data);
  // Fifty people listed four times each (birth dates a day or so apart): 300 pairs, far more than a pipe holds.
  const rows = ['household_ref,ref,given_name,family_name,patronymic,sex,date_of_birth,dob_estimated,relationship,phone'];
  for (const given of ['Anahit', 'Gor', 'Hasmik', 'Levon', 'Aram', 'Ani', 'Davit', 'Mariam', 'Narek', 'Sona']) {
    for (const family of ['Grigoryan', 'Petrosyan', 'Sargsyan', 'Hakobyan', 'Avetisyan']) {
      for (let copy = 0; copy < 4; copy++) rows.push(`,r${rows.length},${given},${family},,F,1980-01-${10 + ((rows.length + copy) % 9)},false,,`);
    }
  }
  const list = join(data, 'list.csv');
  writeFileSync(list, `${rows.join('\n')}\n`);
  run('import-list', '--data', data, list);
}, 120_000);
afterAll(cleanupTemp);

/** Runs the command with its stdout read by nobody: the read end is closed before the command writes. */
function withClosedReader(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('a reader that closes early', () => {
  for (const args of [
    ['duplicates', '--json'],
    ['stats', '--json'],
    ['search', '--json', 'a'],
  ]) {
    it(`${args[0]}: exits 0 without a word on stderr`, async () => {
      const outcome = await withClosedReader([args[0]!, '--data', data, ...args.slice(1)]);
      expect(outcome.stderr).toBe('');
      expect(outcome).toEqual({ code: 0, signal: null, stderr: '' });
    }, 60_000);
  }

  it('duplicates --json | head -n 1 in a shell with pipefail: one line, exit 0, nothing on stderr', () => {
    const command = `set -o pipefail; "${process.execPath}" ${CLI.join(' ')} duplicates --data "${data}" --json | head -n 1`;
    const result = spawnSync('bash', ['-c', command], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(result.stdout)).toHaveProperty('a');
  }, 60_000);
});
