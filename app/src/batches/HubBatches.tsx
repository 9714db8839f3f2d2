import { useRef, useState } from 'react';
import type { FolderBatchOutcome, FolderImportView, HubBatchesView, ImportOutcome, SequenceRange, StationIdentity } from '../../../electron/api/views-batches';
import { bridge } from '../bridge';
import { FilePicker } from '../components/FilePicker';
import { formatDateTime, formatNumber, useIssueText, useT } from '../i18n';
import { useUi } from '../store';
import { HubTrust } from './HubTrust';
import { useMayCall } from '../session/store';
import { MessageLine, useSectionMessage, type SectionMessage } from './useMessage';

const rangesText = (ranges: SequenceRange[]): string => ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}–${r.to}`)).join(', ');
// An unknown station's identity comes from its manifest alone (nothing decrypted): no code or centre name yet.
const stationName = (s: StationIdentity): string => (s.stationCode ? `${s.label} (${s.stationCode})` : s.label);

function ImportSection() {
  const t = useT();
  const language = useUi((s) => s.language);
  const { message, setMessage, fromError } = useSectionMessage();
  const [notes, setNotes] = useState<SectionMessage[]>([]);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<{ station: StationIdentity; file: { name: string; path: string } }>();
  const inputRef = useRef<HTMLInputElement>(null);

  const report = (outcome: Exclude<ImportOutcome, { status: 'confirm_station' }>) => {
    const station = stationName(outcome.station);
    const lines: SectionMessage[] = [];
    if (outcome.firstUse) lines.push({ kind: 'info', text: t('hub.import.firstUse', { station }) });
    if (outcome.missing.length > 0) lines.push({ kind: 'info', text: t('hub.import.missing', { station, ranges: rangesText(outcome.missing) }) });
    setNotes(lines);
    setMessage(
      outcome.status === 'duplicate'
        ? { kind: 'info', text: t('hub.import.duplicate', { station, time: formatDateTime(outcome.receipt.receivedAt, language) }) }
        : {
            kind: 'success',
            text: t('hub.import.done', {
              station,
              from: outcome.receipt.sequenceFrom,
              to: outcome.receipt.sequenceTo,
              households: outcome.households,
              persons: outcome.persons,
              applied: outcome.applied,
              skipped: formatNumber(outcome.skipped, language),
            }),
          },
    );
  };

  const send = async (file: { name: string; path: string }, acceptStation?: string) => {
    setBusy(true);
    try {
      const r = await bridge.invoke('hub.import', { path: file.path, fileName: file.name, ...(acceptStation ? { acceptStation } : {}) });
      if (!r.ok) {
        setNotes([]);
        return setMessage(fromError(r.error, t('hub.import.refused')));
      }
      if (r.value.status === 'confirm_station') {
        setMessage(undefined);
        return setConfirm({ station: r.value.station, file });
      }
      report(r.value);
    } finally {
      setBusy(false);
      if (inputRef.current) inputRef.current.value = '';
    }
  };

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setMessage({ kind: 'info', text: t('hub.import.working') });
    setNotes([]);
    // Files cross by path: the window's own, or (in the harness) its upload's.
    const path = await bridge.pathOf(file);
    if (!path.ok) {
      if (inputRef.current) inputRef.current.value = '';
      return setMessage(fromError(path.error, t('hub.import.refused')));
    }
    await send({ name: file.name, path: path.value });
  };

  return (
    <section className="card" aria-labelledby="import-title">
      <h2 id="import-title">{t('hub.import.title')}</h2>
      <FilePicker
        label={t('hub.import.file')}
        inputRef={inputRef}
        accept=".ibatch,application/octet-stream"
        disabled={busy}
        onFile={(file) => void choose(file)}
      />
      <MessageLine message={message} />
      {notes.map((n) => (
        <MessageLine key={n.text} message={n} />
      ))}
      {confirm && (
        <div role="dialog" aria-modal="true" aria-labelledby="confirm-station-title" className="dialog">
          <h2 id="confirm-station-title">{t('hub.confirm.title')}</h2>
          <p>
            {t('hub.confirm.text', {
              station: stationName(confirm.station),
              centre: confirm.station.centreName ? `${confirm.station.centreName} (${confirm.station.centreCode})` : confirm.station.centreCode,
            })}
          </p>
          <p className="batches__fingerprint">{confirm.station.fingerprint}</p>
          <p>{t('hub.confirm.check')}</p>
          <div className="actions">
            <button
              type="button"
              className="button button--primary"
              onClick={() => {
                const pending = confirm;
                setConfirm(undefined);
                void send(pending.file, pending.station.fingerprint);
              }}
            >
              {t('hub.confirm.accept')}
            </button>
            <button
              type="button"
              className="button button--quiet"
              autoFocus
              onClick={() => {
                setConfirm(undefined);
                setMessage(undefined);
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

/** A batch file directly in the chosen folder (not in a folder inside it, not hidden): what the hub takes in. */
const isBatchFile = (file: File): boolean => {
  const parts = file.webkitRelativePath.split('/');
  const name = parts.at(-1) ?? file.name;
  return parts.length <= 2 && name.endsWith('.ibatch') && !name.startsWith('.');
};

function FolderOutcomes({ outcome }: { outcome: FolderImportView }) {
  const t = useT();
  const issueText = useIssueText();
  const text = (b: FolderBatchOutcome): string =>
    b.status === 'imported'
      ? t('hub.folder.imported', { station: b.station, households: b.households, persons: b.persons })
      : b.status === 'duplicate'
        ? t('hub.folder.duplicate', { station: b.station })
        : t('hub.folder.refused', { reason: b.issue ? issueText(b.issue) : '' });
  return (
    <>
      <MessageLine
        message={{
          kind: outcome.refused > 0 ? 'info' : 'success',
          text: t('hub.folder.summary', { imported: outcome.imported, duplicates: outcome.duplicates, refused: outcome.refused }),
        }}
      />
      <h3 id="folder-outcomes-title">{t('hub.folder.list')}</h3>
      <ol className="batches__outcomes" aria-labelledby="folder-outcomes-title">
        {outcome.batches.map((b) => (
          <li key={b.fileName} className={`batches__outcome batches__outcome--${b.status}`}>
            <span className="file-name">{b.fileName}</span>: {text(b)}
          </li>
        ))}
      </ol>
    </>
  );
}

/**
 * A whole folder of batch files (a stick brought from several desks): each file crosses by its path, the import runs
 * as a long job (the job bar shows how far it is across the folder and may cancel it between batches), and then
 * each batch's outcome is listed: imported, already held, or refused and why.
 */
function FolderImportSection() {
  const t = useT();
  const { message, setMessage, fromError } = useSectionMessage();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<FolderImportView>();
  const [chosen, setChosen] = useState<{ folder: string; count: number }>();

  const choose = async (folder: { name: string; files: File[] }) => {
    const files = folder.files.filter(isBatchFile);
    setOutcome(undefined);
    setChosen({ folder: folder.name, count: files.length });
    if (files.length === 0) return setMessage({ kind: 'error', text: t('hub.folder.empty') });
    setBusy(true);
    setMessage({ kind: 'info', text: t('hub.folder.working', { count: files.length }) });
    try {
      const refs: { path: string; name: string }[] = [];
      for (const file of files) {
        // Files cross by path: the window's own, or (in the harness) its upload's.
        const path = await bridge.pathOf(file);
        if (!path.ok) return setMessage(fromError(path.error, t('hub.import.refused')));
        refs.push({ path: path.value, name: file.name });
      }
      const r = await bridge.invoke('hub.importFolder', { files: refs });
      if (!r.ok) return setMessage(fromError(r.error));
      setMessage(undefined);
      setOutcome(r.value);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="folder-title">
      <h2 id="folder-title">{t('hub.folder.title')}</h2>
      <FilePicker
        label={t('hub.folder.field')}
        disabled={busy}
        fileName={chosen && t('file.folderChosen', chosen)}
        onFolder={(folder) => void choose(folder)}
      />
      <MessageLine message={message} />
      {outcome && <FolderOutcomes outcome={outcome} />}
    </section>
  );
}

function StationsSection({ view }: { view: HubBatchesView }) {
  const t = useT();
  const language = useUi((s) => s.language);
  return (
    <section className="card" aria-labelledby="stations-title">
      <h2 id="stations-title">{t('hub.stations.title')}</h2>
      {view.stations.length === 0 ? (
        <p className="muted">{t('hub.stations.empty')}</p>
      ) : (
        <table aria-labelledby="stations-title">
          <thead>
            <tr>
              <th scope="col">{t('hub.col.station')}</th>
              <th scope="col">{t('hub.col.centre')}</th>
              <th scope="col">{t('hub.col.fingerprint')}</th>
              <th scope="col">{t('hub.col.batches')}</th>
              <th scope="col">{t('hub.col.lastImport')}</th>
              <th scope="col">{t('hub.col.held')}</th>
              <th scope="col">{t('hub.col.missing')}</th>
            </tr>
          </thead>
          <tbody>
            {view.stations.map((s) => (
              <tr key={s.stationId}>
                <td>{stationName(s)}</td>
                <td>
                  {s.centreName} ({s.centreCode})
                </td>
                <td className="mono">{s.fingerprint}</td>
                <td>{formatNumber(s.batches, language)}</td>
                <td>{s.lastImportAt ? formatDateTime(s.lastImportAt, language) : ''}</td>
                <td className="mono">{rangesText(s.held)}</td>
                <td className={s.missing.length ? 'mono field__error' : 'mono'}>{s.missing.length ? rangesText(s.missing) : t('hub.missing.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view.received.length > 0 && (
        <>
          <h3 id="received-title">{t('hub.received.title')}</h3>
          <table aria-labelledby="received-title">
            <thead>
              <tr>
                <th scope="col">{t('hub.col.received')}</th>
                <th scope="col">{t('hub.col.station')}</th>
                <th scope="col">{t('batches.col.changes')}</th>
                <th scope="col">{t('batches.col.households')}</th>
                <th scope="col">{t('hub.col.applied')}</th>
                <th scope="col">{t('batches.col.file')}</th>
              </tr>
            </thead>
            <tbody>
              {view.received.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.receivedAt, language)}</td>
                  <td>{r.stationLabel}</td>
                  <td className="mono">
                    {r.sequenceFrom}–{r.sequenceTo}
                  </td>
                  <td>{formatNumber(r.households, language)}</td>
                  <td>{formatNumber(r.applied, language)}</td>
                  <td className="file-name">{r.fileName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

export function HubBatches({ view }: { view: HubBatchesView }) {
  const t = useT();
  const mayImport = useMayCall('hub.importFile');
  const mayImportFolder = useMayCall('hub.importFolder');
  return (
    <>
      <section className="card" aria-labelledby="hub-own-key-title">
        <h2 id="hub-own-key-title">{t('hub.key.title')}</h2>
        {view.hubKey ? (
          <>
            <p>{t('hub.key.give')}</p>
            <p className="batches__keyline">
              <label htmlFor="hub-public-key" className="muted">
                {t('hub.key.text')}
              </label>
              <input
                id="hub-public-key"
                className="batches__key"
                readOnly
                value={view.hubKey.publicKey}
                size={46}
                spellCheck={false}
                onFocus={(e) => e.target.select()}
              />
            </p>
            <p>
              {t('hub.key.fingerprint')} <span className="batches__fingerprint">{view.hubKey.fingerprint}</span>
            </p>
          </>
        ) : (
          <p className="batches__warning">{t('hub.key.missing')}</p>
        )}
      </section>
      {mayImport && <ImportSection />}
      {mayImportFolder && <FolderImportSection />}
      <HubTrust view={view} />
      <StationsSection view={view} />
    </>
  );
}
