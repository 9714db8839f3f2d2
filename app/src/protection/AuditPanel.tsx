import { useCallback, useEffect, useState } from 'react';
import type { AuditChainReport, AuditEventView, StationTrailView } from '../../../electron/api/views-protection';
import { bridge } from '../bridge';
import { formatDateTime, hasMessage, translate, useT } from '../i18n';
import { useUi } from '../store';
import { actionWords } from './recordFields';

const PAGE = 100;

/** The chain's state (as `audit-verify` reports it) and the latest events, newest first. */
export function AuditPanel() {
  const t = useT();
  const language = useUi((s) => s.language);
  const [report, setReport] = useState<AuditChainReport>();
  const [events, setEvents] = useState<AuditEventView[]>([]);
  const [more, setMore] = useState(true);
  const verify = useCallback(() => {
    void bridge.invoke('audit.verify', {}).then((r) => r.ok && setReport(r.value));
  }, []);
  const loadMore = useCallback((before?: number) => {
    void bridge.invoke('audit.recent', { limit: PAGE, ...(before ? { beforeSeq: before } : {}) }).then((r) => {
      if (!r.ok) return;
      setEvents((old) => (before ? [...old, ...r.value] : r.value));
      setMore(r.value.length === PAGE);
    });
  }, []);
  useEffect(() => {
    verify();
    loadMore();
  }, [verify, loadMore]);
  const actionText = (action: string) => actionWords(action, language);
  const detailText = (e: AuditEventView) => {
    const d = e.detail;
    const reason =
      typeof d['reason'] === 'string' && hasMessage(`audit.reason.${d['reason']}`) ? translate(language, `audit.reason.${d['reason']}`) : d['reason'];
    // A search is recorded by the persons it showed (older events kept the text typed, and show it as written).
    const shown = Array.isArray(d['shown']) ? t('audit.shown', { count: d['shown'].length + (typeof d['more'] === 'number' ? d['more'] : 0) }) : undefined;
    const parts = [d['registrationNumber'], d['name'], d['text'] !== undefined ? `“${String(d['text'])}” (${String(d['hits'])})` : undefined, shown, reason];
    return parts
      .filter((p) => p !== undefined && p !== '')
      .map(String)
      .join(' · ');
  };
  return (
    <div className="audit">
      <h2>{t('audit.title')}</h2>
      {!report ? (
        <p role="status">{t('audit.checking')}</p>
      ) : report.brokenAt ? (
        <p className="banner banner--error" role="alert">
          {t('audit.broken', { seq: report.brokenAt.seq, kind: t(`audit.kind.${report.brokenAt.kind}`) })}
        </p>
      ) : report.anchor?.problem ? (
        <p className="banner banner--error" role="alert">
          {t('audit.anchor.problem', { seq: report.anchor.problem.seq, problem: t(`audit.anchor.problem.${report.anchor.problem.kind}`) })}
        </p>
      ) : (
        <p className="banner banner--success" role="status">
          {t('audit.intact', { events: report.events })}
        </p>
      )}
      {/* A hub cuts no batches, so signs no head of its own: its table below is what it anchors. */}
      {report?.anchor && !report.anchor.problem && !report.stations && (
        <p>
          {report.anchor.signedSeq > 0 && report.anchor.signedAt
            ? t('audit.anchor.signed', { seq: report.anchor.signedSeq, at: formatDateTime(report.anchor.signedAt, language) })
            : t('audit.anchor.none')}
        </p>
      )}
      {report?.stations && <StationTrails stations={report.stations} />}
      <button
        type="button"
        className="button"
        onClick={() => {
          setReport(undefined);
          verify();
        }}
      >
        {t('audit.verify')}
      </button>
      <table aria-label={t('audit.recent')}>
        <caption className="visually-hidden">{t('audit.recent')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.seq')}</th>
            <th scope="col">{t('audit.at')}</th>
            <th scope="col">{t('audit.operator')}</th>
            <th scope="col">{t('audit.action')}</th>
            <th scope="col">{t('audit.record')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.seq}>
              <td className="mono">{e.seq}</td>
              <td>{formatDateTime(e.at, language)}</td>
              <td>{e.operator}</td>
              <td>{actionText(e.action)}</td>
              <td>{detailText(e)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more && events.length > 0 && (
        <button type="button" className="button button--quiet" onClick={() => loadMore(events.at(-1)?.seq)}>
          {t('audit.more')}
        </button>
      )}
    </div>
  );
}

/** At a hub: each desk's trail against the heads it signed, the first divergence named. */
function StationTrails({ stations }: { stations: StationTrailView[] }) {
  const t = useT();
  const language = useUi((s) => s.language);
  return (
    <section aria-labelledby="audit-stations">
      <h3 id="audit-stations">{t('audit.stations.title')}</h3>
      {stations.length === 0 ? (
        <p>{t('audit.stations.none')}</p>
      ) : (
        <table aria-labelledby="audit-stations">
          <thead>
            <tr>
              <th scope="col">{t('audit.stations.station')}</th>
              <th scope="col">{t('audit.stations.events')}</th>
              <th scope="col">{t('audit.stations.signed')}</th>
              <th scope="col">{t('audit.stations.state')}</th>
            </tr>
          </thead>
          <tbody>
            {stations.map((s) => (
              <tr key={s.stationId}>
                <td>
                  {s.label}{' '}
                  <span className="mono">
                    {s.centreCode}-{s.stationCode}
                  </span>
                </td>
                <td className="mono">{s.events}</td>
                <td className="mono">{s.signedSeq}</td>
                <td>
                  {s.divergence ? (
                    <strong className="bad">
                      {t('audit.stations.diverges', {
                        seq: s.divergence.seq,
                        kind: t(`audit.stations.kind.${s.divergence.kind}`),
                        at: formatDateTime(s.divergence.receivedAt, language),
                      })}
                    </strong>
                  ) : (
                    t('audit.stations.consistent')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
