import { useEffect, useId, useRef, useState } from 'react';
import type { SyncStatusView } from '../../../electron/api/views-sync';
import { bridge } from '../bridge';
import { formatDateTime, formatNumber, useT, type Language } from '../i18n';
import { useMayCall, useSession } from '../session/store';
import { useUi } from '../store';
import { useMethod } from '../useMethod';
import './sync.css';

/** How often the indicator asks again by itself (the online state and the times move even when no data changes). */
const REFRESH_MS = 20_000;

/** Today: the time alone; another day: date and time. */
export function shortTime(iso: string, language: Language): string {
  const date = new Date(iso);
  if (date.toDateString() !== new Date().toDateString()) return formatDateTime(iso, language);
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'ru-RU', { hour: '2-digit', minute: '2-digit' }).format(date);
}

type Tone = 'ok' | 'waiting' | 'bad' | 'off';

function toneOf(s: SyncStatusView): Tone {
  if (!s.configured) return 'off';
  // A refused batch is not at the hub and will not go by itself: a problem, never "done" or merely waiting.
  if (s.online === false || s.lastError || s.refused > 0) return 'bad';
  if (s.waiting > 0 || s.pendingChanges > 0) return 'waiting';
  return s.online ? 'ok' : 'off';
}

/**
 * Always in the top bar for a signed-in operator: online or offline (as last checked against the hub), what is
 * waiting, the last successful sync, the last problem in words, and "Sync now". The details open below it.
 */
export function SyncIndicator() {
  const t = useT();
  const { language, go } = useUi();
  const role = useSession((s) => s.view?.operator?.role);
  const mayConfigure = useMayCall('sync.settings');
  const mayRetry = useMayCall('sync.retryRefused');
  // Asked while someone is signed in: again on every change that moves what waits, and on a timer.
  const asked = useMethod('sync.status', role ? {} : null, { on: ['households', 'batches', 'settings', 'sync'] });
  const { refresh } = asked;
  const status = asked.data;
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<string>();
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!role) return;
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [role, refresh]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    const onClick = (e: MouseEvent) => rootRef.current && !rootRef.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  if (!role || !status) return null;

  const syncNow = async () => {
    setBusy(true);
    setResult(undefined);
    try {
      const r = await bridge.invoke('sync.now', {});
      if (!r.ok) setResult(r.error.code === 'not_configured' ? t('sync.notConfigured') : r.error.message);
      else if (r.value.error && r.value.error.code !== 'refused') setResult(t('sync.result.failed'));
      else if (r.value.refused.length > 0) setResult(t('sync.result.refused', { count: r.value.refused.length }));
      else if (r.value.acknowledged.length > 0) setResult(t('sync.result.done', { n: formatNumber(r.value.acknowledged.length, language) }));
      else setResult(t('sync.result.nothing'));
    } finally {
      setBusy(false);
      refresh();
    }
  };
  const retryRefused = async () => {
    const r = await bridge.invoke('sync.retryRefused', {});
    setResult(r.ok ? t('sync.details.retried', { n: formatNumber(r.value.count, language) }) : r.error.message);
    refresh();
  };

  const s = status;
  if (s.role === 'hub' && !s.configured) {
    // A hub receives; it sends nothing. Its indicator says whether it serves the desks.
    return (
      <div className={`sync sync--${s.servePort ? 'ok' : 'off'}`} role="group" aria-label={t('sync.label')}>
        <div className="sync__bar">
          <button type="button" className="sync__summary" disabled={!mayConfigure} onClick={() => go('sync')}>
            <span className="sync__dot" aria-hidden="true" />
            <span className="sync__state">{s.servePort ? t('sync.hub.serving', { port: s.servePort }) : t('sync.hub.notServing')}</span>
          </button>
        </div>
      </div>
    );
  }
  const tone = busy || s.running ? 'waiting' : toneOf(s);
  const state =
    busy || s.running
      ? t('sync.state.running')
      : !s.configured
        ? t('sync.state.off')
        : s.online === null
          ? t('sync.state.unknown')
          : s.online
            ? t('sync.state.online')
            : t('sync.state.offline');
  const nothingWaiting = s.waiting === 0 && s.pendingChanges === 0;
  const parts = [
    state,
    ...(s.configured && nothingWaiting && s.refused === 0 && s.online ? [t('sync.synced')] : []),
    ...(s.waiting > 0 ? [t('sync.waiting', { n: formatNumber(s.waiting, language) })] : []),
    ...(s.pendingChanges > 0 ? [t('sync.changes', { n: formatNumber(s.pendingChanges, language) })] : []),
    ...(s.refused > 0 ? [t('sync.refusedShort', { n: formatNumber(s.refused, language) })] : []),
  ];
  const last = s.lastSuccessAt ? t('sync.lastSync', { time: shortTime(s.lastSuccessAt, language) }) : t('sync.lastSync.never');
  const errorText = s.lastError ? t(`sync.error.${s.lastError.code}`) : undefined;

  return (
    <div className={`sync sync--${tone}`} role="group" aria-label={t('sync.label')} ref={rootRef}>
      <div className="sync__bar">
        <button
          type="button"
          className="sync__summary"
          aria-expanded={open}
          aria-controls={panelId}
          title={t('sync.details.show')}
          onClick={() => setOpen((o) => !o)}
        >
          <span className="sync__dot" aria-hidden="true" />
          {/* Read out when it changes; the button's name is this text. */}
          <span className="sync__text" aria-live="polite">
            <span className="sync__state">{parts.join(' · ')}</span>
            {s.configured && <small className="sync__last">{last}</small>}
          </span>
        </button>
        {s.configured && (
          <button type="button" className="tab sync__now" disabled={busy} onClick={() => void syncNow()}>
            {t('sync.now')}
          </button>
        )}
      </div>
      {errorText && (
        <p className="sync__error" title={s.lastError?.message}>
          {errorText}
        </p>
      )}
      {!errorText && s.refused > 0 && <p className="sync__error">{t('sync.refusedProblem', { count: s.refused })}</p>}
      {open && (
        <div id={panelId} className="sync__panel" role="region" aria-label={t('sync.details.title')}>
          <h2>{t('sync.details.title')}</h2>
          {!s.configured && <p>{t('sync.notConfigured')}</p>}
          {s.configured && (
            <ul className="sync__facts">
              <li>{t('sync.details.hub', { address: s.address })}</li>
              {s.lastCheckedAt && (
                <li>
                  {t('sync.details.checked', { time: formatDateTime(s.lastCheckedAt, language) })} — {state}
                </li>
              )}
              <li>{t('sync.details.waiting', { n: formatNumber(s.waiting, language) })}</li>
              {s.awaitingReceipt > 0 && <li>{t('sync.details.awaiting', { n: formatNumber(s.awaitingReceipt, language) })}</li>}
              {s.pendingChanges > 0 && <li>{t('sync.details.changes', { n: formatNumber(s.pendingChanges, language) })}</li>}
              <li>{s.lastSuccessAt ? t('sync.details.lastSuccess', { time: formatDateTime(s.lastSuccessAt, language) }) : t('sync.lastSync.never')}</li>
              {s.nextAttemptAt && s.online === false && <li>{t('sync.details.next', { time: formatDateTime(s.nextAttemptAt, language) })}</li>}
            </ul>
          )}
          {s.lastError && (
            <div className="sync__problem">
              <strong>{t('sync.details.lastError', { time: formatDateTime(s.lastError.at, language) })}</strong>
              <p>{errorText}</p>
              <p className="sync__detail" lang="en">
                {s.lastError.message}
              </p>
            </div>
          )}
          {s.refusedBatches.length > 0 && (
            <div className="sync__problem">
              <strong>{t('sync.details.refused')}</strong>
              <ul>
                {s.refusedBatches.map((b) => (
                  <li key={b.batchId}>
                    {t('sync.details.refusedItem', { from: b.sequenceFrom, to: b.sequenceTo, households: b.households, reason: b.reason })}
                  </li>
                ))}
              </ul>
              {mayRetry && (
                <button type="button" className="button" onClick={() => void retryRefused()}>
                  {t('sync.details.retry')}
                </button>
              )}
            </div>
          )}
          {result && (
            <p className="sync__result" role="status">
              {result}
            </p>
          )}
          <div className="actions">
            {mayConfigure && (
              <button
                type="button"
                className="button"
                onClick={() => {
                  setOpen(false);
                  go('sync');
                }}
              >
                {t('sync.details.settings')}
              </button>
            )}
            <button type="button" className="button button--quiet" onClick={() => setOpen(false)}>
              {t('sync.details.close')}
            </button>
          </div>
        </div>
      )}
      {!open && result && (
        <p className="visually-hidden" role="status">
          {result}
        </p>
      )}
    </div>
  );
}
