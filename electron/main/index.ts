import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session, shell, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveDataDir } from '../core/paths.js';
import { startSyncServices, type SyncServices } from '../core/sync/services.js';
import { openDesk, type Desk } from '../handlers/desk.js';
import { forwardEvents, registerIpc } from './ipc.js';
import { appKeyGate } from '../core/protection/app-keys.js';
import { logEncryptionProgress } from './keystore-dialogs.js';
import { registerAppScheme, serveApp } from './protocol.js';
import { APP_ENTRY_URL, EXTERNAL_PAGES, guardNavigation, hardenSession, openExternalSafely } from './security.js';
import { buildWindowOptions } from './window.js';

/**
 * The Electron shell, and only wiring: every decision worth testing lives in window.ts, security.ts, protocol.ts,
 * ipc.ts, or behind the dispatcher in core. Bundled to build/electron/main.js beside preload.cjs; the renderer is
 * build/app.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const RENDERER_ROOT = join(here, '..', 'app');
const PRELOAD = join(here, 'preload.cjs');

let window: BrowserWindow | null = null;
let desk: Desk | undefined;
let sync: SyncServices | undefined;
let deskClosed = false;

function closeDesk(): void {
  if (deskClosed) return;
  deskClosed = true;
  void sync?.stop();
  desk?.close();
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

function createWindow(opened: Desk): void {
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

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession);
    serveApp(protocol, RENDERER_ROOT);
    try {
      const dataDir = resolveDataDir(join(app.getPath('userData'), 'data'));
      // The data file's key: sealed by the OS key store, or the start-up passphrase typed on the start-up screen; the
      // recovery code made at the first start is shown once to the administrator in the window.
      desk = openDesk({ dataDir, keyGate: appKeyGate(dataDir, safeStorage), onProgress: logEncryptionProgress });
    } catch (error) {
      dialog.showErrorBox('Intake Desk cannot open its data', error instanceof Error ? error.message : String(error));
      app.quit();
      return;
    }
    // Batches leave by themselves when a hub is set and reachable; on a hub, it serves the desks.
    sync = startSyncServices(() => desk?.core());
    registerIpc(ipcMain, desk.dispatcher, () => (window && !window.isDestroyed() ? window.webContents.mainFrame : null));
    Menu.setApplicationMenu(buildMenu());
    createWindow(desk);
  });
}

// A second copy would open the same SQLite file and keys: it hands over to the first window and quits.
if (app.requestSingleInstanceLock()) start();
else app.quit();
