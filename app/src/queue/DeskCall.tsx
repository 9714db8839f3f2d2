import { useEffect, useState } from 'react';
import type { Result } from '../../../electron/api/result';
import type { QueueTicketView } from '../../../electron/api/views-queue';
import { bridge } from '../bridge';
import { useShortcuts } from '../components/useShortcuts';
import { useIssueText, useT } from '../i18n';
import { emptyHousehold, emptyMember, nextRelationship } from '../intake/form';
import { useUi } from '../store';
import { useMethod } from '../useMethod';
import { useQueueCall } from './call';
import { said, type Said } from './parts';
import './queue.css';

/**
 * The desk's part of the queue, above the intake form (issue 17): one key (F10) ends the family served and calls the
 * next; the called family's name and size typed at the door fill the form, so nothing is typed twice; a call can be
 * repeated, skipped for another desk, or marked as not come.
 */
export function DeskCall() {
  const t = useT();
  const issueText = useIssueText();
  const resetForm = useUi((s) => s.resetForm);
  const { current, setCurrent } = useQueueCall();
  const [message, setMessage] = useState<Said>();
  const { data: state } = useMethod('queue.current', {}, { on: ['queue'] });
  const waiting = state?.waiting ?? 0;
  // What core says this desk has called (after a reload, or a call from the keyboard) is the bar's ticket.
  useEffect(() => {
    if (state) setCurrent(state.current);
  }, [state, setCurrent]);

  const run = async (call: () => Promise<Result<QueueTicketView | null>>, onDone?: (ticket: QueueTicketView | null) => void) => {
    const r = await call();
    if (!r.ok) {
      // The host not answering is said in the screen's language, re-worded when it changes.
      setMessage(
        r.error.code === 'unreachable' ? { key: 'error.unreachable' } : { text: issueText({ code: `error.${r.error.code}`, message: r.error.message }) },
      );
      return;
    }
    setMessage(undefined);
    onDone?.(r.value);
  };

  const callNext = () => {
    void run(
      () => bridge.invoke('queue.callNext', {}),
      (ticket) => {
        setCurrent(ticket);
        setMessage(ticket ? undefined : { key: 'desk.nobody' });
      },
    );
  };
  useShortcuts({ F10: callNext });
  const link = state?.link;
  const refused = state?.refused ?? [];
  // A centre that does not use the queue sees no bar: the form keeps its room.
  if (!current && waiting === 0 && !message && !link) return null;

  const fill = (ticket: QueueTicketView) => {
    const [given = '', ...rest] = ticket.headName.trim().split(/\s+/);
    const blank = emptyHousehold();
    const head = { ...emptyMember('head'), givenName: given, familyName: rest.join(' ') };
    const others = Array.from({ length: Math.max(0, ticket.householdSize - 1) }, (_, i) => emptyMember(nextRelationship(i + 1)));
    resetForm({ ...blank, members: [head, ...others] });
  };

  return (
    <section className="desk-call" aria-label={t('desk.queue')}>
      <button type="button" className="button button--primary" onClick={callNext}>
        {t('desk.callNext')} <kbd>F10</kbd>
      </button>
      {current ? (
        <>
          <strong className="desk-call__number mono" lang="en">
            {current.number}
          </strong>
          <span>
            {current.headName && <>{current.headName} · </>}
            {t('desk.size', { size: current.householdSize })}
            {current.lane === 'priority' && <> · {t('ticket.lane.priority')}</>}
          </span>
          <button type="button" className="button" onClick={() => fill(current)}>
            {t('desk.fill')}
          </button>
          <button type="button" className="button button--quiet" onClick={() => void run(() => bridge.invoke('queue.recall', { id: current.id }))}>
            {t('desk.recall')}
          </button>
          <button
            type="button"
            className="button button--quiet"
            onClick={() =>
              void run(
                () => bridge.invoke('queue.skip', { id: current.id }),
                () => setCurrent(null),
              )
            }
          >
            {t('desk.skip')}
          </button>
          <button
            type="button"
            className="button button--quiet"
            onClick={() =>
              void run(
                () => bridge.invoke('queue.noShow', { id: current.id }),
                () => setCurrent(null),
              )
            }
          >
            {t('desk.noShow')}
          </button>
        </>
      ) : (
        <span>{t('desk.waiting', { count: waiting })}</span>
      )}
      <span role="status" className="desk-call__message">
        {said(t, message)}
      </span>
      {refused.length > 0 && (
        // Calls made while cut off that the host refused: that family is not this desk's; the clerk calls the next.
        <div className="desk-call__refused" role="alert">
          <strong>{t('desk.refused.title')}</strong>
          <ul>
            {refused.map((r) => (
              <li key={`${r.ticketId} ${r.calledAt}`}>{t(`desk.refused.${r.reason}`, { number: r.number })}</li>
            ))}
          </ul>
        </div>
      )}
      {link && (
        <span className={`desk-call__link desk-call__link--${link.state}`}>
          {link.state === 'connected'
            ? t('desk.link.connected')
            : link.state === 'leased'
              ? t('desk.link.leased', { count: link.leased })
              : t('desk.link.noLease')}
          {link.unsent > 0 && <> {t('desk.link.unsent', { count: link.unsent })}</>}
        </span>
      )}
    </section>
  );
}
