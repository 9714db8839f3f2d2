import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { resolveFunction } from 'app-builder-lib/out/util/resolve.js';
import type { Configuration } from 'electron-builder';
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import yaml from 'js-yaml';
import pngjs from 'pngjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Configuration;
const quietLogger = { isEnabled: false, add: () => {} } as unknown as Parameters<typeof validateConfiguration>[1];

interface AfterPackLike {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}
interface FusesHook {
  FUSES: Readonly<Record<string, boolean>>;
  fuseConfig(options?: { appleSilicon?: boolean }): Record<string, unknown>;
  electronBinaryPath(context: AfterPackLike): string;
  afterPack(context: AfterPackLike): Promise<void>;
}

let hook: FusesHook;
beforeAll(async () => {
  hook = (await import(pathToFileURL(join(ROOT, 'scripts/electron-fuses.mjs')).href)) as FusesHook;
});

const targets = (platform: { target?: unknown } | null | undefined): unknown => platform?.target;

describe('electron-builder.yml', () => {
  it('names the app and its folders', () => {
    expect(config.appId).toBe('org.intakedesk.app');
    expect(config.productName).toBe('Intake Desk');
    expect(config.directories).toEqual({ output: 'release', buildResources: 'resources' });
    // Of build/, only the renderer and the main process: not the tests' and benchmarks' bundles (build/test, build/run,
    // a renderer with test hooks) beside them.
    expect(config.files).toEqual(expect.arrayContaining(['build/app/**/*', 'build/electron/**/*', 'package.json', 'node_modules/**/*']));
    expect([config.files].flat().filter((f) => typeof f === 'string' && f.startsWith('build/'))).toEqual(['build/app/**/*', 'build/electron/**/*']);
    // Only the SQLite driver (and what it requires) from node_modules; no source map.
    expect(config.files).toEqual(
      expect.arrayContaining(['!node_modules/**', 'node_modules/{better-sqlite3-multiple-ciphers,bindings,file-uri-to-path}/**', '!build/**/*.map']),
    );
  });

  it('builds nsis for Windows, AppImage and deb for Linux, dmg for macOS', () => {
    expect(targets(config.win)).toEqual(['nsis']);
    expect(targets(config.linux)).toEqual(['AppImage', 'deb']);
    expect(targets(config.mac)).toEqual(['dmg']);
    expect(config.linux).toMatchObject({ category: 'Office', maintainer: expect.stringMatching(/<.+@.+>/) });
    expect(config.mac).toMatchObject({ category: 'public.app-category.productivity', hardenedRuntime: true });
  });

  it('packs into an asar, with the SQLite driver unpacked and rebuilt for Electron', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3-multiple-ciphers/**');
    expect(config.npmRebuild).toBe(true);
  });

  it('has a 512x512 PNG icon for every platform', () => {
    for (const platform of [config.win, config.linux, config.mac]) {
      const icon = platform?.icon;
      expect(icon).toBe('resources/icon.png');
      const file = join(ROOT, icon ?? '');
      expect(existsSync(file)).toBe(true);
      const png = pngjs.PNG.sync.read(readFileSync(file));
      expect([png.width, png.height]).toEqual([512, 512]);
    }
  });

  it('is accepted by electron-builder 25.1.8 itself', async () => {
    await expect(validateConfiguration(config, quietLogger)).resolves.toBeUndefined();
  });

  it('sets fuses through afterPack, because this electron-builder refuses an electronFuses key', async () => {
    await expect(validateConfiguration({ ...config, electronFuses: { runAsNode: false } } as Configuration, quietLogger)).rejects.toThrow();
    expect(config.afterPack).toBe('./scripts/electron-fuses.mjs');
    // Loaded the way electron-builder loads it (its own import, outside Vitest's module graph), from the project folder.
    const resolved = await resolveFunction<unknown>('module', config.afterPack as string, 'afterPack');
    expect(resolved).toBeTypeOf('function');
    expect((resolved as () => unknown).name).toBe('afterPack');
  });
});

describe('Electron fuses', () => {
  it.each([
    ['runAsNode', false],
    ['enableCookieEncryption', true],
    ['enableNodeOptionsEnvironmentVariable', false],
    ['enableNodeCliInspectArguments', false],
    ['enableEmbeddedAsarIntegrityValidation', true],
    ['onlyLoadAppFromAsar', true],
    ['loadBrowserProcessSpecificV8Snapshot', false],
    ['grantFileProtocolExtraPrivileges', false],
  ])('%s is %s', (name, value) => {
    expect(hook.FUSES[name]).toBe(value);
  });

  it('sets exactly those eight fuses', () => {
    expect(Object.keys(hook.FUSES)).toHaveLength(8);
  });

  const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
  // Electron's own defaults on a 9-fuse wire, as Electron 45 has it (the ninth, WasmTrapHandlers, is left alone).
  const wire = (states = '101100011') => Buffer.concat([Buffer.from(SENTINEL, 'latin1'), Buffer.from([1, states.length]), Buffer.from(states, 'latin1')]);
  const binaryWith = (...parts: Buffer[]) => Buffer.concat([Buffer.from('\x7fELF...code...'), ...parts, Buffer.from('...more code')]);
  const statesAfter = (binary: Buffer, from = 0) => {
    const at = binary.indexOf(SENTINEL, from, 'latin1') + SENTINEL.length + 2;
    return binary.subarray(at, at + 9).toString('latin1');
  };

  it('gives @electron/fuses a value for every fuse it knows, by its own option numbers', () => {
    const config = hook.fuseConfig();
    const known = Object.values(FuseV1Options).filter((v) => typeof v === 'number');
    expect(known).toHaveLength(8);
    expect(
      Object.keys(config)
        .filter((k) => /^\d+$/.test(k))
        .map(Number)
        .sort(),
    ).toEqual(known.sort());
    expect(config[FuseV1Options.RunAsNode]).toBe(false);
    expect(config[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(config['version']).toBe(FuseVersion.V1);
    expect(hook.fuseConfig({ appleSilicon: true })['resetAdHocDarwinSignature']).toBe(true);
  });

  it('afterPack flips the fuses of a packed Linux binary in place, through @electron/fuses, and nothing else', async () => {
    const appOutDir = mkdtempSync(join(tmpdir(), 'intake-fuses-'));
    try {
      const file = join(appOutDir, 'intake-desk');
      const binary = binaryWith(wire());
      writeFileSync(file, binary);
      vi.spyOn(console, 'log').mockImplementation(() => {});
      await hook.afterPack({
        appOutDir,
        electronPlatformName: 'linux',
        arch: 1,
        packager: { appInfo: { productFilename: 'Intake Desk' }, executableName: 'intake-desk' },
      });
      const after = readFileSync(file);
      expect(statesAfter(after)).toBe('010011001');
      const changed = [...after.keys()].filter((i) => after[i] !== binary[i]);
      const start = after.indexOf(SENTINEL, 0, 'latin1') + SENTINEL.length + 2;
      expect(changed.every((i) => i >= start && i < start + 8)).toBe(true);
      const wires = await getCurrentFuseWire(file);
      expect(wires[FuseV1Options.RunAsNode]).toBe('0'.charCodeAt(0));
      expect(wires[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe('1'.charCodeAt(0));
    } finally {
      vi.restoreAllMocks();
      rmSync(appOutDir, { recursive: true, force: true });
    }
  });

  it('refuses to pack an app whose binary has no fuse wire: never an unfused app silently', async () => {
    const appOutDir = mkdtempSync(join(tmpdir(), 'intake-fuses-'));
    try {
      writeFileSync(join(appOutDir, 'intake-desk'), binaryWith());
      await expect(
        hook.afterPack({
          appOutDir,
          electronPlatformName: 'linux',
          arch: 1,
          packager: { appInfo: { productFilename: 'Intake Desk' }, executableName: 'intake-desk' },
        }),
      ).rejects.toThrow(/sentinel/);
    } finally {
      rmSync(appOutDir, { recursive: true, force: true });
    }
  });

  it('finds the binary that holds the wire on each platform', () => {
    const packager = { appInfo: { productFilename: 'Intake Desk' }, executableName: 'intake-desk' };
    const at = (electronPlatformName: string) => hook.electronBinaryPath({ appOutDir: '/out', electronPlatformName, arch: 1, packager });
    expect(at('win32')).toBe(join('/out', 'Intake Desk.exe'));
    expect(at('linux')).toBe(join('/out', 'intake-desk'));
    // @electron/fuses finds the framework inside the .app itself.
    expect(at('darwin')).toBe(join('/out', 'Intake Desk.app'));
  });
});
