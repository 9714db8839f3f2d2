import { useRef, useState, type FormEvent } from 'react';
import type { TraceHit } from '../../../electron/api/views-duplicates';
import { bridge } from '../bridge';
import { Field } from '../components/Field';
import { formatDate, useIssueText, useT } from '../i18n';
import { useUi } from '../store';
import '../duplicates/duplicates.css';

/**
 * Family tracing at the desk: a family gives the name of a missing relative, an approximate age and where they came
 * from; the answer says where (centre, station) and when that person registered, here or at any desk whose batches
 * this file took in. Core shows only people whose family agreed to be found.
 */
export function TracingScreen() {
  const t = useT();
  const language = useUi((s) => s.language);
  const issueText = useIssueText();
  const [name, setName] = useState('');
  const [age, setAge] = useState('');
  const [sex, setSex] = useState<'' | 'F' | 'M'>('');
  const [origin, setOrigin] = useState('');
  const [hits, setHits] = useState<TraceHit[] | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const resultsRef = useRef<HTMLHeadingElement>(null);

  const search = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError(t('trace.name.missing'));
      return;
    }
    const years = age.trim() ? Number(age) : undefined;
    if (years !== undefined && (!Number.isInteger(years) || years < 0 || years > 120)) {
      setError(t('trace.age.invalid'));
      return;
    }
    setError('');
    setBusy(true);
    const r = await bridge.invoke('tracing.search', { name, ...(years !== undefined ? { age: years } : {}), origin, ...(sex ? { sex } : {}), limit: 50 });
    setBusy(false);
    if (!r.ok) {
      setError(issueText({ code: `error.${r.error.code}`, message: r.error.message }));
      return;
    }
    setHits(r.value);
    requestAnimationFrame(() => resultsRef.current?.focus());
  };

  return (
    <section className="trace" aria-labelledby="trace-title">
      <h1 id="trace-title">{t('trace.title')}</h1>
      <p className="muted">{t('trace.lead')}</p>
      <form className="trace__form" aria-label={t('trace.form')} onSubmit={(e) => void search(e)}>
        <Field label={t('trace.name')} error={error && !name.trim() ? error : undefined} className="trace__name">
          {(f) => (
            <input
              id={f.id}
              aria-describedby={f.describedBy}
              aria-invalid={f.invalid}
              value={name}
              autoFocus
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('trace.age')} hint={t('trace.age.hint')} error={error && name.trim() ? error : undefined}>
          {(f) => (
            <input
              id={f.id}
              aria-describedby={f.describedBy}
              aria-invalid={f.invalid}
              value={age}
              inputMode="numeric"
              autoComplete="off"
              size={5}
              onChange={(e) => setAge(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('dup.field.sex')}>
          {(f) => (
            <select id={f.id} value={sex} onChange={(e) => setSex(e.target.value as '' | 'F' | 'M')}>
              <option value="">{t('trace.sex.any')}</option>
              <option value="F">{t('sex.F')}</option>
              <option value="M">{t('sex.M')}</option>
            </select>
          )}
        </Field>
        <Field label={t('trace.origin')}>
          {(f) => <input id={f.id} value={origin} autoComplete="off" spellCheck={false} onChange={(e) => setOrigin(e.target.value)} />}
        </Field>
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('trace.search')}
        </button>
      </form>
      {hits && (
        <>
          <h2 ref={resultsRef} tabIndex={-1}>
            {t('trace.results', { n: hits.length })}
          </h2>
          {hits.length === 0 ? (
            <p className="empty" role="status">
              {t('trace.none')}
            </p>
          ) : (
            <table className="trace__results">
              <caption className="dup-sr">{t('trace.results', { n: hits.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dup.field.name')}</th>
                  <th scope="col">{t('trace.col.age')}</th>
                  <th scope="col">{t('trace.col.from')}</th>
                  <th scope="col">{t('trace.col.where')}</th>
                  <th scope="col">{t('trace.col.when')}</th>
                  <th scope="col">{t('trace.col.number')}</th>
                </tr>
              </thead>
              <tbody>
                {hits.map((h) => {
                  const typed = [h.givenName, h.patronymic, h.familyName].filter(Boolean).join(' ');
                  return (
                    <tr key={h.personId}>
                      <td>
                        {typed}
                        {h.nameLatin && h.nameLatin !== typed ? <small lang="en"> · {h.nameLatin}</small> : null}
                      </td>
                      <td>
                        {t(`sex.${h.sex}`)}, {h.agePrecision === 'estimated' ? '~' : ''}
                        {t('age.years', { n: h.age })}
                      </td>
                      <td>{[h.originSettlement, h.originDistrict].filter(Boolean).join(', ') || '—'}</td>
                      <td>{[h.centreName || h.centreCode, h.stationLabel].filter(Boolean).join(' · ')}</td>
                      <td>{formatDate(h.registeredAt, language)}</td>
                      <td className="mono">{h.registrationNumber}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
