import { useEffect, useRef } from 'react';

/** Desk shortcuts, e.g. `{ 'Ctrl+S': save }`; the browser's own meaning of the key (save page, print) is suppressed. */
export function useShortcuts(map: Record<string, () => void>): void {
  const ref = useRef(map);
  useEffect(() => {
    ref.current = map;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Letters by physical key, so Ctrl+S works with an Armenian or Russian keyboard layout too.
      const key = e.code.startsWith('Key') ? e.code.slice(3) : e.key.length === 1 ? e.key.toUpperCase() : e.key;
      const combo = `${e.ctrlKey || e.metaKey ? 'Ctrl+' : ''}${e.altKey ? 'Alt+' : ''}${e.shiftKey ? 'Shift+' : ''}${key}`;
      const action = ref.current[combo];
      if (action) {
        e.preventDefault();
        action();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
