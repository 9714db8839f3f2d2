import { chromium, type Browser, type Page } from 'playwright-core';
import { SYSTEM_ACTOR, type Role } from '../../electron/core/context.js';
import type { Core } from '../../electron/core/index.js';
import { createOperator } from '../../electron/core/access/operators.js';
import { createDispatcher } from '../../electron/handlers/dispatch.js';
import { createWebServer } from '../../electron/web/server.js';
import { CHROMIUM_ARGS } from '../../playwright.config.js';

/**
 * A desk's UI in Debian's Chromium for scripts (screenshots, the intake bench): the harness on 127.0.0.1 over this
 * core, and a page already signed in as a new operator, so the script starts where a clerk's shift does.
 */
export async function openDeskInBrowser(
  core: Core,
  operator: { name: string; secret: string; role: Role },
  viewport = { width: 1440, height: 900 },
): Promise<{ page: Page; browser: Browser; url: string; close(): Promise<void> }> {
  await createOperator(core.ctx, SYSTEM_ACTOR, operator);
  const web = await createWebServer({ dispatcher: createDispatcher(core), staticDir: 'build/app' });
  const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport });
  await page.goto(web.url);
  // Signed in once for the page's connection (its cookie); reloads stay signed in.
  await page.evaluate(
    async (input) => {
      await fetch('/api/invoke', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ method: 'session.signIn', input }),
      });
    },
    { name: operator.name, secret: operator.secret },
  );
  await page.reload();
  return {
    page,
    browser,
    url: web.url,
    async close() {
      await browser.close();
      await web.close();
    },
  };
}
