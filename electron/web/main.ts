import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../core/paths.js';
import { appKeyGate, unwrapDatabaseKey } from '../core/protection/app-keys.js';
import { gateDesk } from '../worker/key-gate.js';
import { startDeskWorker, type DeskWorker } from '../worker/desk-worker.js';
import { harnessKeyStore } from './key-store.js';
import { createWebServer } from './server.js';

/** `npm run web`: the same UI and core in a browser on this machine, for development and end-to-end tests. */
const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    port: { type: 'string', default: '5180' },
    host: { type: 'string', default: '127.0.0.1' },
    // The app's start-up with a key store (see key-store.ts); without it, the folder's keys/ as the CLI keeps them.
    'key-store': { type: 'string' },
  },
});

const dataDir = values.data ? resolve(values.data) : resolveDataDir(resolve('.data/web'));
// The core in its worker, as in the app: a folder without a station opens on the first-run screen; sync is idle
// until a hub address is set in Sync settings (then on its interval); a hub set to serve stations serves.
// With --key-store, the app's start-up screen first (the key unwrapped here, as the app's main process does).
const keyStore = values['key-store'];
let desk: DeskWorker | undefined;
const dispatcher = keyStore
  ? gateDesk({
      gate: appKeyGate(dataDir, harnessKeyStore(keyStore)),
      open: async (keys, takeRecoveryCode) => {
        desk = await startDeskWorker({ dataDir, sync: true, databaseKey: unwrapDatabaseKey(dataDir, keys), recoveryCode: takeRecoveryCode() });
        return desk.dispatcher;
      },
    })
  : (desk = await startDeskWorker({ dataDir, sync: true })).dispatcher;
const web = await createWebServer({
  dispatcher,
  staticDir: resolve('build/app'),
  host: values.host,
  port: Number(values.port),
  uploads: true,
});
console.log(`Intake Desk (browser harness) on ${web.url}  data: ${dataDir}`);

const stop = () => {
  void Promise.all([web.close(), desk?.close()]).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
