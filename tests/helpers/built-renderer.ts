import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * The renderer as `vite build` makes it, for tests that read the built page (its CSP, what electronegativity sees).
 * Built once into build/test-renderer/<hash of the sources> and reused while app/ and the vite config are unchanged,
 * so the tests do not depend on `npm run build:app` having run first.
 */
const ROOT = resolve('.');
const SOURCES = [join(ROOT, 'app'), join(ROOT, 'vite.config.ts')];

function hashSources(): string {
  const hash = createHash('sha256');
  const walk = (path: string) => {
    if (statSync(path).isDirectory()) for (const name of readdirSync(path).sort()) walk(join(path, name));
    else hash.update(path.slice(ROOT.length)).update(readFileSync(path));
  };
  for (const source of SOURCES) walk(source);
  return hash.digest('hex').slice(0, 16);
}

export async function builtRenderer(): Promise<string> {
  const outDir = join(ROOT, 'build', 'test-renderer', hashSources());
  if (existsSync(join(outDir, 'index.html'))) return outDir;
  const { build } = await import('vite');
  const temp = `${outDir}.${process.pid}.tmp`;
  mkdirSync(join(ROOT, 'build', 'test-renderer'), { recursive: true });
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'silent', build: { outDir: temp, emptyOutDir: true } });
  // Another test file may have built the same sources meanwhile: either copy is the same build.
  if (existsSync(outDir)) rmSync(temp, { recursive: true, force: true });
  else renameSync(temp, outDir);
  // Builds of older sources are of no further use.
  for (const name of readdirSync(dirname(outDir))) {
    if (!name.startsWith(basename(outDir)) && !name.endsWith('.tmp')) rmSync(join(dirname(outDir), name), { recursive: true, force: true });
  }
  return outDir;
}
