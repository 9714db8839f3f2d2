import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { EventName } from '../../../electron/api/contract.js';
import type { Result } from '../../../electron/api/result.js';
import type { Dispatcher } from '../../../electron/handlers/dispatch.js';
import { EVENT_CHANNEL, forwardEvents, INVOKE_CHANNEL, registerIpc } from '../../../electron/main/ipc.js';

vi.mock('electron', () => ({}));

type InvokeHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

const frame = (props: Partial<WebFrameMain> = {}): WebFrameMain =>
  ({ processId: 4, routingId: 1, url: 'app://intake/index.html', detached: false, ...props }) as WebFrameMain;

function setUp(mainFrame: WebFrameMain | null = frame()) {
  const handlers = new Map<string, InvokeHandler>();
  const ipcMain = {
    handle: vi.fn((channel: string, handler: InvokeHandler) => {
      handlers.set(channel, handler);
    }),
  };
  const answer: Result<unknown> = { ok: true, value: { households: 3 } };
  const dispatcher = { invoke: vi.fn(async () => answer) };
  registerIpc(ipcMain as unknown as IpcMain, dispatcher, () => mainFrame);
  const call = async (senderFrame: WebFrameMain | null, method: unknown = 'stats.get', input: unknown = {}) => {
    const handler = handlers.get(INVOKE_CHANNEL);
    if (!handler) throw new Error('no handler');
    return (await handler({ senderFrame } as IpcMainInvokeEvent, method, input)) as Result<unknown>;
  };
  return { ipcMain, dispatcher, call, answer, mainFrame };
}

describe('registerIpc', () => {
  it('registers one handler, on intake:invoke', () => {
    const { ipcMain } = setUp();
    expect(ipcMain.handle).toHaveBeenCalledOnce();
    expect(ipcMain.handle.mock.calls[0]?.[0]).toBe('intake:invoke');
  });

  it("passes a call from the window's main frame on the app's page to the dispatcher, unchanged", async () => {
    const { dispatcher, call, answer, mainFrame } = setUp();
    await expect(call(mainFrame, 'household.create', { members: [] })).resolves.toBe(answer);
    expect(dispatcher.invoke).toHaveBeenCalledExactlyOnceWith('household.create', { members: [] });
  });

  it('recognises the main frame by its ids when Electron hands over another object for it', async () => {
    const { dispatcher, call } = setUp();
    await call(frame());
    expect(dispatcher.invoke).toHaveBeenCalledOnce();
  });

  it.each([
    ['a null sender frame', null],
    ['a subframe of the window', frame({ routingId: 2 })],
    ['a frame in another renderer process', frame({ processId: 9 })],
    ['the main frame navigated to https://evil.example', frame({ url: 'https://evil.example/' })],
    ['the main frame on a file: URL', frame({ url: 'file:///etc/passwd' })],
    ['the main frame on another app:// host', frame({ url: 'app://evil/index.html' })],
    ['a detached frame', frame({ detached: true })],
  ])('refuses %s as forbidden, without calling the dispatcher', async (_what, sender) => {
    const { dispatcher, call } = setUp();
    const result = await call(sender);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('forbidden');
      expect(result.error.message).toEqual(expect.any(String));
    }
    expect(dispatcher.invoke).not.toHaveBeenCalled();
  });

  it('refuses every caller while the window has no main frame', async () => {
    const { dispatcher, call } = setUp(null);
    const result = await call(frame());
    expect(result.ok).toBe(false);
    expect(dispatcher.invoke).not.toHaveBeenCalled();
  });
});

describe('forwardEvents', () => {
  function fakeDispatcher() {
    let listener: ((event: EventName, payload: unknown) => void) | undefined;
    const unsubscribe = vi.fn();
    const dispatcher: Pick<Dispatcher, 'onEvent'> = {
      onEvent: (l) => {
        listener = l;
        return unsubscribe;
      },
    };
    return { dispatcher, unsubscribe, emit: (event: EventName, payload: unknown) => listener?.(event, payload) };
  }

  it('sends intake:event with the event name and payload only', () => {
    const { dispatcher, emit } = fakeDispatcher();
    const webContents = { send: vi.fn(), isDestroyed: () => false };
    forwardEvents(dispatcher, webContents as unknown as WebContents);
    emit('data.changed', { kinds: ['households'] });
    expect(webContents.send).toHaveBeenCalledExactlyOnceWith(EVENT_CHANNEL, 'data.changed', { kinds: ['households'] });
    expect(EVENT_CHANNEL).toBe('intake:event');
  });

  it('sends nothing to a destroyed window, and returns the unsubscribe', () => {
    const { dispatcher, emit, unsubscribe } = fakeDispatcher();
    const webContents = { send: vi.fn(), isDestroyed: () => true };
    const stop = forwardEvents(dispatcher, webContents as unknown as WebContents);
    emit('data.changed', { kinds: ['batches'] });
    expect(webContents.send).not.toHaveBeenCalled();
    stop();
    expect(unsubscribe).toHaveBeenCalledOnce();
  });
});
