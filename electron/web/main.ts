import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../core/paths.js';
import { openDesk } from '../handlers/desk.js';
import { startSyncServices } from '../core/sync/services.js';
import { appKeyGate } from '../core/protection/app-keys.js';
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
// A folder without a station opens on the first-run screen (centre, station, first administrator).
const keyStore = values['key-store'];
const desk = openDesk({ dataDir, ...(keyStore ? { keyGate: appKeyGate(dataDir, harnessKeyStore(keyStore)) } : {}) });
// Sync: idle until a hub address is set in Sync settings (then on its interval); a hub set to serve stations serves.
const sync = startSyncServices(() => desk.core());
const web = await createWebServer({
  dispatcher: desk.dispatcher,
  staticDir: resolve('build/app'),
  host: values.host,
  port: Number(values.port),
});
console.log(`Intake Desk (browser harness) on ${web.url}  data: ${dataDir}`);

const stop = () => {
  void Promise.all([web.close(), sync.stop()]).then(() => {
    desk.close();
    process.exit(0);
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
