import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../core/paths.js';
import { startDeskWorker } from '../worker/desk-worker.js';
import { createWebServer } from './server.js';

/** `npm run web`: the same UI and core in a browser on this machine, for development and end-to-end tests. */
const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    port: { type: 'string', default: '5180' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});

const dataDir = values.data ? resolve(values.data) : resolveDataDir(resolve('.data/web'));
// The core in its worker, as in the app: a folder without a station opens on the first-run screen; sync is idle
// until a hub address is set in Sync settings (then on its interval); a hub set to serve stations serves.
const desk = await startDeskWorker({ dataDir, sync: true });
const web = await createWebServer({
  dispatcher: desk.dispatcher,
  staticDir: resolve('build/app'),
  host: values.host,
  port: Number(values.port),
  uploads: true,
});
console.log(`Intake Desk (browser harness) on ${web.url}  data: ${dataDir}`);

const stop = () => {
  void Promise.all([web.close(), desk.close()]).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
