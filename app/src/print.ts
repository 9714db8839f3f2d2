import { createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { SlipLanguage, SlipLayout } from '../../electron/api/views-print';
import { bridge } from './bridge';
import { PrintOverlay } from './print/PrintOverlay';
import { likelyLanguage, preferredLanguage, preferredLayout } from './print/preferences';
import type { PrintRequest } from './print/route';
import { useUi } from './store';

/**
 * Printing from the app: the document is shown in the print view over the app and the system print dialog opens.
 * The slip is printed in the family's language (independent of the screen's), on the desk's paper.
 */

let open: { root: Root; container: HTMLElement; done: () => void; focus: Element | null } | undefined;
let printSequence = 0;

function close(): void {
  if (!open) return;
  const { root, container, done, focus } = open;
  open = undefined;
  root.unmount();
  container.remove();
  document.body.classList.remove('is-printing');
  if (focus instanceof HTMLElement && focus.isConnected) focus.focus();
  done();
}

function show(request: PrintRequest): Promise<void> {
  close();
  return new Promise((resolve) => {
    const container = document.createElement('div');
    container.id = 'print-root';
    document.body.append(container);
    document.body.classList.add('is-printing');
    const root = createRoot(container);
    open = { root, container, done: resolve, focus: document.activeElement };
    printSequence += 1;
    root.render(createElement(PrintOverlay, { request, requestKey: `print-${printSequence}`, onClose: close }));
  });
}

/** Prints the family's slip; without a language, the one their names were typed in (or the desk's last choice). */
export async function printSlip(householdId: string, options: { language?: SlipLanguage; layout?: SlipLayout } = {}): Promise<void> {
  let language = options.language;
  if (!language) {
    const preview = await bridge.invoke('slip.get', { id: householdId });
    language = preview.ok ? likelyLanguage(preview.value) : preferredLanguage();
  }
  await show({ kind: 'slip', householdId, language, layout: options.layout ?? preferredLayout() });
}

/** Prints the centre's daily summary for a day, in the language of the screen unless told otherwise. */
export async function printReport(date: string, language: SlipLanguage = useUi.getState().language): Promise<void> {
  await show({ kind: 'report', date, language });
}

/** Prints a queue ticket at the door, in the family's language, on the 80 mm printer (issue 17). */
export async function printTicket(ticketId: string, language: SlipLanguage): Promise<void> {
  await show({ kind: 'ticket', ticketId, language });
}
