import type { TicketStatus as Status } from '../../../electron/api/views-queue';
import { useT, type MessageKey, type Params } from '../i18n';

/** "Estimated wait: about 25 minutes", or that it is not known yet (no desk calling). */
export function WaitText({ minutes }: { minutes: number | null }) {
  const t = useT();
  return <span>{minutes === null ? t('ticket.waitUnknown') : t('ticket.wait', { minutes })}</span>;
}

export function TicketStatus({ status }: { status: Status }) {
  const t = useT();
  return <span className={`ticket-status ticket-status--${status}`}>{t(`ticket.status.${status}`)}</span>;
}

/** A message kept as words to say (re-worded when the language changes), or as text already said by core. */
export type Said = { key: MessageKey; params?: Params } | { text: string };
export const said = (t: ReturnType<typeof useT>, message: Said | undefined): string =>
  message === undefined ? '' : 'text' in message ? message.text : t(message.key, message.params);
