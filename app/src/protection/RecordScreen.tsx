import { useState } from 'react';
import { RETENTION_CATEGORIES, type HouseholdRecordView } from '../../../electron/api/views-protection';
import { bridge } from '../bridge';
import { Dialog } from '../components/Dialog';
import { formatDateTime, useT } from '../i18n';
import { errorText } from '../session/errors';
import { useUi } from '../store';
import { useMethod } from '../useMethod';
import { actionWords, memberName, recordLines } from './recordFields';
import './protection.css';

function EraseDialog({ record, onClose }: { record: HouseholdRecordView; onClose: () => void }) {
  const t = useT();
  const { language, go, notify } = useUi();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const erase = async () => {
    const result = await bridge.invoke('household.erase', { id: record.id, reason });
    if (!result.ok) return setError(errorText(result.error, language));
    go('registrations');
    notify({ kind: 'success', text: t('record.erased', { number: result.value.registrationNumber }) });
  };
  return (
    <Dialog labelledBy="erase-title" onClose={onClose}>
      <h2 id="erase-title">{t('record.erase')}</h2>
      <p>{t('record.eraseExplain')}</p>
      <p>{t('record.eraseRemains')}</p>
      <label htmlFor="erase-reason">{t('record.eraseReason')}</label>
      <textarea id="erase-reason" rows={3} value={reason} autoFocus onChange={(e) => setReason(e.target.value)} aria-invalid={Boolean(error)} />
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="button button--danger" disabled={reason.trim().length < 3} onClick={() => void erase()}>
          {t('record.eraseConfirm')}
        </button>
        <button type="button" className="button button--quiet" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </Dialog>
  );
}

/** A family's right of access: everything held about them, plainly, ready to print; and erasure on request. */
export function RecordScreen() {
  const t = useT();
  const { householdId, language, go } = useUi();
  // The record is fetched (and its printing recorded) once per opening: no change kind asks for it again.
  const asked = useMethod('household.record', householdId ? { id: householdId } : null);
  const record = asked.data;
  const error = asked.error && errorText(asked.error, language);
  const [erasing, setErasing] = useState(false);
  if (error)
    return (
      <p role="alert" className="banner banner--error">
        {error}
      </p>
    );
  if (!record) return <p role="status">{t('common.loading')}</p>;
  const actionText = (action: string) => actionWords(action, language);
  return (
    <article className="record" aria-labelledby="record-title">
      <div className="actions no-print">
        <button type="button" className="button button--primary" onClick={() => window.print()}>
          {t('record.print')}
        </button>
        <button type="button" className="button button--danger" onClick={() => setErasing(true)}>
          {t('record.erase')}
        </button>
        <button type="button" className="button button--quiet" onClick={() => go('household', record.id)}>
          {t('common.back')}
        </button>
      </div>
      {erasing && <EraseDialog record={record} onClose={() => setErasing(false)} />}
      <h1 id="record-title">{t('record.title', { number: record.registrationNumber })}</h1>
      <p>
        {t('record.printedAt', {
          time: formatDateTime(record.printedAt, language),
          station: `${record.station.stationLabel} (${record.station.stationCode})`,
          centre: record.station.centreName,
        })}
      </p>
      <p>
        <strong>{t('record.rights')}</strong>
      </p>
      <table aria-label={t('record.household')}>
        <caption>{t('record.household')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('record.field')}</th>
            <th scope="col">{t('record.value')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{t('history.status')}</td>
            <td>
              {t(`record.status.${record.status}`)}
              {record.voidReason ? ` · ${record.voidReason}` : ''}
            </td>
          </tr>
          {recordLines(record.household, language, false).map((f) => (
            <tr key={f.field}>
              <td>{f.label}</td>
              <td>{f.value || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {record.members.map((m, i) => (
        <table key={i} aria-label={t('record.member', { name: memberName(m) })}>
          <caption>{t('record.member', { name: memberName(m) })}</caption>
          <tbody>
            {recordLines(m, language, true).map((f) => (
              <tr key={f.field}>
                <td>{f.label}</td>
                <td>{f.value || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <h2>{t('record.retention')}</h2>
      <ul>
        {RETENTION_CATEGORIES.map((c) => {
          const days = record.retentionDays[c];
          const category = t(`retention.${c}`);
          return <li key={c}>{days === null ? t('record.keptAlways', { category }) : t('record.keptDays', { category, days })}</li>;
        })}
      </ul>
      <table aria-label={t('record.versions')}>
        <caption>{t('record.versions')}</caption>
        <tbody>
          {record.versions.map((v) => (
            <tr key={v.version}>
              <td>{v.version}</td>
              <td>{formatDateTime(v.at, language)}</td>
              <td>{actionText(v.action)}</td>
              <td>{v.operator}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table aria-label={t('record.accesses')}>
        <caption>{t('record.accesses')}</caption>
        <tbody>
          {record.accesses.map((a, i) => (
            <tr key={i}>
              <td>{formatDateTime(a.at, language)}</td>
              <td>{actionText(a.action)}</td>
              <td>{a.operator}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}
