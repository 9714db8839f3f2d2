import { build, type BuildOptions } from 'esbuild';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { IntakeBridge } from '../../../electron/api/bridge.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../../electron/main/ipc.js';

/**
 * The preload is CommonJS and runs sandboxed, so it is tested as it ships: bundled with the options of
 * scripts/build-electron.mjs and run in a bare V8 context whose only `require` answers 'electron' with fakes.
 * (vi.mock cannot reach a CommonJS require, and Vite does not load .cts files.)
 */

type IpcListener = (event: unknown, ...args: unknown[]) => void;

function fakeElectron() {
  const listeners = new Map<string, Set<IpcListener>>();
  const ipcRenderer = {
    invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: 'pong' })),
    on: vi.fn((channel: string, listener: IpcListener) => {
      listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener));
    }),
    removeListener: vi.fn((channel: string, listener: IpcListener) => {
      listeners.get(channel)?.delete(listener);
    }),
  };
  const contextBridge = { exposeInMainWorld: vi.fn() };
  // Electron's own way to a chosen file's path in a sandboxed renderer (File.path is gone).
  const webUtils = { getPathForFile: vi.fn((file: { name: string }) => `/home/clerk/${file.name}`) };
  /** What main's webContents.send delivers: Electron passes its IPC event first. */
  const send = (channel: string, ...args: unknown[]) => {
    for (const listener of listeners.get(channel) ?? []) listener({ sender: 'ipc event', ports: [] }, ...args);
  };
  const count = (channel: string) => listeners.get(channel)?.size ?? 0;
  return { electron: { contextBridge, ipcRenderer, webUtils }, send, count };
}

let bundle = '';

beforeAll(async () => {
  const script = new URL('../../../scripts/build-electron.mjs', import.meta.url).href;
  const { preloadBuild } = (await import(script)) as { preloadBuild: BuildOptions };
  const result = await build({ ...preloadBuild, write: false, sourcemap: false, metafile: false, logLevel: 'silent' });
  bundle = result.outputFiles.find((file) => file.path.endsWith('preload.cjs'))?.text ?? '';
  expect(bundle).not.toBe('');
});

function loadPreload() {
  const fake = fakeElectron();
  const required: string[] = [];
  const module = { exports: {} };
  const require = (id: string): unknown => {
    required.push(id);
    if (id === 'electron') return fake.electron;
    throw new Error(`A sandboxed preload cannot require ${id}`);
  };
  const run = runInNewContext(`(function (require, module, exports) {\n${bundle}\n})`, {}) as (...args: unknown[]) => void;
  run(require, module, module.exports);
  const calls = fake.electron.contextBridge.exposeInMainWorld.mock.calls as unknown[][];
  const bridge = calls[0]?.[1] as IntakeBridge;
  return { ...fake, required, calls, bridge };
}

describe('preload', () => {
  it("requires nothing but 'electron', so it runs in the sandbox", () => {
    expect(new Set(loadPreload().required)).toEqual(new Set(['electron']));
  });

  it("exposes exactly one object, as 'intake', with exactly invoke, on and pathOf", () => {
    const { calls, bridge } = loadPreload();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.[0]).toBe('intake');
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on', 'pathOf']);
    expect(bridge.invoke).toBeTypeOf('function');
    expect(bridge.on).toBeTypeOf('function');
  });

  it('gives a chosen file by its path (webUtils), never its bytes', async () => {
    const { bridge, electron } = loadPreload();
    const file = { name: 'batch.ibatch' } as File;
    expect(await bridge.pathOf(file)).toEqual({ ok: true, value: '/home/clerk/batch.ibatch' });
    expect(electron.webUtils.getPathForFile).toHaveBeenCalledExactlyOnceWith(file);
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('invokes on the channel main handles and returns its answer', async () => {
    const { bridge, electron } = loadPreload();
    const answer = await bridge.invoke('household.get', { id: 'h1' } as never);
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(INVOKE_CHANNEL, 'household.get', { id: 'h1' });
    expect(answer).toMatchObject({ ok: true, value: 'pong' });
  });

  it('turns a failed IPC call into an error value, not a throw', async () => {
    const { bridge, electron } = loadPreload();
    electron.ipcRenderer.invoke.mockRejectedValueOnce(new Error('renderer gone'));
    const answer = await bridge.invoke('household.get', { id: 'h1' } as never);
    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('gives a listener the payload alone, never the IPC event', () => {
    const { bridge, send, electron } = loadPreload();
    const listener = vi.fn();
    bridge.on('data.changed', listener);
    expect(electron.ipcRenderer.on).toHaveBeenCalledWith(EVENT_CHANNEL, expect.any(Function));
    send(EVENT_CHANNEL, 'data.changed', { kinds: ['households'] });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toHaveLength(1);
    expect(listener.mock.calls[0]?.[0]).toMatchObject({ kinds: ['households'] });
  });

  it('does not deliver events of another name', () => {
    const { bridge, send } = loadPreload();
    const listener = vi.fn();
    bridge.on('data.changed', listener);
    send(EVENT_CHANNEL, 'sync.finished', { ok: true });
    send('some:other-channel', 'data.changed', { kinds: [] });
    expect(listener).not.toHaveBeenCalled();
  });

  it('returns an unsubscribe that removes its own listener', () => {
    const { bridge, send, count, electron } = loadPreload();
    const kept = vi.fn();
    const dropped = vi.fn();
    bridge.on('data.changed', kept);
    const unsubscribe = bridge.on('data.changed', dropped);
    expect(count(EVENT_CHANNEL)).toBe(2);
    unsubscribe();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledOnce();
    expect(count(EVENT_CHANNEL)).toBe(1);
    send(EVENT_CHANNEL, 'data.changed', { kinds: ['batches'] });
    expect(dropped).not.toHaveBeenCalled();
    expect(kept).toHaveBeenCalledOnce();
  });

  it('refuses to subscribe to an event the contract does not name', () => {
    const { bridge, electron } = loadPreload();
    expect(() => bridge.on('not.an.event' as never, vi.fn())).toThrow();
    expect(electron.ipcRenderer.on).not.toHaveBeenCalled();
  });
});
