import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../core/paths.js';
import { openDesk } from '../handlers/desk.js';
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
// A folder without a station opens on the first-run screen (centre, station, first administrator).
const desk = openDesk({ dataDir });
const web = await createWebServer({
  dispatcher: desk.dispatcher,
  staticDir: resolve('build/app'),
  host: values.host,
  port: Number(values.port),
});
console.log(`Intake Desk (browser harness) on ${web.url}  data: ${dataDir}`);

const stop = () => {
  void web.close().then(() => {
    desk.close();
    process.exit(0);
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
