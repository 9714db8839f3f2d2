import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { fail } from '../api/result.js';
import type { Dispatcher } from '../handlers/dispatch.js';
import { isAppUrl } from './security.js';

/** The preload's two channels; the strings are repeated in electron/preload/preload.cts (its test checks they match). */
export const INVOKE_CHANNEL = 'intake:invoke';
export const EVENT_CHANNEL = 'intake:event';

/**
 * Only the main frame of the desk's window, showing the app's own page, may call: an iframe, a page that got
 * navigated elsewhere, or a frame already gone is refused before anything reaches the dispatcher.
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, mainFrame: WebFrameMain | null | undefined): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.detached || !mainFrame) return false;
  // Distinct WebFrameMain objects may stand for one frame: the process and routing ids say which frame it is.
  const sameFrame = frame === mainFrame || (frame.processId === mainFrame.processId && frame.routingId === mainFrame.routingId);
  return sameFrame && isAppUrl(frame.url);
}

/** One handler for every method: the sender check here, then the dispatcher's validation, roles and error values. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  dispatcher: Pick<Dispatcher, 'invoke'>,
  getMainFrame: () => WebFrameMain | null | undefined,
): void {
  ipcMain.handle(INVOKE_CHANNEL, (event, method: unknown, input: unknown) => {
    if (!isTrustedSender(event, getMainFrame())) {
      return fail('forbidden', 'This request did not come from the Intake Desk window and was refused.');
    }
    return dispatcher.invoke(method, input);
  });
}

/** Pushes the dispatcher's events to the window as (name, payload); returns the unsubscribe. */
export function forwardEvents(dispatcher: Pick<Dispatcher, 'onEvent'>, webContents: Pick<WebContents, 'send' | 'isDestroyed'>): () => void {
  return dispatcher.onEvent((name, payload) => {
    if (!webContents.isDestroyed()) webContents.send(EVENT_CHANNEL, name, payload);
  });
}
