/**
 * Events the main process pushes to the renderer. Kept apart from the method schemas so the sandboxed preload,
 * which needs only these names, does not carry zod.
 */
export interface Events {
  'data.changed': { kinds: ('households' | 'batches' | 'settings' | 'operators' | 'sync' | 'session' | 'queue')[] };
}
export type EventName = keyof Events;
export const EVENT_NAMES: readonly EventName[] = ['data.changed'];
export const isEventName = (name: unknown): name is EventName => typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
