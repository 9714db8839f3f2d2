import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session, shell, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveDataDir } from '../core/paths.js';
import { startDeskWorker, type DeskWorker } from '../worker/desk-worker.js';
import { forwardEvents, registerIpc } from './ipc.js';
import { desktopKeyProvider, unwrapDatabaseKey } from './keystore.js';
import { showRecoveryCodeOnce } from './keystore-dialogs.js';
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

function createWindow(opened: DeskWorker): void {
  const created = new BrowserWindow(buildWindowOptions(PRELOAD));
  window = created;
  const stopEvents = forwardEvents(opened.dispatcher, created.webContents);
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
    try {
      const dataDir = resolveDataDir(join(app.getPath('userData'), 'data'));
      // The data file's key: sealed by the OS key store (reachable from this process only), unwrapped here and
      // handed to the core's worker as bytes; a new key's recovery code is shown once, to print and lock away.
      const databaseKey = unwrapDatabaseKey(dataDir, desktopKeyProvider(dataDir, safeStorage, showRecoveryCodeOnce));
      // The core (database, dispatcher, sync, the hub's server) runs in its worker: this process only relays.
      // Batches leave by themselves when a hub is set and reachable; on a hub, it serves the desks.
      desk = await startDeskWorker({ dataDir, sync: true, databaseKey });
    } catch (error) {
      dialog.showErrorBox('Intake Desk cannot open its data', error instanceof Error ? error.message : String(error));
      app.quit();
      return;
    }
    registerIpc(ipcMain, desk.dispatcher, () => (window && !window.isDestroyed() ? window.webContents.mainFrame : null));
    Menu.setApplicationMenu(buildMenu());
    createWindow(desk);
  });
}

// A second copy would open the same SQLite file and keys: it hands over to the first window and quits.
if (app.requestSingleInstanceLock()) start();
else app.quit();
