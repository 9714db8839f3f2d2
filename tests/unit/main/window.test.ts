import { describe, expect, it, vi } from 'vitest';
import { buildWindowOptions, WINDOW_BACKGROUND } from '../../../electron/main/window.js';

// The window's options are plain data; the mock only guarantees no test ever needs the Electron binary.
vi.mock('electron', () => ({}));

describe('buildWindowOptions', () => {
  const options = buildWindowOptions('/app/build/electron/preload.cjs');
  const web = options.webPreferences ?? {};

  it('loads only the given preload', () => {
    expect(web.preload).toBe('/app/build/electron/preload.cjs');
  });

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['webviewTag', false],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['spellcheck', false],
    ['navigateOnDragDrop', false],
    ['disableBlinkFeatures', 'Auxclick'],
  ] as const)('sets %s to %s explicitly', (key, value) => {
    // Explicit, not left to Electron's defaults, so a changed default cannot loosen the window.
    expect(Object.hasOwn(web, key)).toBe(true);
    expect(web[key]).toBe(value);
  });

  it('turns on nothing beyond the listed preferences', () => {
    expect(Object.keys(web).sort()).toEqual(
      [
        'allowRunningInsecureContent',
        'contextIsolation',
        'disableBlinkFeatures',
        'experimentalFeatures',
        'navigateOnDragDrop',
        'nodeIntegration',
        'nodeIntegrationInSubFrames',
        'nodeIntegrationInWorker',
        'preload',
        'sandbox',
        'spellcheck',
        'webSecurity',
        'webviewTag',
      ].sort(),
    );
  });

  it('opens hidden at a desk-sized window, with the menu bar visible', () => {
    expect(options).toMatchObject({ width: 1280, height: 860, minWidth: 1024, minHeight: 700, show: false, autoHideMenuBar: false });
    expect(options.backgroundColor).toBe(WINDOW_BACKGROUND);
  });
});
