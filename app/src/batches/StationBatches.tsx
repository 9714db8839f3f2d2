import { useState } from 'react';
import type { StationBatchesView } from '../../../electron/api/views-batches';
import { bridge } from '../bridge';
import { Field } from '../components/Field';
import { FilePicker } from '../components/FilePicker';
import { formatDateTime, formatNumber, useT, type MessageKey } from '../i18n';
import { useUi } from '../store';
import { useMayCall } from '../session/store';
import { MessageLine, useSectionMessage } from './useMessage';

/** Installing the hub's public key: pasted, or read from the file `hub-key` wrote. */
function HubKeySection({ view }: { view: StationBatchesView }) {
  const t = useT();
  const language = useUi((s) => s.language);
  const { message, setMessage, fromError } = useSectionMessage();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const installed = view.hubKey;
  const mayInstall = useMayCall('batch.installHubKey');

  const readFile = async (file: File | undefined) => {
    if (file) setText((await file.text()).trim());
  };
  const install = async () => {
    const r = await bridge.invoke('batch.installHubKey', { publicKey: text });
    if (!r.ok) return setMessage(fromError(r.error));
    setMessage({ kind: 'success', text: t('batches.hubKey.done', { fingerprint: r.value.fingerprint }) });
    setEditing(false);
    setText('');
  };

  return (
    <section className="card" aria-labelledby="hub-key-title">
      <h2 id="hub-key-title">{t('batches.hubKey.title')}</h2>
      {installed ? (
        <>
          <p>
            {t('batches.hubKey.installed')}{' '}
            <span className="batches__fingerprint" aria-label={t('hub.col.fingerprint')}>
              {installed.fingerprint}
            </span>
          </p>
          {installed.installedAt && <p className="muted">{t('batches.hubKey.installedAt', { time: formatDateTime(installed.installedAt, language) })}</p>}
          <p>{t('batches.hubKey.compare')}</p>
        </>
      ) : (
        <p className="batches__warning" role="status">
          {t('batches.hubKey.missing')}
        </p>
      )}
      {!mayInstall ? null : installed && !editing ? (
        <div className="actions">
          <button type="button" className="button" onClick={() => setEditing(true)}>
            {t('batches.hubKey.replace')}
          </button>
        </div>
      ) : (
        <div className="batches__row">
          <Field label={t('batches.hubKey.paste')} hint={t('batches.hubKey.pasteHint')}>
            {({ id, describedBy }) => (
              <textarea
                id={id}
                aria-describedby={describedBy}
                rows={2}
                spellCheck={false}
                className="mono"
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            )}
          </Field>
          <FilePicker label={t('batches.hubKey.file')} className="batches__narrow" onFile={(file) => void readFile(file)} />
          <button type="button" className="button button--primary" disabled={!text.trim()} onClick={() => void install()}>
            {t('batches.hubKey.install')}
          </button>
        </div>
      )}
      <MessageLine message={message} />
    </section>
  );
}

/** Exporting the next batch to a folder (the stick), and a supervisor's plain export behind a warning. */
function ExportSection({ view }: { view: StationBatchesView }) {
  const t = useT();
  const { message, setMessage, fromError } = useSectionMessage();
  const [folder, setFolder] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirmPlain, setConfirmPlain] = useState(false);
  const pending = view.pending;
  const mayExportPlain = useMayCall('batch.exportPlain');

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setMessage(undefined);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  };
  const exportNext = () =>
    run(async () => {
      const r = await bridge.invoke('batch.export', { folder });
      if (!r.ok) return setMessage(fromError(r.error));
      if (!r.value.exported) return setMessage({ kind: 'info', text: t('batches.export.none') });
      const b = r.value.batch;
      setMessage({ kind: 'success', text: t('batches.export.done', { file: b.filePath, households: b.households, persons: b.persons }) });
    });
  const exportPlain = () =>
    run(async () => {
      setConfirmPlain(false);
      const r = await bridge.invoke('batch.exportPlain', { folder, confirm: true });
      if (!r.ok) return setMessage(fromError(r.error));
      if (!r.value) return setMessage({ kind: 'info', text: t('batches.plain.none') });
      setMessage({ kind: 'success', text: t('batches.plain.done', { file: r.value.filePath, households: r.value.households }) });
    });

  return (
    <section className="card" aria-labelledby="export-title">
      <h2 id="export-title">{t('batches.export.title')}</h2>
      <p role="status">
        {pending
          ? t('batches.export.waiting', { households: pending.households, changes: pending.changes, from: pending.sequenceFrom, to: pending.sequenceTo })
          : t('batches.export.nothing')}
      </p>
      <div className="batches__row">
        <Field label={t('batches.export.folder')} hint={t('batches.export.folderHint')}>
          {({ id, describedBy }) => (
            <input
              id={id}
              aria-describedby={describedBy}
              value={folder}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => setFolder(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && folder.trim() && void exportNext()}
            />
          )}
        </Field>
        <button type="button" className="button button--primary" disabled={busy || !folder.trim() || !view.hubKey} onClick={() => void exportNext()}>
          {t('batches.export.button')}
        </button>
        {mayExportPlain && (
          <button type="button" className="button button--danger" disabled={busy || !folder.trim()} onClick={() => setConfirmPlain(true)}>
            {t('batches.plain.button')}
          </button>
        )}
      </div>
      <MessageLine message={message} />
      {confirmPlain && (
        <div role="dialog" aria-modal="true" aria-labelledby="plain-title" aria-describedby="plain-warning" className="dialog">
          <h2 id="plain-title">{t('batches.plain.title')}</h2>
          <p id="plain-warning" className="batches__warning">
            {t('batches.plain.warning')}
          </p>
          <div className="actions">
            <button type="button" className="button button--danger" onClick={() => void exportPlain()}>
              {t('batches.plain.confirm')}
            </button>
            <button type="button" className="button button--quiet" autoFocus onClick={() => setConfirmPlain(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function ScheduleSection({ view }: { view: StationBatchesView }) {
  const t = useT();
  const { message, setMessage, fromError } = useSectionMessage();
  const [minutes, setMinutes] = useState(String(view.intervalMinutes));
  const [folder, setFolder] = useState(view.folder);
  const save = async () => {
    const n = Number(minutes);
    if (!Number.isInteger(n) || n < 0 || n > 1440) return setMessage({ kind: 'error', text: t('batch.interval.invalid') });
    const r = await bridge.invoke('batch.setSchedule', { intervalMinutes: n, folder });
    setMessage(r.ok ? { kind: 'success', text: t('batches.schedule.saved') } : fromError(r.error));
  };
  return (
    <section className="card" aria-labelledby="schedule-title">
      <h2 id="schedule-title">{t('batches.schedule.title')}</h2>
      <div className="batches__row">
        <Field label={t('batches.schedule.interval')} className="batches__narrow">
          {({ id }) => <input id={id} inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} />}
        </Field>
        <Field label={t('batches.schedule.folder')} hint={t('batches.schedule.folderHint', { folder: view.outboxFolder })}>
          {({ id, describedBy }) => (
            <input id={id} aria-describedby={describedBy} value={folder} spellCheck={false} onChange={(e) => setFolder(e.target.value)} />
          )}
        </Field>
        <button type="button" className="button" onClick={() => void save()}>
          {t('batches.schedule.save')}
        </button>
      </div>
      <MessageLine message={message} />
    </section>
  );
}

function BatchList({ view }: { view: StationBatchesView }) {
  const t = useT();
  const language = useUi((s) => s.language);
  return (
    <section className="card" aria-labelledby="batch-list-title">
      <h2 id="batch-list-title">{t('batches.list.title')}</h2>
      {view.batches.length === 0 ? (
        <p className="muted">{t('batches.list.empty')}</p>
      ) : (
        <table aria-labelledby="batch-list-title">
          <thead>
            <tr>
              <th scope="col">{t('batches.col.created')}</th>
              <th scope="col">{t('batches.col.changes')}</th>
              <th scope="col">{t('batches.col.households')}</th>
              <th scope="col">{t('batches.col.persons')}</th>
              <th scope="col">{t('batches.col.events')}</th>
              <th scope="col">{t('batches.col.status')}</th>
              <th scope="col">{t('batches.col.file')}</th>
            </tr>
          </thead>
          <tbody>
            {view.batches.map((b) => (
              <tr key={b.id}>
                <td>{formatDateTime(b.createdAt, language)}</td>
                <td className="mono">
                  {b.sequenceFrom}–{b.sequenceTo}
                </td>
                <td>{formatNumber(b.households, language)}</td>
                <td>{formatNumber(b.persons, language)}</td>
                <td>{formatNumber(b.events, language)}</td>
                <td>{t(`batches.status.${b.status}` as MessageKey)}</td>
                <td className="file-name" title={b.filePath}>
                  {b.fileName}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function StationBatches({ view }: { view: StationBatchesView }) {
  const t = useT();
  const maySchedule = useMayCall('batch.setSchedule');
  return (
    <>
      <HubKeySection view={view} />
      <ExportSection view={view} />
      <BatchList view={view} />
      {maySchedule && <ScheduleSection view={view} />}
      {view.stationFingerprint && <p className="muted">{t('batches.stationKey', { fingerprint: view.stationFingerprint })}</p>}
    </>
  );
}
