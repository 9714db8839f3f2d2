// Runs in the sandboxed renderer, where only `electron` can be required: scripts/build-electron.mjs bundles the
// bridge and the contract into build/electron/preload.cjs.
/* eslint-disable @typescript-eslint/no-require-imports -- a .cts under verbatimModuleSyntax can only import this way */
import electron = require('electron');
import bridgeModule = require('../api/bridge.js');
/* eslint-enable @typescript-eslint/no-require-imports */
import type { IpcRendererEvent } from 'electron';

const { contextBridge, ipcRenderer, webUtils } = electron;
const { BRIDGE_GLOBAL, createBridge } = bridgeModule;

// The same strings as INVOKE_CHANNEL and EVENT_CHANNEL in electron/main/ipc.ts.
const INVOKE_CHANNEL = 'intake:invoke';
const EVENT_CHANNEL = 'intake:event';

/** The renderer's one door: invoke(method, input), on(event, listener) and pathOf(file). ipcRenderer itself is never exposed. */
const bridge = createBridge({
  invoke: (method, input) => ipcRenderer.invoke(INVOKE_CHANNEL, method, input),
  subscribe: (event, listener) => {
    // The IPC event carries the sender and ports: listeners get the payload alone.
    const handler = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
  // A file the operator chose in the window: its path, which the core's worker reads itself.
  pathOf: (file) => Promise.resolve(webUtils.getPathForFile(file)),
}) satisfies bridgeModule.IntakeBridge;

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
