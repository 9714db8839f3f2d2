import { useEffect, useRef, useState } from 'react';
import type { AppError } from '../../../electron/api/result';
import { useIssueText, useT } from '../i18n';
import { PrintDocument } from './PrintDocument';
import type { PrintRequest } from './route';
import './print.css';

/**
 * The app's print view: the document over the app, sent to the system print dialog (where "Save as PDF" is a
 * destination) as soon as its fonts and QR code are in, then closed. Print CSS hides everything but the document.
 */
export function PrintOverlay({ request, requestKey, onClose }: { request: PrintRequest; requestKey: string; onClose: () => void }) {
  const t = useT();
  const issueText = useIssueText();
  const [error, setError] = useState<string>();
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  useEffect(() => {
    if (error) closeButton.current?.focus();
  }, [error]);

  const print = () => {
    // One frame after the fonts are in, so the page the dialog shows is the finished one.
    requestAnimationFrame(() => {
      window.print();
      onClose();
    });
  };
  const fail = (e: AppError) => setError(issueText({ code: `error.${e.code}`, message: e.message }));

  return (
    <div className="print-overlay" role="dialog" aria-modal="true" aria-label={t('print.preview')}>
      <div className="print-overlay__bar">
        {error ? <p role="alert">{t('print.failed', { reason: error })}</p> : <p role="status">{t('print.preparing')}</p>}
        <button ref={closeButton} type="button" className="button" onClick={onClose}>
          {t('print.close')} <kbd>Esc</kbd>
        </button>
      </div>
      {!error && (
        <div className="print-overlay__paper">
          <PrintDocument request={request} record={request.kind === 'slip'} requestKey={requestKey} onReady={print} onError={fail} />
        </div>
      )}
    </div>
  );
}
