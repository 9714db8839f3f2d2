import { BRIDGE_GLOBAL, createBridge, type IntakeBridge } from '../../electron/api/bridge';
import { watchSession } from './session/watch';

/**
 * Inside Electron the preload has put the bridge on window; in the browser harness the same factory is given an HTTP
 * transport. Nothing else in the renderer knows which it is.
 */
function httpBridge(): IntakeBridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let source: EventSource | undefined;
  const connect = () => {
    if (source) return;
    source = new EventSource('/api/events');
    source.onmessage = (message: MessageEvent<string>) => {
      const { event, payload } = JSON.parse(message.data) as { event: string; payload: unknown };
      for (const listener of listeners.get(event) ?? []) listener(payload);
    };
  };
  return createBridge({
    async invoke(method, input) {
      const response = await fetch('/api/invoke', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ method, input }),
      });
      return response.json();
    },
    subscribe(event, listener) {
      connect();
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
    // The browser cannot give a path: the harness keeps the upload in a temporary file and answers with its path.
    async pathOf(file) {
      const response = await fetch('/api/upload', { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: file });
      const result = (await response.json()) as { ok: boolean; value?: { path: string }; error?: { message: string } };
      if (!result.ok || !result.value) throw new Error(result.error?.message ?? 'The file could not be received.');
      return result.value.path;
    },
  });
}

declare global {
  interface Window {
    [BRIDGE_GLOBAL]?: IntakeBridge;
  }
}

export const bridge: IntakeBridge = watchSession(window[BRIDGE_GLOBAL] ?? httpBridge());
