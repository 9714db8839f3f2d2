import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session, shell, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveDataDir } from '../core/paths.js';
import { startDeskWorker, type DeskWorker } from '../worker/desk-worker.js';
import { forwardEvents, registerIpc } from './ipc.js';
import { appKeyGate, unwrapDatabaseKey } from '../core/protection/app-keys.js';
import { gateDesk } from '../worker/key-gate.js';
import type { Dispatcher } from '../handlers/dispatch.js';
import { registerAppScheme, serveApp } from './protocol.js';
import { APP_ENTRY_URL, EXTERNAL_PAGES, guardNavigation, hardenSession, openExternalSafely } from './security.js';
import { buildWindowOptions } from './window.js';

/**
 * The Electron shell, and only wiring: every decision worth testing lives in window.ts, security.ts, protocol.ts,
 * ipc.ts, or behind the dispatcher in the core's worker (electron/worker/). Bundled to build/electron/main.js beside preload.cjs; the renderer is
 * build/app.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const RENDERER_ROOT = join(here, '..', 'app');
const PRELOAD = join(here, 'preload.cjs');

let window: BrowserWindow | null = null;
let desk: DeskWorker | undefined;
let deskClosed = false;

/** Quitting waits for the core's worker to stop syncing and close the database whole. */
function closeDesk(event: { preventDefault(): void }): void {
  if (deskClosed || !desk) return;
  event.preventDefault();
  deskClosed = true;
  void desk.close().finally(() => app.quit());
}

function buildMenu(): Menu {
  const develop = !app.isPackaged;
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        // Reloading drops the form a clerk is typing: only while developing.
        ...(develop ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as const) : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      role: 'help',
      submenu: EXTERNAL_PAGES.map((page) => ({ label: page.label, click: () => void openExternalSafely(shell, page.url) })),
    },
  ];
  return Menu.buildFromTemplate(template);
}

function createWindow(dispatcher: Dispatcher): void {
  const created = new BrowserWindow(buildWindowOptions(PRELOAD));
  window = created;
  const stopEvents = forwardEvents(dispatcher, created.webContents);
  created.once('ready-to-show', () => created.show());
  created.on('closed', () => {
    stopEvents();
    window = null;
  });
  void created.loadURL(APP_ENTRY_URL);
}

function start(): void {
  app.enableSandbox();
  registerAppScheme(protocol);

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  // Every web contents, the window's included, is kept on the app's pages with no pop-ups and no webviews.
  app.on('web-contents-created', (_event, contents) => guardNavigation(contents));
  // The desk's data closes with its window; nothing keeps running in the background.
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', closeDesk);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession);
    serveApp(protocol, RENDERER_ROOT);
    let dispatcher: Dispatcher;
    try {
      const dataDir = resolveDataDir(join(app.getPath('userData'), 'data'));
      // The data file's key: sealed by the OS key store, or unwrapped by the start-up passphrase or the recovery code
      // typed on the window's start-up screen; the core's worker starts once it is unwrapped. A recovery code made on
      // the way is shown once to the administrator, in the window.
      const gate = gateDesk({
        gate: appKeyGate(dataDir, safeStorage),
        open: async (keys, takeRecoveryCode) => {
          const databaseKey = unwrapDatabaseKey(dataDir, keys);
          desk = await startDeskWorker({ dataDir, sync: true, databaseKey, recoveryCode: takeRecoveryCode() });
          return desk.dispatcher;
        },
      });
      // Opened by the key store without a word: a file that does not open is said at once, as before the window.
      await gate.opened();
      dispatcher = gate;
    } catch (error) {
      dialog.showErrorBox('Intake Desk cannot open its data', error instanceof Error ? error.message : String(error));
      app.quit();
      return;
    }
    registerIpc(ipcMain, dispatcher, () => (window && !window.isDestroyed() ? window.webContents.mainFrame : null));
    Menu.setApplicationMenu(buildMenu());
    createWindow(dispatcher);
  });
}

// A second copy would open the same SQLite file and keys: it hands over to the first window and quits.
if (app.requestSingleInstanceLock()) start();
else app.quit();
