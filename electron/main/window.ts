import type { BrowserWindowConstructorOptions } from 'electron';

/** The page ground of app/src/styles.css, so the window does not flash white before the renderer paints. */
export const WINDOW_BACKGROUND = '#eef1f4';

/**
 * The desk's one window. The renderer shows names and origins of people at risk, so it gets no Node, no way out of
 * its sandbox and nothing from the network: it reaches the data only through the preload's bridge.
 */
export function buildWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 1024,
    minHeight: 700,
    // Shown on ready-to-show, once the first frame is painted.
    show: false,
    backgroundColor: WINDOW_BACKGROUND,
    autoHideMenuBar: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Names in three scripts: a spellchecker would underline most of them and could send words to a service.
      spellcheck: false,
      // A file dropped on the window must not replace the app.
      navigateOnDragDrop: false,
      // A middle click must not open a link in a new window (refused anyway by the window-open handler).
      disableBlinkFeatures: 'Auxclick',
    },
  };
}
