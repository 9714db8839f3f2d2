import { runSoak, soakLine } from '../tests/helpers/soak.js';

/**
 * `npm run soak [-- --batches N --drop-one-in K --seed S]`: the full soak of sync: N small batches from two stations
 * to a real hub on 127.0.0.1 through a proxy that spoils one connection in K. Prints what was sent, retried and
 * duplicated; exits non-zero if any family is missing or duplicated at the hub or any batch is left waiting.
 */
const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  const n = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a whole number above 0`);
  return n;
};

const result = await runSoak({
  batches: flag('batches', 200),
  dropOneIn: flag('drop-one-in', 5),
  seed: flag('seed', 7),
  log: (line) => console.log(line),
});
console.log(soakLine(result));
process.exitCode = result.duplicated === 0 && result.missing === 0 && result.waitingAtEnd === 0 ? 0 : 1;
