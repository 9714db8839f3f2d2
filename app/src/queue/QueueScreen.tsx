import { useEffect, useState, type FormEvent } from 'react';
import type { QueueSettings } from '../../../electron/api/methods/queue';
import type { QueueTicketView } from '../../../electron/api/views-queue';
import { bridge } from '../bridge';
import { Field } from '../components/Field';
import { useIssueText, useT, type MessageKey } from '../i18n';
import { said, type Said } from './parts';
import { QueueLanSection } from './QueueLan';
import { useUi } from '../store';
import { useMethod } from '../useMethod';
import './queue.css';

const time = (iso: string) => {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

/**
 * The supervisor's view of the queue (issue 17): who waits now and for how long, how fast each desk goes, when the
 * queue will be cleared at this pace, the calling rule in words, the day's end, and the queue's settings.
 */
export function QueueScreen() {
  const t = useT();
  const go = useUi((s) => s.go);
  const { data: overview, error, refresh } = useMethod('queue.overview', {}, { on: ['queue'] });
  const { data: lan } = useMethod('queue.lanSettings', {}, { on: ['settings'] });
  // A station that uses a queue host shows the host's queue; the host alone changes it.
  const remote = lan && lan.hostUrl !== '' && lan.hostFingerprint !== '' ? lan.hostUrl : undefined;
  // Waits grow by the minute even when nothing is called.
  useEffect(() => {
    const timer = setInterval(refresh, 30_000);
    return () => clearInterval(timer);
  }, [refresh]);

  return (
    <section className="queue" aria-labelledby="queue-title">
      <header className="queue__head">
        <h1 id="queue-title">{t('queue.title')}</h1>
        <button type="button" className="button" onClick={() => go('door')}>
          {t('queue.door')}
        </button>
      </header>
      {remote && (
        <p className="queue__remote" role="note">
          {t('queue.remote', { host: remote })}
        </p>
      )}
      {remote && error && <p role="alert">{t('queue.remoteUnreachable')}</p>}
      {overview && (
        <>
          <dl className="queue__figures">
            <div>
              <dt>{t('queue.waiting')}</dt>
              <dd>{overview.waiting}</dd>
            </div>
            <div>
              <dt>{t('queue.waitingPriority')}</dt>
              <dd>{overview.waitingPriority}</dd>
            </div>
            <div>
              <dt>{t('queue.longest')}</dt>
              <dd>{t('queue.minutes', { minutes: overview.longestWaitMinutes })}</dd>
            </div>
            <div>
              <dt>{t('queue.issued')}</dt>
              <dd>{overview.issuedToday}</dd>
            </div>
            <div>
              <dt>{t('queue.served')}</dt>
              <dd>{overview.servedToday}</dd>
            </div>
            <div>
              <dt>{t('queue.noShows')}</dt>
              <dd>{overview.noShowsToday}</dd>
            </div>
            <div>
              <dt>{t('queue.pace')}</dt>
              <dd>{overview.serviceMinutes}</dd>
            </div>
          </dl>
          <p className="queue__forecast" role="status">
            {overview.clearedBy ? t('queue.clearedBy', { time: time(overview.clearedBy) }) : t('queue.empty')}
          </p>
          <h2>{t('queue.desks')}</h2>
          {overview.desks.length === 0 ? (
            <p className="empty">{t('queue.noDesks')}</p>
          ) : (
            <table className="queue__desks">
              <thead>
                <tr>
                  <th scope="col">{t('queue.desk')}</th>
                  <th scope="col">{t('queue.deskServed')}</th>
                  <th scope="col">{t('queue.perHour')}</th>
                  <th scope="col">{t('queue.deskMinutes')}</th>
                </tr>
              </thead>
              <tbody>
                {overview.desks.map((d) => (
                  <tr key={d.desk}>
                    <td>{d.desk}</td>
                    <td>{d.served}</td>
                    <td>{d.perHour}</td>
                    <td>{d.meanServiceMinutes}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="queue__rule">{t('queue.rule', { hours: Math.round(overview.headStartMinutes / 60) })}</p>
        </>
      )}
      {overview && <WaitingList remote={remote !== undefined} tickets={overview.list} more={overview.more} refresh={refresh} />}
      {!remote && <EndDay />}
      <QueueSettingsForm />
      <QueueLanSection />
    </section>
  );
}

/** Who waits, in calling order; a supervisor sends a ticket to one desk (a language, a specialist) or back to any. */
function WaitingList({ remote, tickets, more, refresh }: { remote: boolean; tickets: QueueTicketView[]; more: number; refresh: () => void }) {
  const t = useT();
  const issueText = useIssueText();
  const [desks, setDesks] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<Said>();
  const send = async (ticket: QueueTicketView, desk: string | null) => {
    const r = await bridge.invoke('queue.sendToDesk', { id: ticket.id, desk });
    if (!r.ok) {
      setMessage({ text: issueText({ code: `error.${r.error.code}`, message: r.error.message }) });
      return;
    }
    refresh();
    setMessage(desk ? { key: 'queue.sent', params: { number: ticket.number, desk } } : { key: 'queue.unsent', params: { number: ticket.number } });
  };
  if (tickets.length === 0) return null;
  return (
    <section className="queue__section" aria-labelledby="queue-waiting">
      <h2 id="queue-waiting">{t('queue.waitingList')}</h2>
      <table className="queue__desks">
        <thead>
          <tr>
            <th scope="col">{t('display.ticket')}</th>
            <th scope="col">{t('queue.lane')}</th>
            <th scope="col">{t('queue.estimate')}</th>
            <th scope="col">{t('queue.forDesk')}</th>
          </tr>
        </thead>
        <tbody>
          {tickets.map((ticket) => (
            <tr key={ticket.id}>
              <th scope="row" className="mono" lang="en">
                {ticket.number}
              </th>
              <td>{t(`ticket.lane.${ticket.lane}`)}</td>
              <td>{ticket.estimatedWaitMinutes === null ? '—' : t('queue.minutes', { minutes: ticket.estimatedWaitMinutes })}</td>
              <td>
                {remote ? (
                  (ticket.forDesk ?? t('queue.anyDesk'))
                ) : ticket.forDesk ? (
                  <span className="queue__sent">
                    {ticket.forDesk}
                    <button
                      type="button"
                      className="button button--quiet"
                      aria-label={t('queue.anyDesk.for', { number: ticket.number })}
                      onClick={() => void send(ticket, null)}
                    >
                      {t('queue.anyDesk')}
                    </button>
                  </span>
                ) : (
                  <span className="queue__sent">
                    <input
                      aria-label={t('queue.deskFor', { number: ticket.number })}
                      value={desks[ticket.id] ?? ''}
                      size={10}
                      maxLength={40}
                      autoComplete="off"
                      onChange={(e) => setDesks({ ...desks, [ticket.id]: e.target.value })}
                    />
                    <button
                      type="button"
                      className="button"
                      aria-label={t('queue.send.for', { number: ticket.number })}
                      disabled={!(desks[ticket.id] ?? '').trim()}
                      onClick={() => void send(ticket, (desks[ticket.id] ?? '').trim())}
                    >
                      {t('queue.send')}
                    </button>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {more > 0 && <p>{t('queue.waitingMore', { count: more })}</p>}
      <p role="status">{said(t, message)}</p>
    </section>
  );
}

function EndDay() {
  const t = useT();
  const issueText = useIssueText();
  const [carry, setCarry] = useState(true);
  const [message, setMessage] = useState<Said>();
  const end = async () => {
    const r = await bridge.invoke('queue.endDay', { carry });
    setMessage(
      r.ok
        ? { key: 'queue.dayEnded', params: { carried: r.value.carried, closed: r.value.closed, names: r.value.namesErased } }
        : { text: issueText({ code: `error.${r.error.code}`, message: r.error.message }) },
    );
  };
  return (
    <section className="queue__section" aria-labelledby="queue-end">
      <h2 id="queue-end">{t('queue.endDay')}</h2>
      <div role="radiogroup" aria-labelledby="queue-end" className="queue__choices">
        <label className="check">
          <input type="radio" name="queue-end" checked={carry} onChange={() => setCarry(true)} />
          {t('queue.endDay.carry')}
        </label>
        <label className="check">
          <input type="radio" name="queue-end" checked={!carry} onChange={() => setCarry(false)} />
          {t('queue.endDay.close')}
        </label>
      </div>
      <button type="button" className="button" onClick={() => void end()}>
        {t('queue.endDay.button')}
      </button>
      <p role="status">{said(t, message)}</p>
    </section>
  );
}

function QueueSettingsForm() {
  const { data: loaded } = useMethod('queue.settings', {});
  // The form starts from the stored settings and is the supervisor's until saved.
  return loaded ? <QueueSettingsFields key={JSON.stringify(loaded)} stored={loaded} /> : null;
}

function QueueSettingsFields({ stored }: { stored: QueueSettings }) {
  const t = useT();
  const issueText = useIssueText();
  const [settings, setSettings] = useState<QueueSettings>(stored);
  const [errors, setErrors] = useState<Partial<Record<keyof QueueSettings, MessageKey>>>({});
  const [message, setMessage] = useState<Said>();
  const set = (patch: Partial<QueueSettings>) => setSettings({ ...settings, ...patch });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const found: typeof errors = {};
    if (!/^[A-Z0-9]{1,3}$/.test(settings.prefix.trim().toUpperCase())) found.prefix = 'queue.invalid.prefix';
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(settings.doorClosesAt)) found.doorClosesAt = 'queue.invalid.door';
    if (!Number.isInteger(settings.defaultServiceMinutes) || settings.defaultServiceMinutes < 1 || settings.defaultServiceMinutes > 60) {
      found.defaultServiceMinutes = 'error.invalid_input';
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const r = await bridge.invoke('queue.saveSettings', { ...settings, prefix: settings.prefix.trim().toUpperCase() });
    if (r.ok) {
      setSettings(r.value);
      setMessage({ key: 'queue.saved' });
    } else setMessage({ text: issueText({ code: `error.${r.error.code}`, message: r.error.message }) });
  };

  return (
    <form className="queue__section" aria-labelledby="queue-settings" onSubmit={(e) => void save(e)}>
      <h2 id="queue-settings">{t('queue.settings')}</h2>
      <div className="queue__settings">
        <Field label={t('queue.prefix')} hint={t('queue.prefixHint')} error={errors.prefix && t(errors.prefix)}>
          {(f) => (
            <input
              id={f.id}
              aria-describedby={f.describedBy}
              aria-invalid={f.invalid}
              value={settings.prefix}
              size={4}
              autoComplete="off"
              onChange={(e) => set({ prefix: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('queue.deskName')}>
          {(f) => <input id={f.id} value={settings.desk} maxLength={40} autoComplete="off" onChange={(e) => set({ desk: e.target.value })} />}
        </Field>
        <Field label={t('queue.doorCloses')} error={errors.doorClosesAt && t(errors.doorClosesAt)}>
          {(f) => (
            <input
              id={f.id}
              aria-describedby={f.describedBy}
              aria-invalid={f.invalid}
              value={settings.doorClosesAt}
              size={6}
              autoComplete="off"
              onChange={(e) => set({ doorClosesAt: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('queue.defaultMinutes')} error={errors.defaultServiceMinutes && t(errors.defaultServiceMinutes)}>
          {(f) => (
            <input
              id={f.id}
              aria-describedby={f.describedBy}
              aria-invalid={f.invalid}
              value={String(settings.defaultServiceMinutes)}
              size={4}
              inputMode="numeric"
              autoComplete="off"
              onChange={(e) => set({ defaultServiceMinutes: Number(e.target.value) })}
            />
          )}
        </Field>
      </div>
      <button type="submit" className="button button--primary">
        {t('queue.save')}
      </button>
      <p role="status">{said(t, message)}</p>
    </form>
  );
}
