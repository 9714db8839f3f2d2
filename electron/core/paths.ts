import { resolve } from 'node:path';

/** The data folder: the user-data path in the app, overridden by INTAKE_DATA_DIR (tests, a second desk on one laptop). */
export function resolveDataDir(defaultDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const override = env['INTAKE_DATA_DIR']?.trim();
  return resolve(override || defaultDir);
}
