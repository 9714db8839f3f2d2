import type { MethodInput, MethodName, MethodResult } from './contract.js';
import { isEventName, type EventName, type Events } from './events.js';
import type { Result } from './result.js';

/**
 * The renderer's only door. The preload builds it over ipcRenderer, the web harness over HTTP; the renderer cannot
 * tell the two apart. Besides invoke and on, it says where a chosen file lives (pathOf), as methods take paths.
 */
export interface IntakeBridge {
  invoke<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodResult<M>>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** Where a file the operator chose lives, for a method that takes a path: files cross by path, never as bytes. */
  pathOf(file: File): Promise<Result<string>>;
}

export interface BridgeTransport {
  invoke(method: string, input: unknown): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
  /** Electron: the path the OS gave the chosen file; the harness: the path of its upload to a temporary file. */
  pathOf(file: File): Promise<string>;
}

const transportFailure = (error: unknown) => ({
  ok: false as const,
  error: {
    code: 'internal' as const,
    message: `The app could not reach its data store: ${error instanceof Error ? error.message : String(error)}`,
  },
});

export function createBridge(transport: BridgeTransport): IntakeBridge {
  return {
    async invoke(method, input) {
      try {
        return (await transport.invoke(method, input)) as Result<never>;
      } catch (error) {
        return transportFailure(error);
      }
    },
    on(event, listener) {
      if (!isEventName(event)) throw new Error(`Unknown event ${String(event)}`);
      // Listeners get the payload only, never the transport's event object.
      return transport.subscribe(event, (payload) => listener(payload as never));
    },
    async pathOf(file) {
      try {
        const path = await transport.pathOf(file);
        return path ? { ok: true, value: path } : { ok: false, error: { code: 'invalid_input', message: 'The file has no path on this computer.' } };
      } catch (error) {
        return transportFailure(error);
      }
    },
  };
}

export const BRIDGE_GLOBAL = 'intake';
