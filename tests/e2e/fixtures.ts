import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { SYSTEM_ACTOR } from '../../electron/core/context.js';
import { openCore } from '../../electron/core/index.js';
import { createOperator } from '../../electron/core/access/operators.js';
import { setUpStation } from '../../electron/core/setup.js';
import { bundled } from '../helpers/bundled.js';

/** Each test gets its own station: a fresh data folder and its own harness on 127.0.0.1. */
export interface Desk {
  url: string;
  dataDir: string;
  /** Runs the CLI against this desk's data folder (seed, stats...). */
  cli(args: string[]): Promise<string>;
  /** The operators made before the harness started (empty when `setUp` is false): sign in with these. */
  operators: typeof OPERATORS;
  /** Signs in on the sign-in (or lock) screen and waits for the app. */
  signIn(page: Page, name: string, password: string): Promise<void>;
}

/** Every desk but a first-run one has its station and one operator of each role. */
export const OPERATORS = {
  admin: { name: 'Ani Admin', password: 'admin-pass-1', role: 'admin' },
  supervisor: { name: 'Sona Supervisor', password: 'super-pass-1', role: 'supervisor' },
  registrar: { name: 'Raffi Registrar', password: '246810', role: 'registrar' },
} as const;

async function setUpDesk(dataDir: string): Promise<void> {
  const { admin, supervisor, registrar } = OPERATORS;
  await setUpStation(dataDir, { centreCode: 'E2E1', centreName: 'Test centre', stationLabel: 'Desk 1', adminName: admin.name, secret: admin.password });
  const core = openCore({ dataDir });
  try {
    for (const o of [supervisor, registrar]) await createOperator(core.ctx, SYSTEM_ACTOR, { name: o.name, role: o.role, secret: o.password });
  } finally {
    core.close();
  }
}

async function signIn(page: Page, name: string, password: string): Promise<void> {
  const form = page.getByRole('form', { name: /^(Sign in|Unlock)$/ });
  await form.getByLabel('Password or PIN').waitFor();
  if (await form.getByLabel('Name', { exact: true }).count()) await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Password or PIN').fill(password);
  await form.getByRole('button', { name: /^(Sign in|Unlock)$/ }).click();
  await expect(page.getByRole('group', { name: 'Signed-in operator' })).toContainText(name);
}

/** Starts the harness or the CLI as the global setup bundled them (tests/helpers/bundled.ts). */
function startBundled(entry: 'harness' | 'cli', args: string[]): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(process.execPath, [...bundled(entry), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Starts the loopback harness on a data folder; `extra` passes its options (`--key-store none`, for the app's start-up). */
export function startHarness(dataDir: string, extra: string[] = []): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = startBundled('harness', ['--data', dataDir, '--port', '0', ...extra]);
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Harness did not start: ${output}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], child });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`Harness exited with ${code}: ${output}`)));
  });
}

export function runCli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = startBundled('cli', args);
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`cli ${args[0]} failed: ${err}`))));
  });
}

export const test = base.extend<{ desk: Desk; setUp: boolean }, { setUpFolder: string }>({
  /** `test.use({ setUp: false })` gives an empty data folder: the app opens on its first run. */
  setUp: [true, { option: true }],
  /**
   * A data folder set up once per worker (the station, its keys, an operator of each role), copied for each test: the
   * copy is a closed file and its keys, as a folder moved to another disk would be. Setting up took half a second of
   * the worker's CPU for every test (scrypt for three secrets, every migration), which CI's two cores share.
   */
  setUpFolder: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's needs from this pattern: none
    async ({}, use) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'intake-e2e-setup-'));
      await setUpDesk(dataDir);
      await use(dataDir);
      rmSync(dataDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  desk: async ({ setUp, setUpFolder }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'intake-e2e-'));
    if (setUp) cpSync(setUpFolder, dataDir, { recursive: true });
    const { url, child } = await startHarness(dataDir);
    await use({
      url,
      dataDir,
      operators: OPERATORS,
      signIn,
      cli: (args) => runCli([...args.slice(0, 1), '--data', dataDir, ...args.slice(1)]),
    });
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  },
  /** The app open and signed in as the administrator (or on the first-run screen when `setUp` is false). */
  page: async ({ page, desk, setUp }, use) => {
    await page.goto(desk.url);
    if (setUp) await signIn(page, OPERATORS.admin.name, OPERATORS.admin.password);
    await use(page);
  },
});

export { expect };

/** Calls a method as the page would (its connection, its session): data is put on file without the forms. */
export async function invoke<T>(page: Page, method: string, input: unknown): Promise<T> {
  const result = await page.evaluate(
    async ([m, i]) => {
      const response = await fetch('/api/invoke', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ method: m, input: i }),
      });
      return (await response.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
    },
    [method, input] as const,
  );
  if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
  return result.value as T;
}

/** Switches the screen's language with the top bar's selector, named in any of the three. */
export async function chooseLanguage(page: Page, language: 'en' | 'hy' | 'ru'): Promise<void> {
  await page.getByRole('combobox', { name: /^(Language|Լեզու|Язык)$/ }).selectOption(language);
}

/** Screens as a clerk sees them, found by role and label. */
export const intake = (page: Page) => ({
  member: (n: number) => page.getByRole('group', { name: new RegExp(`^(Person|Человек|Անձ) ${n}\\b`) }),
  save: () => page.getByRole('button', { name: 'Save Ctrl+S' }),
});
