import { useState } from 'react';
import type { HubBatchesView, StationAttemptView } from '../../../electron/api/views-batches';
import { bridge } from '../bridge';
import { formatDateTime, formatNumber, useT } from '../i18n';
import { useUi } from '../store';
import { useMayCall } from '../session/store';
import { MessageLine, useSectionMessage } from './useMessage';

/** Hub trust (issue 11): the desks that tried before being enrolled (enrol one after a confirmation), and refusals. */

function AttemptsSection({ attempts }: { attempts: StationAttemptView[] }) {
  const t = useT();
  const language = useUi((s) => s.language);
  const mayEnrol = useMayCall('hub.enrol');
  const { message, setMessage, fromError } = useSectionMessage();
  const [confirm, setConfirm] = useState<StationAttemptView>();
  const enrol = async (attempt: StationAttemptView) => {
    setConfirm(undefined);
    const r = await bridge.invoke('hub.enrol', { fingerprint: attempt.fingerprint, confirm: true });
    setMessage(r.ok ? { kind: 'success', text: t('trust.enrol.done', { fingerprint: r.value.fingerprint }) } : fromError(r.error));
  };
  return (
    <section className="card" aria-labelledby="attempts-title">
      <h2 id="attempts-title">{t('trust.attempts.title')}</h2>
      <MessageLine message={message} />
      {attempts.length === 0 ? (
        <p className="muted">{t('trust.attempts.empty')}</p>
      ) : (
        <>
          <p>{t('trust.attempts.intro')}</p>
          <table aria-labelledby="attempts-title">
            <thead>
              <tr>
                <th scope="col">{t('trust.col.station')}</th>
                <th scope="col">{t('trust.col.centre')}</th>
                <th scope="col">{t('trust.col.fingerprint')}</th>
                <th scope="col">{t('trust.col.lastTried')}</th>
                <th scope="col">{t('trust.col.tries')}</th>
                {mayEnrol && <th scope="col">{t('trust.enrol')}</th>}
              </tr>
            </thead>
            <tbody>
              {attempts.map((a) => (
                <tr key={a.fingerprint}>
                  <td className="mono">{a.stationId}</td>
                  <td>{a.centre}</td>
                  <td className="mono">{a.fingerprint}</td>
                  <td>{formatDateTime(a.lastAt, language)}</td>
                  <td>{formatNumber(a.attempts, language)}</td>
                  {mayEnrol && (
                    <td>
                      <button type="button" className="button" aria-label={t('trust.enrol.label', { station: a.stationId })} onClick={() => setConfirm(a)}>
                        {t('trust.enrol')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {confirm && (
        <div role="dialog" aria-modal="true" aria-labelledby="enrol-confirm-title" className="dialog">
          <h2 id="enrol-confirm-title">{t('trust.confirm.title')}</h2>
          <p>{t('trust.confirm.text')}</p>
          <p className="batches__fingerprint">{confirm.fingerprint}</p>
          <div className="actions">
            <button type="button" className="button button--primary" onClick={() => void enrol(confirm)}>
              {t('trust.confirm.accept')}
            </button>
            <button type="button" className="button button--quiet" autoFocus onClick={() => setConfirm(undefined)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function RefusalsSection({ view }: { view: HubBatchesView }) {
  const t = useT();
  const language = useUi((s) => s.language);
  const refusals = view.refusals ?? [];
  return (
    <section className="card" aria-labelledby="refusals-title">
      <h2 id="refusals-title">{t('trust.refusals.title')}</h2>
      {refusals.length === 0 ? (
        <p className="muted">{t('trust.refusals.empty')}</p>
      ) : (
        <table aria-labelledby="refusals-title">
          <thead>
            <tr>
              <th scope="col">{t('trust.col.reason')}</th>
              <th scope="col">{t('trust.col.count')}</th>
              <th scope="col">{t('trust.col.last')}</th>
            </tr>
          </thead>
          <tbody>
            {refusals.map((r) => (
              <tr key={r.code}>
                <td className="mono">{r.code}</td>
                <td>{formatNumber(r.count, language)}</td>
                <td>{formatDateTime(r.lastAt, language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function HubTrust({ view }: { view: HubBatchesView }) {
  return (
    <>
      <AttemptsSection attempts={view.attempts ?? []} />
      <RefusalsSection view={view} />
    </>
  );
}
