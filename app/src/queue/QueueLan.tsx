import { useState, type FormEvent } from 'react';
import type { QueueLanSettings } from '../../../electron/api/methods/queue';
import type { QueueHostStatus, QueueMemberView } from '../../../electron/api/views-queue';
import { bridge } from '../bridge';
import { Field } from '../components/Field';
import { useIssueText, useT, type MessageKey } from '../i18n';
import { useMethod } from '../useMethod';
import { said, type Said } from './parts';

type Mode = 'local' | 'host' | 'client';
type Stored = QueueLanSettings & { ownFingerprint: string };

/**
 * One centre, many desks (issue 17; docs/queue-host.md): where this station's queue is kept. The queue host listens
 * for the centre's desks and admits each by its fingerprint read aloud; a desk or greeter names the host's address
 * and fingerprint, and asks the host, which is how it asks to join.
 */
export function QueueLanSection() {
  const { data } = useMethod('queue.lanSettings', {}, { on: ['settings'] });
  return data ? <QueueLanFields key={JSON.stringify(data)} stored={data} /> : null;
}

function QueueLanFields({ stored }: { stored: Stored }) {
  const t = useT();
  const issueText = useIssueText();
  const [mode, setMode] = useState<Mode>(stored.listen ? 'host' : stored.hostUrl ? 'client' : 'local');
  const [form, setForm] = useState({
    listen: stored.listen || '0.0.0.0:8470',
    hostUrl: stored.hostUrl,
    hostFingerprint: stored.hostFingerprint,
    leaseSize: String(stored.leaseSize),
    leaseMinutes: String(stored.leaseMinutes),
  });
  const [errors, setErrors] = useState<Partial<Record<keyof typeof form, MessageKey>>>({});
  const [message, setMessage] = useState<Said>();
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const found: typeof errors = {};
    if (mode === 'host' && !/^[0-9A-Za-z.:[\]-]+:\d{1,5}$/.test(form.listen.trim())) found.listen = 'queue.lan.invalid.listen';
    if (mode === 'client' && !/^https?:\/\/[^\s/]+\/?$/.test(form.hostUrl.trim())) found.hostUrl = 'queue.lan.invalid.hostUrl';
    if (mode === 'client' && form.hostFingerprint.replace(/[^0-9a-fA-F]/g, '').length !== 32) found.hostFingerprint = 'queue.lan.invalid.fingerprint';
    const size = Number(form.leaseSize);
    const minutes = Number(form.leaseMinutes);
    if (!Number.isInteger(size) || size < 0 || size > 20) found.leaseSize = 'queue.lan.invalid.lease';
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240) found.leaseMinutes = 'queue.lan.invalid.lease';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const r = await bridge.invoke('queue.saveLanSettings', {
      listen: mode === 'host' ? form.listen.trim() : '',
      hostUrl: mode === 'client' ? form.hostUrl.trim() : '',
      hostFingerprint: mode === 'client' ? form.hostFingerprint.trim() : '',
      leaseSize: size,
      leaseMinutes: minutes,
    });
    setMessage(r.ok ? { key: 'queue.saved' } : { text: issueText({ code: `error.${r.error.code}`, message: r.error.message }) });
  };

  const text = (name: keyof typeof form, label: MessageKey, hint?: MessageKey, size = 24) => (
    <Field label={t(label)} hint={hint && t(hint)} error={errors[name] && t(errors[name])}>
      {(f) => (
        <input
          id={f.id}
          aria-describedby={f.describedBy}
          aria-invalid={f.invalid}
          value={form[name]}
          size={size}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => set({ [name]: e.target.value })}
        />
      )}
    </Field>
  );

  return (
    <>
      <form className="queue__section" aria-labelledby="queue-lan" onSubmit={(e) => void save(e)}>
        <h2 id="queue-lan">{t('queue.lan')}</h2>
        <p>
          {t('queue.lan.own')}{' '}
          <strong className="mono queue__fingerprint" lang="en">
            {stored.ownFingerprint}
          </strong>
        </p>
        <div role="radiogroup" aria-label={t('queue.lan.mode')} className="queue__choices">
          {(['local', 'host', 'client'] as const).map((m) => (
            <label key={m} className="check">
              <input type="radio" name="queue-lan-mode" checked={mode === m} onChange={() => setMode(m)} />
              {t(`queue.lan.mode.${m}`)}
            </label>
          ))}
        </div>
        <div className="queue__settings">
          {mode === 'host' && text('listen', 'queue.lan.listen', 'queue.lan.listenHint')}
          {mode === 'client' && text('hostUrl', 'queue.lan.hostUrl', 'queue.lan.hostUrlHint', 30)}
          {mode === 'client' && text('hostFingerprint', 'queue.lan.hostFingerprint', 'queue.lan.hostFingerprintHint', 42)}
          {mode === 'host' && text('leaseSize', 'queue.lan.leaseSize', undefined, 4)}
          {mode === 'host' && text('leaseMinutes', 'queue.lan.leaseMinutes', undefined, 4)}
        </div>
        <button type="submit" className="button button--primary">
          {t('queue.lan.save')}
        </button>
        <p role="status">{said(t, message)}</p>
      </form>
      {stored.hostUrl && <HostStatus />}
      {stored.listen && <Members />}
    </>
  );
}

function HostStatus() {
  const t = useT();
  const [status, setStatus] = useState<QueueHostStatus>();
  const ask = async () => {
    const r = await bridge.invoke('queue.hostStatus', {});
    setStatus(r.ok ? r.value : { state: 'unreachable' });
  };
  const words =
    status === undefined
      ? ''
      : status.state === 'member'
        ? t('queue.lan.status.member', { label: status.label })
        : status.state === 'pending'
          ? t('queue.lan.status.pending')
          : status.state === 'unreachable'
            ? t('queue.lan.status.unreachable')
            : t('queue.lan.status.local');
  return (
    <section className="queue__section" aria-label={t('queue.lan.ask')}>
      <button type="button" className="button" onClick={() => void ask()}>
        {t('queue.lan.ask')}
      </button>
      <p role="status">{words}</p>
    </section>
  );
}

function Members() {
  const t = useT();
  const issueText = useIssueText();
  const { data: members, refresh } = useMethod('queue.members', {}, { on: ['queue'] });
  const [names, setNames] = useState<Record<string, string>>({});
  const [roles, setRoles] = useState<Record<string, 'desk' | 'greeter'>>({});
  const [message, setMessage] = useState<Said>();

  const admit = async (m: QueueMemberView) => {
    const label = (names[m.fingerprint] ?? m.label).trim();
    const r = await bridge.invoke('queue.admitMember', { fingerprint: m.fingerprint, label, role: roles[m.fingerprint] ?? 'desk' });
    setMessage(r.ok ? { key: 'queue.members.admitted', params: { label } } : { text: issueText({ code: `error.${r.error.code}`, message: r.error.message }) });
    refresh();
  };
  const revoke = async (m: QueueMemberView) => {
    const r = await bridge.invoke('queue.revokeMember', { fingerprint: m.fingerprint });
    if (!r.ok) setMessage({ text: issueText({ code: `error.${r.error.code}`, message: r.error.message }) });
    refresh();
  };

  return (
    <section className="queue__section" aria-labelledby="queue-members">
      <h2 id="queue-members">{t('queue.members')}</h2>
      {!members || members.length === 0 ? (
        <p>{t('queue.members.none')}</p>
      ) : (
        <table className="queue__members">
          <thead>
            <tr>
              <th scope="col">{t('queue.members.fingerprint')}</th>
              <th scope="col">{t('queue.members.name')}</th>
              <th scope="col">{t('queue.members.role')}</th>
              <th scope="col">{t('queue.members.prefix')}</th>
              <th scope="col">{t('queue.members.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('queue.members.action')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.fingerprint}>
                <td className="mono" lang="en">
                  {m.fingerprint}
                </td>
                {m.status === 'member' ? (
                  <>
                    <td>{m.label}</td>
                    <td>{m.role && t(`queue.members.role.${m.role}`)}</td>
                    <td className="mono">{m.prefix ?? ''}</td>
                  </>
                ) : (
                  <>
                    <td>
                      <input
                        aria-label={t('queue.members.nameFor', { fingerprint: m.fingerprint })}
                        value={names[m.fingerprint] ?? m.label}
                        maxLength={40}
                        size={12}
                        autoComplete="off"
                        onChange={(e) => setNames({ ...names, [m.fingerprint]: e.target.value })}
                      />
                    </td>
                    <td>
                      <select
                        aria-label={t('queue.members.roleFor', { fingerprint: m.fingerprint })}
                        value={roles[m.fingerprint] ?? m.role ?? 'desk'}
                        onChange={(e) => setRoles({ ...roles, [m.fingerprint]: e.target.value === 'greeter' ? 'greeter' : 'desk' })}
                      >
                        <option value="desk">{t('queue.members.role.desk')}</option>
                        <option value="greeter">{t('queue.members.role.greeter')}</option>
                      </select>
                    </td>
                    <td className="mono">{m.prefix ?? ''}</td>
                  </>
                )}
                <td>{t(`queue.members.status.${m.status}`)}</td>
                <td>
                  {m.status === 'member' ? (
                    <button
                      type="button"
                      className="button button--quiet"
                      aria-label={t('queue.members.revokeFor', { label: m.label })}
                      onClick={() => void revoke(m)}
                    >
                      {t('queue.members.revoke')}
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button"
                      aria-label={t('queue.members.admitFor', { fingerprint: m.fingerprint })}
                      disabled={!(names[m.fingerprint] ?? m.label).trim()}
                      onClick={() => void admit(m)}
                    >
                      {t('queue.members.admit')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p role="status">{said(t, message)}</p>
    </section>
  );
}
