import { useEffect } from 'react';
import { bridge } from '../bridge';
import { lockScreen } from './actions';

/** Activity is reported to core at most this often, so core's own idle check counts from real work. */
const TOUCH_EVERY_MS = 15_000;
const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'input'] as const;

/**
 * `?lockAfter=SECONDS` in the address shortens (never lengthens) the idle time: for demonstrations and the
 * end-to-end tests, which cannot wait three minutes.
 */
function shortenedBy(search: string): number {
  const n = Number(new URLSearchParams(search).get('lockAfter'));
  return Number.isFinite(n) && n > 0 ? n : Infinity;
}

/** Locks the screen after `lockAfterSeconds` without keys, pointer or touch. */
export function useIdleLock(lockAfterSeconds: number): void {
  useEffect(() => {
    const limitMs = Math.min(lockAfterSeconds, shortenedBy(window.location.search)) * 1000;
    let lastActivity = Date.now();
    let lastTouch = Date.now();
    const onActivity = () => {
      lastActivity = Date.now();
      if (lastActivity - lastTouch >= TOUCH_EVERY_MS) {
        lastTouch = lastActivity;
        void bridge.invoke('session.touch', {});
      }
    };
    for (const name of ACTIVITY) window.addEventListener(name, onActivity, { capture: true, passive: true });
    const timer = setInterval(
      () => {
        if (Date.now() - lastActivity >= limitMs) void lockScreen();
      },
      Math.min(1000, limitMs / 4),
    );
    return () => {
      for (const name of ACTIVITY) window.removeEventListener(name, onActivity, { capture: true });
      clearInterval(timer);
    };
  }, [lockAfterSeconds]);
}
