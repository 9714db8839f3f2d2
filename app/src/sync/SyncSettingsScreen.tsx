import { useState } from 'react';
import type { AppError } from '../../../electron/api/result';
import type { SyncSettingsView } from '../../../electron/api/views-sync';
import { bridge } from '../bridge';
import { Field } from '../components/Field';
import { FilePicker } from '../components/FilePicker';
import { formatDateTime, formatNumber, useIssueText, useT } from '../i18n';
import { useUi } from '../store';
import { useMethod } from '../useMethod';
import './sync.css';

/** Sync settings (administrators): the hub's address and interval, its key and receipt key, the outbox; a hub's serving. */

interface Message {
  kind: 'success' | 'error';
  text: string;
}

function MessageLine({ message }: { message?: Message }) {
  if (!message) return null;
  return (
    <p className={`sync-settings__message sync-settings__message--${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
      {message.text}
    </p>
  );
}

/** An error's words for the clerk, and each field's own error by its path. */
function useErrors() {
  const issueText = useIssueText();
  return (error: AppError): { message: Message; fields: Record<string, string> } => {
    const fields: Record<string, string> = {};
    for (const issue of error.issues ?? []) fields[issue.path] = issueText(issue);
    const first = error.issues?.[0];
    return { message: { kind: 'error', text: first ? issueText(first) : issueText({ code: `error.${error.code}`, message: error.message }) }, fields };
  };
}

/** A settings form's answer: the error at its fields and in a line, or "saved" and the view read again. */
function useSaveOutcome(reload: () => void) {
  const t = useT();
  const errors = useErrors();
  const [message, setMessage] = useState<Message>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const settle = (r: { ok: true } | { ok: false; error: AppError }) => {
    if (!r.ok) {
      const e = errors(r.error);
      setFields(e.fields);
      setMessage(e.message);
      return;
    }
    setFields({});
    setMessage({ kind: 'success', text: t('syncSettings.saved') });
    reload();
  };
  return { message, fields, settle };
}

function HubSection({ view, reload }: { view: SyncSettingsView; reload: () => void }) {
  const t = useT();
  const [hubUrl, setHubUrl] = useState(view.hubUrl);
  const [interval, setIntervalText] = useState(String(view.intervalSeconds));
  const { message, fields, settle } = useSaveOutcome(reload);

  const save = async () => {
    const seconds = Number(interval);
    settle(await bridge.invoke('sync.configure', { hubUrl, intervalSeconds: Number.isInteger(seconds) ? seconds : -1 }));
  };
  return (
    <section className="card" aria-labelledby="sync-hub-title">
      <h2 id="sync-hub-title">{t('syncSettings.hub.title')}</h2>
      {view.stationFingerprint && (
        <p>
          {t('syncSettings.ownKey')} <span className="sync-settings__fingerprint">{view.stationFingerprint}</span>
          <br />
          <span className="muted">{t('syncSettings.ownKey.hint')}</span>
        </p>
      )}
      <form
        className="sync-settings__row"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Field label={t('syncSettings.hubUrl')} hint={t('syncSettings.hubUrl.hint')} error={fields['hubUrl']}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={hubUrl}
              spellCheck={false}
              autoComplete="off"
              inputMode="url"
              onChange={(e) => setHubUrl(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('syncSettings.interval')} hint={t('syncSettings.interval.hint')} error={fields['intervalSeconds']} className="sync-settings__narrow">
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={interval}
              inputMode="numeric"
              onChange={(e) => setIntervalText(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button button--primary">
          {t('syncSettings.save')}
        </button>
      </form>
      <MessageLine message={message} />
    </section>
  );
}

function HubKeySection({ view, reload }: { view: SyncSettingsView; reload: () => void }) {
  const t = useT();
  const language = useUi((s) => s.language);
  const errors = useErrors();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [message, setMessage] = useState<Message>();
  const installed = view.hubKey;

  const install = async () => {
    const r = await bridge.invoke('batch.installHubKey', { publicKey: text });
    if (!r.ok) return setMessage(errors(r.error).message);
    setMessage({ kind: 'success', text: t('syncSettings.hubKey.done', { fingerprint: r.value.fingerprint }) });
    setEditing(false);
    setText('');
    reload();
  };
  return (
    <section className="card" aria-labelledby="sync-hubkey-title">
      <h2 id="sync-hubkey-title">{t('syncSettings.hubKey.title')}</h2>
      {installed ? (
        <>
          <p>
            {t('syncSettings.hubKey.installed')} <span className="sync-settings__fingerprint">{installed.fingerprint}</span>
          </p>
          {installed.at && <p className="muted">{t('syncSettings.hubKey.at', { time: formatDateTime(installed.at, language) })}</p>}
          <p>{t('syncSettings.hubKey.compare')}</p>
        </>
      ) : (
        <p className="sync-settings__warning" role="status">
          {t('syncSettings.hubKey.missing')}
        </p>
      )}
      {installed && !editing ? (
        <div className="actions">
          <button type="button" className="button" onClick={() => setEditing(true)}>
            {t('syncSettings.hubKey.replace')}
          </button>
        </div>
      ) : (
        <div className="sync-settings__row">
          <Field label={t('syncSettings.hubKey.paste')}>
            {({ id }) => <textarea id={id} rows={2} spellCheck={false} className="mono" value={text} onChange={(e) => setText(e.target.value)} />}
          </Field>
          <FilePicker
            label={t('syncSettings.hubKey.file')}
            className="sync-settings__narrow"
            onFile={(file) => void file?.text().then((v) => setText(v.trim()))}
          />
          <button type="button" className="button button--primary" disabled={!text.trim()} onClick={() => void install()}>
            {t('syncSettings.hubKey.install')}
          </button>
        </div>
      )}
      <MessageLine message={message} />
    </section>
  );
}

function ReceiptKeySection({ view, reload }: { view: SyncSettingsView; reload: () => void }) {
  const t = useT();
  const language = useUi((s) => s.language);
  const errors = useErrors();
  const [text, setText] = useState('');
  const [message, setMessage] = useState<Message>();
  const key = view.receiptKey;

  const pin = async () => {
    const r = await bridge.invoke('sync.pinReceiptKey', { publicKey: text });
    if (!r.ok) return setMessage(errors(r.error).message);
    setText('');
    setMessage({ kind: 'success', text: t('syncSettings.receiptKey.pinned.done', { fingerprint: r.value.fingerprint }) });
    reload();
  };
  const forget = async () => {
    const r = await bridge.invoke('sync.forgetReceiptKey', {});
    if (!r.ok) return setMessage(errors(r.error).message);
    setMessage({ kind: 'success', text: t('syncSettings.receiptKey.forgotten') });
    reload();
  };
  return (
    <section className="card" aria-labelledby="sync-receipt-title">
      <h2 id="sync-receipt-title">{t('syncSettings.receiptKey.title')}</h2>
      {key ? (
        <>
          <p>
            {t('syncSettings.receiptKey.pinned')} <span className="sync-settings__fingerprint">{key.fingerprint}</span>
          </p>
          {key.at && <p className="muted">{t('syncSettings.receiptKey.since', { time: formatDateTime(key.at, language) })}</p>}
          <div className="actions">
            <button type="button" className="button button--danger" onClick={() => void forget()}>
              {t('syncSettings.receiptKey.forget')}
            </button>
          </div>
        </>
      ) : (
        <>
          <p>{t('syncSettings.receiptKey.none')}</p>
          {view.hubKey && (
            <div className="sync-settings__row">
              <Field label={t('syncSettings.receiptKey.paste')}>
                {({ id }) => <input id={id} className="mono" spellCheck={false} autoComplete="off" value={text} onChange={(e) => setText(e.target.value)} />}
              </Field>
              <button type="button" className="button" disabled={!text.trim()} onClick={() => void pin()}>
                {t('syncSettings.receiptKey.pin')}
              </button>
            </div>
          )}
        </>
      )}
      <MessageLine message={message} />
    </section>
  );
}

function OutboxSection({ view, reload }: { view: SyncSettingsView; reload: () => void }) {
  const t = useT();
  const language = useUi((s) => s.language);
  const [message, setMessage] = useState<Message>();
  const retry = async (batchId: string) => {
    const r = await bridge.invoke('sync.retryRefused', { batchId });
    setMessage(r.ok ? { kind: 'success', text: t('syncSettings.outbox.retried') } : { kind: 'error', text: r.error.message });
    reload();
  };
  return (
    <section className="card" aria-labelledby="sync-outbox-title">
      <h2 id="sync-outbox-title">{t('syncSettings.outbox.title')}</h2>
      {view.outbox.length === 0 ? (
        <p>{t('syncSettings.outbox.empty')}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('syncSettings.outbox.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('syncSettings.outbox.col.changes')}</th>
              <th scope="col">{t('syncSettings.outbox.col.families')}</th>
              <th scope="col">{t('syncSettings.outbox.col.state')}</th>
              <th scope="col">{t('syncSettings.outbox.col.attempts')}</th>
              <th scope="col">{t('syncSettings.outbox.col.next')}</th>
              <th scope="col">{t('syncSettings.outbox.col.problem')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('syncSettings.outbox.retry')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {view.outbox.map((b) => (
              <tr key={b.batchId}>
                <td className="mono">
                  {b.sequenceFrom}–{b.sequenceTo}
                </td>
                <td>{formatNumber(b.households, language)}</td>
                <td>
                  {t(
                    b.state === 'refused'
                      ? 'syncSettings.outbox.state.refused'
                      : b.status === 'uploaded'
                        ? 'syncSettings.outbox.state.uploaded'
                        : 'syncSettings.outbox.state.waiting',
                  )}
                </td>
                <td>{formatNumber(b.attempts, language)}</td>
                <td>{b.state === 'waiting' && b.nextAttemptAt ? formatDateTime(b.nextAttemptAt, language) : '—'}</td>
                <td className="problem">{b.state === 'refused' ? b.refusedReason : b.lastErrorCode ? t(`sync.error.${b.lastErrorCode}`) : ''}</td>
                <td>
                  {b.state === 'refused' && (
                    <button type="button" className="button" onClick={() => void retry(b.batchId)}>
                      {t('syncSettings.outbox.retry')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <MessageLine message={message} />
    </section>
  );
}

function ServeSection({ view, reload }: { view: SyncSettingsView; reload: () => void }) {
  const t = useT();
  const hub = view.hub!;
  const [enrolment, setEnrolment] = useState(hub.enrolmentOpen);
  const [port, setPort] = useState(hub.servePort === null ? '' : String(hub.servePort));
  const [host, setHost] = useState(hub.serveHost);
  const { message, fields, settle } = useSaveOutcome(reload);

  const save = async () => {
    const n = Number(port);
    settle(
      await bridge.invoke('hub.configureServing', {
        enrolmentOpen: enrolment,
        servePort: port.trim() === '' ? null : Number.isInteger(n) ? n : 0,
        serveHost: host,
      }),
    );
  };
  return (
    <section className="card" aria-labelledby="sync-serve-title">
      <h2 id="sync-serve-title">{t('syncSettings.serve.title')}</h2>
      <p>{t('syncSettings.serve.intro')}</p>
      {hub.hubKeyFingerprint && (
        <p>
          {t('syncSettings.serve.hubKey')} <span className="sync-settings__fingerprint">{hub.hubKeyFingerprint}</span>
        </p>
      )}
      {hub.receiptKey && (
        <p>
          {t('syncSettings.serve.receiptKey')} <span className="sync-settings__key">{hub.receiptKey}</span> {t('syncSettings.serve.receiptKeyFingerprint')}{' '}
          <span className="mono">{hub.receiptKeyFingerprint}</span>
        </p>
      )}
      <form
        className="sync-settings__row"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Field label={t('syncSettings.serve.port')} hint={t('syncSettings.serve.port.hint')} error={fields['servePort']} className="sync-settings__narrow">
          {({ id, describedBy, invalid }) => (
            <input id={id} aria-describedby={describedBy} aria-invalid={invalid} inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} />
          )}
        </Field>
        <Field label={t('syncSettings.serve.host')} hint={t('syncSettings.serve.host.hint')} error={fields['serveHost']} className="sync-settings__narrow">
          {({ id, describedBy, invalid }) => (
            <input id={id} aria-describedby={describedBy} aria-invalid={invalid} spellCheck={false} value={host} onChange={(e) => setHost(e.target.value)} />
          )}
        </Field>
        <label className="check">
          <input type="checkbox" checked={enrolment} onChange={(e) => setEnrolment(e.target.checked)} />
          {t('syncSettings.serve.enrolment')}
        </label>
        <button type="submit" className="button button--primary">
          {t('syncSettings.save')}
        </button>
      </form>
      <MessageLine message={message} />
    </section>
  );
}

export function SyncSettingsScreen() {
  const t = useT();
  // Sync's settings, keys and outbox: read again when core reports a change to any of them.
  const settings = useMethod('sync.settings', {}, { on: ['settings', 'sync', 'batches', 'households'] });
  const { data: view, refresh: reload } = settings;
  const error = settings.error?.message;

  return (
    <div className="sync-settings">
      <h1>{t('syncSettings.title')}</h1>
      {error && (
        <p role="alert" className="sync-settings__warning">
          {error}
        </p>
      )}
      {view && (
        <>
          {view.role !== 'hub' && <p>{t('syncSettings.intro')}</p>}
          {view.role === 'hub' && view.hub ? (
            <ServeSection view={view} reload={reload} />
          ) : (
            <>
              <HubSection view={view} reload={reload} />
              <HubKeySection view={view} reload={reload} />
              <ReceiptKeySection view={view} reload={reload} />
              <OutboxSection view={view} reload={reload} />
            </>
          )}
        </>
      )}
    </div>
  );
}
