import type { MethodInput, MethodName, MethodResult } from './contract.js';
import { isEventName, type EventName, type Events } from './events.js';
import type { Result } from './result.js';

/**
 * The renderer's only door. The preload builds it over ipcRenderer, the web harness over HTTP; the renderer cannot
 * tell the two apart.
 */
export interface IntakeBridge {
  invoke<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodResult<M>>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

export interface BridgeTransport {
  invoke(method: string, input: unknown): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
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
  };
}

export const BRIDGE_GLOBAL = 'intake';
