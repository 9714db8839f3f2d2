import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MethodName } from '../api/contract.js';
import { SYSTEM_ACTOR, type Actor } from '../core/context.js';
import { CoreError } from '../core/errors.js';
import type { Core } from '../core/index.js';
import { newSession } from '../core/access/session.js';
import type { Dispatcher } from '../handlers/dispatch.js';
import { runMethod } from '../handlers/run-method.js';
import { createWebServer } from '../web/server.js';

/**
 * The CLI prints as the app does: the station's core behind the same dispatcher, the built renderer served on
 * 127.0.0.1 by the loopback harness, the print address opened in Chromium and saved with page.pdf(). The page says
 * when its fonts and QR code are in (`<html data-print-ready>`), so the PDF is never taken half-drawn.
 */

/** The flags the end-to-end tests launch Chromium with (playwright.config.ts; a test keeps the two lists equal). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const RENDERER_DIR = join(ROOT, 'build/app');
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'];

export function findChromium(): string {
  const configured = process.env['CHROMIUM_PATH'];
  if (configured) {
    if (existsSync(configured)) return configured;
    throw new CoreError('not_configured', `No Chromium found at CHROMIUM_PATH=${configured}: install chromium or set CHROMIUM_PATH`);
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) throw new CoreError('not_configured', 'No Chromium found: install chromium or set CHROMIUM_PATH');
  return found;
}

function assertRendererBuilt(): void {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new CoreError('not_configured', 'Build the renderer first: npm run build:app');
}

/** What a print page asks for; nothing else is answered while the CLI serves the renderer. */
const PRINT_METHODS: readonly MethodName[] = ['station.info', 'slip.print', 'slip.get', 'report.daily'];

/**
 * The CLI's door for the print page: the one runner (schemas, roles, error values) the app's dispatcher uses, acting
 * as the station's system operator (the CLI holds the data folder, as for seed or export; nobody signs in), and
 * answering the print methods only.
 */
export function printDispatcher(core: Core, actor: Actor = SYSTEM_ACTOR): Dispatcher {
  const log = (message: string, error?: unknown) => console.error(message, error ?? '');
  return {
    invoke: (method, input) => runMethod(core.ctx, method, input, { actor: () => actor, only: PRINT_METHODS, connection: { session: newSession() } }, log),
    onEvent: () => () => undefined,
    disconnect: () => undefined,
  };
}

/** Renders print addresses (`#/print/...`) of this station to PDF files, one Chromium for all of them. */
export async function renderPdfs(core: Core, jobs: { hash: string; out: string }[]): Promise<void> {
  assertRendererBuilt();
  const executablePath = findChromium();
  const web = await createWebServer({ dispatcher: printDispatcher(core), staticDir: RENDERER_DIR });
  // Loaded here, not at the top: every other CLI command starts without Playwright.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    for (const job of jobs) {
      // A page of its own for each document: the print address is a hash, and a hash change alone reloads nothing.
      const page = await browser.newPage();
      await page.goto(`${web.url}/${job.hash}`);
      await page.waitForSelector('html[data-print-ready], html[data-print-error]', { state: 'attached', timeout: 30_000 });
      const error = await page.locator('html').getAttribute('data-print-error');
      if (error) throw new CoreError('refused', error);
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
      await page.close();
      // Written whole or not at all: a failed run leaves no half file where the PDF should be.
      const out = resolve(job.out);
      const partial = `${out}.partial`;
      try {
        writeFileSync(partial, pdf);
        renameSync(partial, out);
      } catch (cause) {
        rmSync(partial, { force: true });
        throw new CoreError('io_failed', `Could not write ${out}: ${cause instanceof Error ? cause.message : String(cause)}`);
      }
    }
  } finally {
    await browser.close();
    await web.close();
  }
}
