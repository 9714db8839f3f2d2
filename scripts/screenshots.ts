import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../electron/core/index.js';
import { SYSTEM_ACTOR } from '../electron/core/context.js';
import { seedHouseholds } from '../electron/core/seed/seed.js';
import { openDeskInBrowser } from '../tests/helpers/desk-browser.js';

/** Screenshots of every screen in the three languages, for a person to look at: `tsx scripts/screenshots.ts [outDir]`. */
const out = process.argv[2] ?? 'build/screenshots';
mkdirSync(out, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'intake-shots-'));
const core = openCore({ dataDir, setup: { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 3' } });
seedHouseholds(core.ctx, SYSTEM_ACTOR, 300, 3);
const { page, url, close } = await openDeskInBrowser(core, { name: 'Anahit', secret: 'screens-pass-1', role: 'admin' });
for (const language of ['en', 'hy', 'ru'] as const) {
  await page.goto(url);
  await page.evaluate(`localStorage.setItem('intake.language', '${language}')`);
  await page.reload();
  await page.locator('[data-member-first="0"]').fill(language === 'ru' ? 'Асмик' : language === 'hy' ? 'Հասմիկ' : 'Hasmik');
  await page.keyboard.press('Tab');
  await page.keyboard.type(language === 'ru' ? 'Саркисян' : language === 'hy' ? 'Սարգսյան' : 'Sargsyan');
  await page.keyboard.press('Tab');
  await page.screenshot({ path: join(out, `intake-${language}.png`), fullPage: true });
  await page.keyboard.press('F3');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, `registrations-${language}.png`) });
  await page.locator('#search-box').fill(language === 'ru' ? 'Асмик' : 'Hasmik');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, `search-${language}.png`) });
  await page.locator('.results button').first().click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, `household-${language}.png`), fullPage: true });
}
await close();
core.close();
console.log(`Screenshots in ${out}`);
