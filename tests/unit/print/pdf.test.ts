import { expect, it } from 'vitest';
import { CHROMIUM_ARGS as PLAYWRIGHT_ARGS } from '../../../playwright.config.js';
import { CHROMIUM_ARGS } from '../../../electron/cli/pdf.js';

/** The CLI launches Chromium as the end-to-end tests do; it keeps its own copy so it need not load Playwright's test runner. */
it('launches Chromium with the flags of playwright.config.ts', () => {
  expect(CHROMIUM_ARGS).toEqual(PLAYWRIGHT_ARGS);
});
