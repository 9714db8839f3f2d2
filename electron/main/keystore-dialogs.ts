import { dialog } from 'electron';

/** What the administrator sees of the key store at start-up, before the window opens. */

export function showRecoveryCodeOnce(code: string): void {
  dialog.showMessageBoxSync({
    type: 'warning',
    title: 'Recovery code',
    message: `Recovery code: ${code}`,
    detail: 'Write it down or print it now and lock it away: it is shown only this once. With it the data file opens on another computer, or when the key store is lost.',
    buttons: ['I have written it down'],
  });
}
