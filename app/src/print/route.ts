import { SLIP_LANGUAGES, SLIP_LAYOUTS, type SlipLanguage, type SlipLayout } from '../../../electron/api/views-print';

/**
 * What to print, as the app's print view and as a URL of its own (`#/print/slip/<householdId>?lang=hy&layout=a4`,
 * `#/print/report/<YYYY-MM-DD>?lang=ru`), which renders that document alone: the CLI opens it in Chromium.
 */
export type PrintRequest =
  | { kind: 'slip'; householdId: string; language: SlipLanguage; layout: SlipLayout }
  | { kind: 'report'; date: string; language: SlipLanguage; centreCode?: string }
  | { kind: 'ticket'; ticketId: string; language: SlipLanguage };

const isLanguage = (v: string | null): v is SlipLanguage => (SLIP_LANGUAGES as readonly (string | null)[]).includes(v);
const isLayout = (v: string | null): v is SlipLayout => (SLIP_LAYOUTS as readonly (string | null)[]).includes(v);

export function parsePrintHash(hash: string): PrintRequest | null {
  const match = /^#\/print\/(slip|report|ticket)\/([^?]+)(?:\?(.*))?$/.exec(hash);
  if (!match?.[1] || !match[2]) return null;
  const query = new URLSearchParams(match[3] ?? '');
  const lang = query.get('lang');
  const language = isLanguage(lang) ? lang : 'en';
  const target = decodeURIComponent(match[2]);
  if (match[1] === 'slip') {
    const layout = query.get('layout');
    return { kind: 'slip', householdId: target, language, layout: isLayout(layout) ? layout : 'a4' };
  }
  if (match[1] === 'ticket') return { kind: 'ticket', ticketId: target, language };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(target)) return null;
  const centre = query.get('centre');
  return { kind: 'report', date: target, language, ...(centre ? { centreCode: centre } : {}) };
}

export function printHash(request: PrintRequest): string {
  if (request.kind === 'slip') {
    return `#/print/slip/${encodeURIComponent(request.householdId)}?lang=${request.language}&layout=${request.layout}`;
  }
  if (request.kind === 'ticket') return `#/print/ticket/${encodeURIComponent(request.ticketId)}?lang=${request.language}`;
  return `#/print/report/${request.date}?lang=${request.language}${request.centreCode ? `&centre=${encodeURIComponent(request.centreCode)}` : ''}`;
}

export const isPrintRoute = (hash: string): boolean => parsePrintHash(hash) !== null;
