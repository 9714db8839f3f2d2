import type { SlipLanguage } from '../../../electron/api/views-print';
import type { QueueTicketView } from '../../../electron/api/views-queue';
import { formatDateTime, translate, type MessageKey, type Params } from '../i18n';
import './print.css';

/**
 * The queue ticket, on the 80 mm printer at the door, in the family's language: the number (large), the lane
 * ("priority", never the reason), the estimated wait when issued, and what happens next. No name.
 */
export function TicketDocument({ ticket, language }: { ticket: QueueTicketView; language: SlipLanguage }) {
  const t = (key: MessageKey, params?: Params) => translate(language, key, params);
  return (
    <article className="ticket" lang={language} aria-label={t('ticket.title')}>
      <h1 className="ticket__title">{t('ticket.title')}</h1>
      <p className="ticket__label">{t('ticket.number')}</p>
      <p className="ticket__number" lang="en">
        {ticket.number}
      </p>
      {ticket.lane === 'priority' && <p className="ticket__lane">{t('ticket.lane.priority')}</p>}
      <p className="ticket__wait">
        {ticket.estimatedWaitMinutes === null ? t('ticket.waitUnknown') : t('ticket.wait', { minutes: ticket.estimatedWaitMinutes })}
      </p>
      <p className="ticket__time">{formatDateTime(ticket.issuedAt, language)}</p>
      <p className="ticket__keep">{t('ticket.keep')}</p>
      <h2 className="ticket__next-title">{t('ticket.next')}</h2>
      <p className="ticket__next">{ticket.nextSteps || t('slip.nextSteps.default')}</p>
    </article>
  );
}
