import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Each test gets its own station: a fresh data folder and its own harness on 127.0.0.1. */
export interface Desk {
  url: string;
  dataDir: string;
  /** Runs the CLI against this desk's data folder (seed, stats...). */
  cli(args: string[]): Promise<string>;
}

function startHarness(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/web/main.ts', '--data', dataDir, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Harness did not start: ${output}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], child });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`Harness exited with ${code}: ${output}`)));
  });
}

export function runCli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`cli ${args[0]} failed: ${err}`))));
  });
}

export const test = base.extend<{ desk: Desk }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  desk: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'intake-e2e-'));
    const { url, child } = await startHarness(dataDir);
    await use({ url, dataDir, cli: (args) => runCli([...args.slice(0, 1), '--data', dataDir, ...args.slice(1)]) });
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  },
  page: async ({ page, desk }, use) => {
    await page.goto(desk.url);
    await use(page);
  },
});

export { expect };

/** Screens as a clerk sees them, found by role and label. */
export const intake = (page: Page) => ({
  member: (n: number) => page.getByRole('group', { name: new RegExp(`^(Person|Человек|Անձ) ${n}\\b`) }),
  save: () => page.getByRole('button', { name: 'Save Ctrl+S' }),
});
