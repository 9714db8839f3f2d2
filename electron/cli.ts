import { parseArgs } from 'node:util';
import { CoreError } from './core/errors.js';
import { UsageError, type CommandGroup, type Flags } from './cli/common.js';
import { atRestCommands } from './cli/at-rest.js';
import { batchCommands } from './cli/batches.js';
import { benchCommands } from './cli/bench.js';
import { duplicateCommands } from './cli/duplicates.js';
import { protectionCommands } from './cli/protection.js';
import { printCommands } from './cli/print.js';
import { stationCommands } from './cli/station.js';
import { syncCommands } from './cli/sync.js';

/**
 * The headless face of core for hubs, scripts and acceptance checks: `npm run cli -- <command> --data DIR ...`.
 * Success exits 0; failure prints one clear line on stderr and exits non-zero. `--json` prints machine-readable
 * output on stdout. Each domain's commands live in electron/cli/<domain>.ts.
 */
const GROUPS: readonly CommandGroup[] = [
  stationCommands,
  benchCommands,
  duplicateCommands,
  protectionCommands,
  batchCommands,
  printCommands,
  syncCommands,
  atRestCommands,
];

const options = Object.assign({ data: { type: 'string' }, json: { type: 'boolean', default: false } }, ...GROUPS.map((g) => g.options));
const commands = Object.assign({}, ...GROUPS.map((g) => g.commands)) as CommandGroup['commands'];

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(`Usage: npm run cli -- <${Object.keys(commands).join('|')}> --data DIR [--json] ...\n`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options, allowPositionals: true, strict: true });
    await command(values as Flags, positionals);
    return 0;
  } catch (error) {
    const known = error instanceof UsageError || error instanceof CoreError;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${name}: ${(known ? message : message || 'failed').split('\n')[0]}\n`);
    return error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) ? 2 : 1;
  }
}

// A reader that stops early (`duplicates --json | head -n 1`) is not a failure: stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
}

process.exitCode = await main(process.argv.slice(2));
