import type { IntakeBridge } from '../../../electron/api/bridge';

/**
 * Core may end a session on its own (idle past the limit, the operator deactivated): any answer saying so sends the
 * desk back to the lock or sign-in screen at once. The session gate says what to do (`onSessionLost`).
 */
let lost: () => void = () => {};
export const onSessionLost = (handler: () => void): void => {
  lost = handler;
};

export function watchSession(bridge: IntakeBridge): IntakeBridge {
  return {
    async invoke(method, input) {
      const result = await bridge.invoke(method, input);
      if (!result.ok && (result.error.code === 'locked' || result.error.code === 'unauthenticated')) lost();
      return result;
    },
    on: (event, listener) => bridge.on(event, listener),
    pathOf: (file) => bridge.pathOf(file),
  };
}
