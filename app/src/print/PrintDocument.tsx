import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { AppError, Result } from '../../../electron/api/result';
import type { DailyReport, SlipView } from '../../../electron/api/views-print';
import type { QueueTicketView } from '../../../electron/api/views-queue';
import { TicketDocument } from './TicketDocument';
import { bridge } from '../bridge';
import { slipQrDataUrl } from './qr';
import { documentReady, fitPageTo } from './ready';
import { ReportDocument } from './ReportDocument';
import type { PrintRequest } from './route';
import { SlipDocument } from './SlipDocument';

type Loaded = { kind: 'slip'; slip: SlipView; qr: string } | { kind: 'report'; report: DailyReport } | { kind: 'ticket'; ticket: QueueTicketView };

const RECEIPT_WIDTH_MM = 80;

/**
 * Requests of one print are made once, even when React runs an effect twice (StrictMode in development): a print
 * is recorded in the audit trail, so a second request would count as a reprint.
 */
const inFlight = new Map<string, Promise<Result<Loaded>>>();

async function load(request: PrintRequest, record: boolean): Promise<Result<Loaded>> {
  if (request.kind === 'report') {
    const r = await bridge.invoke('report.daily', { date: request.date, ...(request.centreCode ? { centreCode: request.centreCode } : {}) });
    return r.ok ? { ok: true, value: { kind: 'report', report: r.value } } : r;
  }
  if (request.kind === 'ticket') {
    const r = await bridge.invoke('queue.ticket', { id: request.ticketId });
    return r.ok ? { ok: true, value: { kind: 'ticket', ticket: r.value } } : r;
  }
  const r = record
    ? await bridge.invoke('slip.print', { id: request.householdId, language: request.language, layout: request.layout })
    : await bridge.invoke('slip.get', { id: request.householdId });
  if (!r.ok) return r;
  return { ok: true, value: { kind: 'slip', slip: r.value, qr: await slipQrDataUrl(r.value.registrationNumber) } };
}

function loadOnce(key: string, request: PrintRequest, record: boolean): Promise<Result<Loaded>> {
  let pending = inFlight.get(key);
  if (!pending) {
    pending = load(request, record);
    inFlight.set(key, pending);
    void pending.finally(() => setTimeout(() => inFlight.delete(key), 1000));
  }
  return pending;
}

/**
 * Loads a document (recording the print when `record`), renders it, and tells `onReady` once its images and fonts
 * are in, so what goes to the printer is complete. `requestKey` distinguishes two prints of the same slip.
 */
export function PrintDocument({
  request,
  record,
  requestKey,
  onReady,
  onError,
}: {
  request: PrintRequest;
  record: boolean;
  requestKey: string;
  onReady: (root: HTMLElement) => void;
  onError: (error: AppError) => void;
}) {
  const [loaded, setLoaded] = useState<Loaded>();
  const root = useRef<HTMLDivElement>(null);
  const callbacks = useRef({ onReady, onError });
  useLayoutEffect(() => {
    callbacks.current = { onReady, onError };
  });

  useEffect(() => {
    let live = true;
    void loadOnce(requestKey, request, record).then((r) => {
      if (!live) return;
      if (r.ok) setLoaded(r.value);
      else callbacks.current.onError(r.error);
    });
    return () => {
      live = false;
    };
  }, [requestKey, request, record]);

  useEffect(() => {
    const element = root.current;
    if (!loaded || !element) return;
    let live = true;
    let release = () => undefined as void;
    void documentReady(element).then(() => {
      if (!live) return;
      if (request.kind === 'slip' && request.layout === 'receipt') release = fitPageTo(element.querySelector('.slip'), RECEIPT_WIDTH_MM);
      if (request.kind === 'ticket') release = fitPageTo(element.querySelector('.ticket'), RECEIPT_WIDTH_MM);
      callbacks.current.onReady(element);
    });
    return () => {
      live = false;
      release();
    };
  }, [loaded, request]);

  return (
    <div ref={root} className="print-document">
      {loaded?.kind === 'slip' && request.kind === 'slip' && (
        <SlipDocument slip={loaded.slip} language={request.language} layout={request.layout} qr={loaded.qr} />
      )}
      {loaded?.kind === 'report' && <ReportDocument report={loaded.report} language={request.language} />}
      {loaded?.kind === 'ticket' && <TicketDocument ticket={loaded.ticket} language={request.language} />}
    </div>
  );
}
