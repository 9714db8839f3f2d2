import { useRef, useState } from 'react';
import type { ListImportResult, ListPreview } from '../../../electron/api/views-duplicates';
import { bridge } from '../bridge';
import { FilePicker } from '../components/FilePicker';
import { birthText } from '../duplicates/Comparison';
import { formatNumber, useIssueText, useT, type MessageKey } from '../i18n';
import { useUi } from '../store';
import '../duplicates/duplicates.css';

/**
 * A supervisor takes in a pre-registration list: the file is read here and sent as text; core answers a preview
 * (families ready, rows refused and why, people probably registered already) and nothing is written until the
 * supervisor confirms. Then the whole list is taken in, or nothing of it.
 */
export function ListImportScreen() {
  const t = useT();
  const language = useUi((s) => s.language);
  const issueText = useIssueText();
  const [file, setFile] = useState<{ fileName: string; text: string } | undefined>();
  const [preview, setPreview] = useState<ListPreview | undefined>();
  const [done, setDone] = useState<ListImportResult | undefined>();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const n = (value: number) => formatNumber(value, language);

  const choose = async (chosen: File | undefined) => {
    setPreview(undefined);
    setDone(undefined);
    setError('');
    if (!chosen) return;
    setBusy(true);
    const next = { fileName: chosen.name, text: await chosen.text() };
    setFile(next);
    const r = await bridge.invoke('lists.preview', next);
    setBusy(false);
    if (r.ok) setPreview(r.value);
    else setError(issueText({ code: `error.${r.error.code}`, message: r.error.message }));
  };

  const confirm = async () => {
    if (!file) return;
    setBusy(true);
    const r = await bridge.invoke('lists.import', file);
    setBusy(false);
    if (!r.ok) {
      setError(issueText({ code: `error.${r.error.code}`, message: r.error.message }));
      return;
    }
    setDone(r.value);
    setPreview(undefined);
    setFile(undefined);
    if (inputRef.current) inputRef.current.value = '';
  };

  const ready = preview ? preview.households.length : 0;
  const canImport = preview !== undefined && preview.refused.length === 0 && !preview.alreadyImported && ready > 0;
  return (
    <section className="lists" aria-labelledby="lists-title">
      <h1 id="lists-title">{t('lists.title')}</h1>
      <p className="muted">{t('lists.lead')}</p>
      <FilePicker
        label={t('lists.file')}
        className="lists__file"
        inputRef={inputRef}
        accept=".csv,.jsonl,.ndjson,.txt,text/csv"
        fileName={file?.fileName}
        onFile={(chosen) => void choose(chosen)}
      />
      {busy && <p role="status">{t('lists.reading')}</p>}
      {error && (
        <p className="banner banner--error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p className="banner banner--success" role="status">
          {t('lists.done', { households: n(done.households), persons: n(done.persons), flagged: n(done.flagged) })}
        </p>
      )}
      {preview && (
        <>
          <p role="status" className="lists__summary">
            {t('lists.summary', {
              file: preview.fileName,
              rows: n(preview.rows),
              households: n(ready),
              refused: n(new Set(preview.refused.map((r) => r.line)).size),
              flagged: n(preview.flagged),
            })}
          </p>
          {preview.alreadyImported && (
            <p className="banner banner--error" role="alert">
              {t('lists.already')}
            </p>
          )}
          {preview.refused.length > 0 && (
            <>
              <h2>{t('lists.refused.title')}</h2>
              <p className="banner banner--error" role="alert">
                {t('lists.refused.lead')}
              </p>
              <table className="trace__results">
                <caption className="dup-sr">{t('lists.refused.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('lists.col.line')}</th>
                    <th scope="col">{t('lists.col.ref')}</th>
                    <th scope="col">{t('lists.col.column')}</th>
                    <th scope="col">{t('lists.col.why')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.refused.map((r, i) => (
                    <tr key={`${r.line}-${i}`}>
                      <td>{r.line}</td>
                      <td className="mono">{r.ref || '—'}</td>
                      <td className="mono">{r.field || '—'}</td>
                      <td>{issueText({ code: r.code, message: r.message, ...(r.params ? { params: r.params } : {}) })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {ready > 0 && (
            <>
              <h2>{t('lists.households.title')}</h2>
              <table className="trace__results">
                <caption className="dup-sr">{t('lists.households.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('lists.col.line')}</th>
                    <th scope="col">{t('lists.col.household')}</th>
                    <th scope="col">{t('lists.col.person')}</th>
                    <th scope="col">{t('dup.field.birth')}</th>
                    <th scope="col">{t('lists.col.relationship')}</th>
                    <th scope="col">{t('lists.col.duplicate')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.households.flatMap((h, hi) =>
                    h.members.map((m) => (
                      <tr key={m.line} className={m.duplicate ? 'lists__flagged' : undefined}>
                        <td>{m.line}</td>
                        <td>{h.householdRef ? <span className="mono">{h.householdRef}</span> : t('lists.noRef', { n: hi + 1 })}</td>
                        <td>
                          {[m.givenName, m.patronymic, m.familyName].filter(Boolean).join(' ')}
                          {m.ref ? <small className="mono"> · {m.ref}</small> : null}, {t(`sex.${m.sex}`)}
                        </td>
                        <td>{birthText(m.birth, undefined, language, t)}</td>
                        <td>{t(`relationship.${m.relationship}` as MessageKey)}</td>
                        <td>
                          {m.duplicate
                            ? `${m.duplicate.name} · ${m.duplicate.registrationNumber} · ${t('dup.match', { percent: Math.round(m.duplicate.score * 100) })}`
                            : '—'}
                        </td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </>
          )}
          <div className="actions">
            <button type="button" className="button button--primary" disabled={!canImport || busy} onClick={() => void confirm()}>
              {t('lists.import', { n: n(ready) })}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
