import { create } from 'zustand';
import type { QueueTicketView } from '../../../electron/api/views-queue';

/** The ticket this desk has called, shared by the call bar and the intake form (which links the registration to it). */
export const useQueueCall = create<{ current: QueueTicketView | null; setCurrent(ticket: QueueTicketView | null): void }>((set) => ({
  current: null,
  setCurrent: (current) => set({ current }),
}));
