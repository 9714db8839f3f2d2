// `npm run package:check`: packs the app as `npm run package` would, on a machine without internet, and checks what
// the package holds. electron-builder 25.1.8 runs with `--dir --linux`, `npmRebuild: false` and a stand-in Electron
// distribution (a placeholder binary carrying the fuse wire), so nothing is downloaded. It proves the layout only:
// the SQLite driver's .node in it is built for Node's ABI, not Electron's.
import { getCurrentFuseWire } from '@electron/fuses';
import asar from '@electron/asar';
import { build as builder, Platform } from 'electron-builder';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { FUSES, fuseConfig } from './electron-fuses.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const problems = [];
const check = (ok, problem) => ok || problems.push(problem);

if (!process.argv.includes('--no-build')) {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
}

const work = mkdtempSync(join(tmpdir(), 'intake-package-check-'));
try {
  // The stand-in Electron: a placeholder binary with Electron 45's fuse wire at its defaults (nine fuses).
  const electronDist = join(work, 'electron-dist');
  mkdirSync(electronDist);
  const placeholder = join(electronDist, 'electron');
  writeFileSync(
    placeholder,
    Buffer.concat([
      Buffer.from('#!/bin/sh\necho "stand-in Electron for package:check"\nexit 1\n'),
      Buffer.from(SENTINEL, 'latin1'),
      Buffer.from([1, 9]),
      Buffer.from('101100011', 'latin1'),
      Buffer.from('\n'),
    ]),
  );
  chmodSync(placeholder, 0o755);
  writeFileSync(join(electronDist, 'version'), pkg.devDependencies.electron);

  const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
  const output = join(work, 'release');
  await builder({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir'),
    publish: 'never',
    config: {
      ...config,
      npmRebuild: false,
      electronDist,
      electronVersion: pkg.devDependencies.electron,
      directories: { ...config.directories, output },
    },
  });

  const appDir = join(output, 'linux-unpacked');
  const archive = join(appDir, 'resources', 'app.asar');
  check(existsSync(archive), `no ${archive}`);
  const files = asar.listPackage(archive, { isPack: false }).map((f) => f.replace(/\\/g, '/'));
  const has = (path) => files.includes(path);

  // Every thread's entry beside main.js (scripts/build-electron.mjs): a thread whose file is missing fails only when started.
  const threads = ['core-worker', 'job-worker', 'check-worker'].map((name) => `/build/electron/${name}.js`);
  for (const bundle of ['/build/electron/main.js', '/build/electron/preload.cjs', ...threads, '/build/app/index.html', '/package.json']) {
    check(has(bundle), `missing ${bundle}`);
  }
  check(
    files.some((f) => /^\/build\/app\/assets\/.+\.js$/.test(f)),
    'missing the renderer bundle (build/app/assets/*.js)',
  );

  // What the driver requires at run time, beside it.
  for (const runtime of ['bindings', 'file-uri-to-path']) check(has(`/node_modules/${runtime}/package.json`), `missing node_modules/${runtime}`);
  const driver = 'node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node';
  check(existsSync(join(appDir, 'resources', 'app.asar.unpacked', driver)), `${driver} is not unpacked from the asar`);
  const packed = asar.statFile(archive, driver, false);
  check(packed && 'unpacked' in packed && packed.unpacked === true, `${driver} is not marked unpacked in the asar`);

  const devDependencies = Object.keys(pkg.devDependencies);
  const shippedDev = devDependencies.filter((name) => files.some((f) => f.startsWith(`/node_modules/${name}/`)));
  check(shippedDev.length === 0, `dev dependencies shipped: ${shippedDev.join(', ')}`);
  const tests = files.filter((f) => /(^|\/)(tests?|__tests__)\//.test(f) || /\.(test|spec)\.[cm]?[jt]sx?$/.test(f));
  check(tests.length === 0, `test files shipped: ${tests.slice(0, 5).join(', ')}`);
  // Of build/, only the app's two folders: not the tests' renderer (build/test-renderer) nor their bundles for Node.
  const stray = files.filter((f) => f.startsWith('/build/') && !/^\/build\/(app|electron)(\/|$)/.test(f));
  check(stray.length === 0, `build output other than the app's shipped: ${stray.slice(0, 5).join(', ')}`);
  const maps = files.filter((f) => f.endsWith('.map'));
  check(maps.length === 0, `source maps shipped: ${maps.slice(0, 5).join(', ')}`);
  check(!files.some((f) => f.includes('/playwright')), 'playwright shipped');
  for (const bundle of ['build/electron/main.js', 'build/electron/preload.cjs']) {
    check(!readFileSync(join(root, bundle), 'utf8').includes('playwright'), `${bundle} imports playwright`);
  }

  const binary = join(appDir, config.executableName ?? pkg.name);
  const wire = await getCurrentFuseWire(binary);
  const wanted = fuseConfig();
  const unfused = Object.keys(FUSES).filter((_, i) => wire[i] !== (wanted[i] ? 0x31 : 0x30));
  check(unfused.length === 0, `fuses not written: ${unfused.join(', ')}`);

  const bytes = statSync(archive).size;
  // Directories are entries of the listing too; a file is an entry without `files`.
  const fileCount = files.filter((f) => !('files' in asar.statFile(archive, f.slice(1), false))).length;
  console.log(`asar_mb=${(bytes / 1024 / 1024).toFixed(1)}`);
  console.log(`asar_files=${fileCount}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`package:check: ${problem}`);
  process.exit(1);
}
console.log('package:check: the layout holds (bundles, unpacked SQLite driver, fuses; no dev dependency, test, source map or playwright)');
