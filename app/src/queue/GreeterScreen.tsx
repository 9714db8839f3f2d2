import { useRef, useState, type FormEvent } from 'react';
import { PRIORITY_REASONS, TICKET_LANGUAGES, type PriorityReason, type QueueTicketView, type TicketLanguage } from '../../../electron/api/views-queue';
import { bridge } from '../bridge';
import { Field } from '../components/Field';
import { useIssueText, useT, type MessageKey } from '../i18n';
import { printTicket } from '../print';
import { useUi } from '../store';
import { useMethod } from '../useMethod';
import { said, TicketStatus, WaitText, type Said } from './parts';
import './queue.css';

const clock = (iso: string) => {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

/** Each language named in itself, as the family would recognise it. */
const LANGUAGE_NAMES: Record<TicketLanguage, string> = { hy: 'Հայերեն', ru: 'Русский', en: 'English' };

/**
 * The greeter at the door (issue 17): the household's size, its language and any priority, and Enter issues a
 * numbered ticket and prints it. The number stays large on screen, to copy by hand when the printer fails. The
 * priority reason goes to the queue host only; the ticket says "priority" and nothing more.
 */
export function GreeterScreen() {
  const t = useT();
  const issueText = useIssueText();
  const screenLanguage = useUi((s) => s.language);
  const [size, setSize] = useState('1');
  const [language, setLanguage] = useState<TicketLanguage>(screenLanguage);
  const [priority, setPriority] = useState<PriorityReason[]>([]);
  const [headName, setHeadName] = useState('');
  const [error, setError] = useState<MessageKey>();
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<QueueTicketView[]>([]);
  // Kept as words to say, not said: a switch of language re-words them.
  const [message, setMessage] = useState<Said>();
  const sizeInput = useRef<HTMLInputElement>(null);
  // The press being issued: its id goes with the request and stays while the same family's ticket is asked for again
  // (after an error, its answer perhaps lost), so the queue host issues one ticket for it however often it is sent.
  const press = useRef<{ form: string; requestId: string }>(undefined);
  const latest = issued[0];
  const { data: refused = [] } = useMethod('queue.doorRefused', {}, { on: ['queue'] });

  const issue = async (e: FormEvent) => {
    e.preventDefault();
    const householdSize = Number(size);
    if (!Number.isInteger(householdSize) || householdSize < 1 || householdSize > 30) {
      setError('door.size.invalid');
      sizeInput.current?.focus();
      return;
    }
    setError(undefined);
    setBusy(true);
    const form = JSON.stringify([householdSize, language, [...priority].sort(), headName.trim()]);
    if (press.current?.form !== form) press.current = { form, requestId: crypto.randomUUID() };
    const r = await bridge.invoke('queue.issue', { householdSize, language, priority, headName, requestId: press.current.requestId });
    setBusy(false);
    if (!r.ok) {
      // The host not answering is said in the screen's language, re-worded when it changes.
      setMessage(
        r.error.code === 'unreachable' ? { key: 'error.unreachable' } : { text: issueText({ code: `error.${r.error.code}`, message: r.error.message }) },
      );
      return;
    }
    press.current = undefined;
    setIssued((list) => [r.value, ...list].slice(0, 20));
    setMessage({ key: r.value.unsent ? 'door.issuedOffline' : 'door.issued', params: { number: r.value.number } });
    setSize('1');
    setPriority([]);
    setHeadName('');
    sizeInput.current?.focus();
    void printTicket(r.value.id, r.value.language);
  };

  const cancel = async (ticket: QueueTicketView) => {
    const r = await bridge.invoke('queue.cancel', { id: ticket.id });
    if (!r.ok) {
      // The host not answering is said in the screen's language, re-worded when it changes.
      setMessage(
        r.error.code === 'unreachable' ? { key: 'error.unreachable' } : { text: issueText({ code: `error.${r.error.code}`, message: r.error.message }) },
      );
      return;
    }
    setIssued((list) => list.map((x) => (x.id === ticket.id ? r.value : x)));
    setMessage({ key: 'door.cancelled', params: { number: ticket.number } });
  };

  const toggle = (reason: PriorityReason, on: boolean) => setPriority((list) => (on ? [...list, reason] : list.filter((r) => r !== reason)));

  return (
    <section className="door" aria-labelledby="door-title">
      <h1 id="door-title">{t('door.title')}</h1>
      {refused.length > 0 && (
        <section className="door__refused" role="alert" aria-labelledby="door-refused">
          <h2 id="door-refused">{t('door.refused.title')}</h2>
          <ul>
            {refused.map((r) => (
              <li key={r.id}>{t('door.refused.item', { number: r.number, time: clock(r.issuedAt) })}</li>
            ))}
          </ul>
        </section>
      )}
      <div className="door__columns">
        <form className="door__form" aria-labelledby="door-title" onSubmit={(e) => void issue(e)}>
          <Field label={t('door.size')} error={error && t(error)}>
            {(f) => (
              <input
                ref={sizeInput}
                id={f.id}
                aria-describedby={f.describedBy}
                aria-invalid={f.invalid}
                className="door__size"
                value={size}
                inputMode="numeric"
                autoComplete="off"
                autoFocus
                size={3}
                onChange={(e) => setSize(e.target.value)}
              />
            )}
          </Field>
          <div className="field">
            <span id="door-language">{t('door.language')}</span>
            <div role="radiogroup" aria-labelledby="door-language" className="segmented">
              {TICKET_LANGUAGES.map((l) => (
                <label key={l} lang={l} className={language === l ? 'is-on' : ''}>
                  <input type="radio" name="ticket-language" value={l} checked={language === l} onChange={() => setLanguage(l)} />
                  {LANGUAGE_NAMES[l]}
                </label>
              ))}
            </div>
          </div>
          <fieldset className="door__priority">
            <legend>{t('door.priority')}</legend>
            <p className="field__hint">{t('door.priorityHint')}</p>
            {PRIORITY_REASONS.map((reason) => (
              <label key={reason} className="check">
                <input type="checkbox" checked={priority.includes(reason)} onChange={(e) => toggle(reason, e.target.checked)} />
                {t(`priority.${reason}`)}
              </label>
            ))}
          </fieldset>
          <Field label={t('door.headName')} hint={t('door.headNameHint')}>
            {(f) => (
              <input
                id={f.id}
                aria-describedby={f.describedBy}
                value={headName}
                autoComplete="off"
                spellCheck={false}
                maxLength={120}
                onChange={(e) => setHeadName(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="button button--primary button--big" disabled={busy}>
            {t('door.issue')} <kbd>Enter</kbd>
          </button>
        </form>
        <div className="door__issued">
          <p role="status" className="door__message">
            {said(t, message)}
          </p>
          {latest && (
            <div className="door__ticket" aria-label={t('ticket.number')}>
              <p className="door__number mono" lang="en">
                {latest.number}
              </p>
              <p>
                {t(`ticket.lane.${latest.lane}`)} · <WaitText minutes={latest.estimatedWaitMinutes} />
              </p>
              <p className="muted">{t('door.byHand')}</p>
              <div className="door__actions">
                <button type="button" className="button" onClick={() => void printTicket(latest.id, latest.language)}>
                  {t('door.print')}
                </button>
                {latest.status === 'waiting' && (
                  <button type="button" className="button button--quiet" onClick={() => void cancel(latest)}>
                    {t('door.cancel')}
                  </button>
                )}
              </div>
            </div>
          )}
          <h2>{t('door.recent')}</h2>
          {issued.length === 0 ? (
            <p className="empty">{t('door.none')}</p>
          ) : (
            <ul className="door__recent">
              {issued.map((ticket) => (
                <li key={ticket.id}>
                  <span className="mono" lang="en">
                    {ticket.number}
                  </span>{' '}
                  <TicketStatus status={ticket.status} />
                  {ticket.status === 'waiting' && ticket !== latest && (
                    <button
                      type="button"
                      className="button button--quiet"
                      aria-label={`${t('door.print')} ${ticket.number}`}
                      onClick={() => void printTicket(ticket.id, ticket.language)}
                    >
                      {t('door.print')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
