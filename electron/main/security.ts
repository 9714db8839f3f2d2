import type { Session, Shell, WebContents } from 'electron';

// One policy for the app:// protocol and the web harness, so what the browser tests prove holds in the app.
export { CONTENT_SECURITY_POLICY } from '../web/csp.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'intake';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The only pages the app opens in the system browser: data-protection guidance, nothing a link could smuggle in. */
export const EXTERNAL_PAGES: readonly { label: string; url: string }[] = [
  { label: 'UNHCR: protection of personal data', url: 'https://www.unhcr.org/privacy-policy' },
  { label: 'ICRC: data protection in humanitarian action', url: 'https://www.icrc.org/en/data-protection-humanitarian-action-handbook' },
];

const parse = (url: string): URL | null => {
  try {
    return new URL(url);
  } catch {
    return null;
  }
};

/** True only for the renderer's own pages, served from build/app by the app:// protocol. */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

/** Exact matches only: a prefix or host check would let `https://www.unhcr.org.evil.example` through. */
export function isAllowedExternalUrl(url: string): boolean {
  const parsed = parse(url);
  if (!parsed || parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return false;
  return EXTERNAL_PAGES.some((page) => page.url === parsed.href);
}

/** Opens an allow-listed page in the system browser; anything else is refused and reported as not opened. */
export async function openExternalSafely(shell: Pick<Shell, 'openExternal'>, url: string): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) return false;
  await shell.openExternal(url);
  return true;
}

interface Preventable {
  url: string;
  preventDefault(): void;
}

const stayInApp = (event: Preventable): void => {
  if (!isAppUrl(event.url)) event.preventDefault();
};

/**
 * Keeps a web contents on the app's own pages: a link, a redirect or a script cannot take it to another origin,
 * open a window, or attach a webview (which would bring its own, unhardened preferences).
 */
export function guardNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event) => stayInApp(event));
  contents.on('will-frame-navigate', (event) => stayInApp(event));
  contents.on('will-redirect', (event) => stayInApp(event));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** The desk needs no camera, microphone, location, notifications or the like: every permission is refused. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
