import { useEffect, useRef, useState } from 'react';
import type { HistoryEntry, HouseholdDetail } from '../../../electron/api/views';
import { bridge } from '../bridge';
import { Dialog } from '../components/Dialog';
import { useMayCall } from '../session/store';
import { formatDate, formatDateTime, useIssueText, useT, type MessageKey } from '../i18n';
import { fromDetail } from '../intake/form';
import { PrintSlipControls } from '../print/PrintSlipControls';
import { useUi } from '../store';
import { useMethod } from '../useMethod';
import { RecordButton } from '../protection/RecordButton';
import { changeWords } from '../protection/recordFields';

function VoidDialog({ detail, onDone }: { detail: HouseholdDetail; onDone: () => void }) {
  const t = useT();
  const issueText = useIssueText();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const submit = async () => {
    const r = await bridge.invoke('household.void', { id: detail.id, expectedVersion: detail.version, reason });
    if (r.ok) onDone();
    else setError(issueText(r.error.issues?.[0] ?? { code: `error.${r.error.code}`, message: r.error.message }));
  };
  return (
    <Dialog labelledBy="void-title" onClose={onDone}>
      <h2 id="void-title">{t('void.title', { number: detail.registrationNumber })}</h2>
      <p>{t('void.explain')}</p>
      <label htmlFor="void-reason">{t('void.reason')}</label>
      <textarea id="void-reason" rows={3} value={reason} autoFocus onChange={(e) => setReason(e.target.value)} aria-invalid={Boolean(error)} />
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="button button--danger" onClick={() => void submit()}>
          {t('void.confirm')}
        </button>
        <button type="button" className="button button--quiet" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </Dialog>
  );
}

function History({ entries }: { entries: HistoryEntry[] }) {
  const t = useT();
  const language = useUi((s) => s.language);
  return (
    <section aria-labelledby="history-title" className="history">
      <h2 id="history-title">{t('history.title')}</h2>
      <ol>
        {entries.map((e) => (
          <li key={e.version}>
            <strong>{t('history.version', { n: e.version })}</strong> · {t(`history.${e.action}` as MessageKey)} · {formatDateTime(e.at, language)} ·{' '}
            {e.operator}
            {e.reason && (
              <div>
                {t('void.reason')}: {e.reason}
              </div>
            )}
            {e.changes.length > 0 && (
              <table className="changes">
                <thead>
                  <tr>
                    <th scope="col">{t('history.field')}</th>
                    <th scope="col">{t('history.before')}</th>
                    <th scope="col">{t('history.after')}</th>
                  </tr>
                </thead>
                <tbody>
                  {e.changes.map((c) => {
                    const line = changeWords(c, language);
                    return (
                      <tr key={`${c.member ?? ''}.${c.field}`}>
                        <td>
                          {c.member ? `${c.member}: ` : ''}
                          {line.label}
                        </td>
                        <td>{line.before || '—'}</td>
                        <td>{line.value || '—'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function HouseholdScreen() {
  const t = useT();
  const { householdId, language, go, resetForm } = useUi();
  // Read again when core reports a change to households (this family corrected, voided, merged); an answer for a
  // family opened before is dropped.
  const asked = householdId ? { id: householdId } : null;
  const got = useMethod('household.get', asked, { on: ['households'] });
  const history = useMethod('household.history', asked, { on: ['households'] }).data ?? [];
  const detail = got.data;
  const error = got.error?.message;
  const [voiding, setVoiding] = useState(false);
  const mayVoid = useMayCall('household.void');
  const heading = useRef<HTMLHeadingElement>(null);
  // The family opened is where the reader is: its heading takes focus (once per family, not on every refresh).
  const shown = detail?.id;
  useEffect(() => {
    if (shown) heading.current?.focus();
  }, [shown]);

  if (error)
    return (
      <p role="alert" className="banner banner--error">
        {error}
      </p>
    );
  if (!detail) return <p role="status">{t('common.loading')}</p>;
  const h = detail.household;
  const edit = () => {
    resetForm(fromDetail(detail), { id: detail.id, version: detail.version, registrationNumber: detail.registrationNumber });
    go('intake');
  };
  return (
    <article className="household" aria-labelledby="household-title">
      <header className="household__head">
        <h1 id="household-title" ref={heading} tabIndex={-1}>
          {t('household.title')} <span className="mono big">{detail.registrationNumber}</span>
        </h1>
        {detail.status === 'voided' && (
          <p className="badge badge--void" role="status">
            {t('status.voided')}: {detail.voidReason}
          </p>
        )}
        <div className="actions">
          {detail.status === 'active' && (
            <button type="button" className="button" onClick={edit}>
              {t('household.edit')}
            </button>
          )}
          {detail.status === 'active' && mayVoid && (
            <button type="button" className="button button--danger" onClick={() => setVoiding(true)}>
              {t('household.void')}
            </button>
          )}
          <RecordButton householdId={detail.id} />
          <button type="button" className="button button--quiet" onClick={() => go('registrations')}>
            {t('common.back')}
          </button>
        </div>
      </header>
      {voiding && <VoidDialog detail={detail} onDone={() => setVoiding(false)} />}
      {detail.status === 'active' && <PrintSlipControls householdId={detail.id} />}
      <dl className="facts">
        <dt>{t('household.arrived')}</dt>
        <dd>{formatDateTime(h.arrivedAt, language)}</dd>
        <dt>{t('household.mode')}</dt>
        <dd>{t(`intake.mode.${h.mode}`)}</dd>
        <dt>{t('household.phone')}</dt>
        <dd>{h.phone || '—'}</dd>
        <dt>{t('household.originSettlement')}</dt>
        <dd>{[h.originSettlement, h.originDistrict].filter(Boolean).join(', ') || '—'}</dd>
        <dt>{t('household.destination')}</dt>
        <dd>
          {t(`destination.${h.destination}` as MessageKey)}
          {h.destinationDetails ? ` · ${h.destinationDetails}` : ''}
        </dd>
        <dt>{t('household.consentTracing')}</dt>
        <dd>{h.consentTracing ? t('common.yes') : t('common.no')}</dd>
        <dt>{t('household.version')}</dt>
        <dd>{detail.version}</dd>
      </dl>
      <table className="members-table" aria-label={t('intake.members')}>
        <thead>
          <tr>
            <th scope="col">{t('person.name')}</th>
            <th scope="col">{t('person.latin')}</th>
            <th scope="col">{t('person.sex')}</th>
            <th scope="col">{t('person.birth')}</th>
            <th scope="col">{t('person.relationship')}</th>
            <th scope="col">{t('person.needs')}</th>
          </tr>
        </thead>
        <tbody>
          {detail.members.map((m) => (
            <tr key={m.id}>
              <td>{[m.givenName, m.patronymic, m.familyName].filter(Boolean).join(' ')}</td>
              <td lang="en">{[m.givenNameLatin, m.patronymicLatin, m.familyNameLatin].filter(Boolean).join(' ')}</td>
              <td>{t(`sex.${m.sex}`)}</td>
              <td>{m.birth.kind === 'exact' ? formatDate(m.dateOfBirth, language) : t('age.estimated', { n: m.age })}</td>
              <td>
                {t(`relationship.${m.relationship}` as MessageKey)}
                {m.mergedInto && (
                  <>
                    {' '}
                    <span className="badge badge--void">{t('household.mergedAway')}</span>
                  </>
                )}
              </td>
              <td>{m.specificNeeds.join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {h.notes && (
        <p className="notes">
          <strong>{t('household.notes')}:</strong> {h.notes}
        </p>
      )}
      <History entries={history} />
    </article>
  );
}
