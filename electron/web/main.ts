import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openCore } from '../core/index.js';
import { resolveDataDir } from '../core/paths.js';
import { createDispatcher } from '../handlers/dispatch.js';
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
const core = openCore({ dataDir, setup: { centreCode: 'DEV', centreName: 'Development centre', stationLabel: 'Browser desk' } });
const web = await createWebServer({
  dispatcher: createDispatcher(core),
  staticDir: resolve('build/app'),
  host: values.host,
  port: Number(values.port),
});
console.log(`Intake Desk (browser harness) on ${web.url}  data: ${dataDir}`);

const stop = () => {
  void web.close().then(() => {
    core.close();
    process.exit(0);
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
