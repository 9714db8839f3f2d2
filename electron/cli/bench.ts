import { runBench } from '../bench/index.js';
import { wholeNumber, type CommandGroup } from './common.js';

/** bench [--households N]: prints one name=value line per figure (the same with --json). */
export const benchCommands: CommandGroup = {
  options: {},
  commands: {
    async bench(flags) {
      await runBench({ households: wholeNumber(flags, 'households', 35_000), seed: wholeNumber(flags, 'seed', 1) });
    },
  },
};
