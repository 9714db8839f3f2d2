import { useEffect, useState } from 'react';
import type { AppError } from '../../../electron/api/result';
import { PrintDocument } from './PrintDocument';
import { parsePrintHash, type PrintRequest } from './route';

/**
 * A print URL (`#/print/slip/<id>?lang=hy&layout=a4`, `#/print/report/<date>?lang=ru`) renders that document alone,
 * for the CLI's Chromium. A slip opened this way is a print and is recorded as one. `<html data-print-ready>` tells
 * the caller the fonts and the QR code are in; `<html data-print-error>` carries a failure's message.
 */
export function PrintRoute() {
  const [request] = useState<PrintRequest | null>(() => parsePrintHash(window.location.hash));
  const [error, setError] = useState<AppError>();
  useEffect(() => {
    document.body.classList.add('print-page');
    if (request) document.documentElement.lang = request.language;
  }, [request]);
  if (!request) return null;
  return (
    <>
      {error && (
        <p role="alert" className="print-error">
          {error.message}
        </p>
      )}
      <PrintDocument
        request={request}
        record={request.kind === 'slip'}
        requestKey={window.location.hash}
        onReady={() => {
          document.documentElement.dataset['printReady'] = 'true';
        }}
        onError={(e) => {
          setError(e);
          document.documentElement.dataset['printError'] = e.message;
        }}
      />
    </>
  );
}
