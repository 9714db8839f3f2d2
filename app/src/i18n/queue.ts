import { defineMessages } from './define';

/** The crowd at the door (issue 17): tickets, calls, the waiting area's display. */
export const queueMessages = defineMessages({
  en: {
    'action.queue.ticket_cancelled': 'Cancelled a queue ticket',
    'action.queue.day_ended': 'Ended the queue’s day',
    'action.queue.settings_saved': 'Changed the queue’s settings',
  },
  hy: {
    'action.queue.ticket_cancelled': 'Չեղարկել է հերթի տոմսը',
    'action.queue.day_ended': 'Ավարտել է հերթի օրը',
    'action.queue.settings_saved': 'Փոխել է հերթի կարգավորումները',
  },
  ru: {
    'action.queue.ticket_cancelled': 'Отменил(а) талон очереди',
    'action.queue.day_ended': 'Завершил(а) день очереди',
    'action.queue.settings_saved': 'Изменил(а) настройки очереди',
  },
});
