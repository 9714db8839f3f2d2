import { useCallback, useEffect, useState } from 'react';
import { bridge } from '../bridge';
import { formatDateTime } from '../i18n';
import { useUi } from '../store';
import { emptyHousehold, type HouseholdForm } from './form';

const SAVE_DELAY_MS = 400;

const hasContent = (form: HouseholdForm): boolean => form.members.some((m) => m.givenName || m.familyName || m.birthText) || Boolean(form.phone || form.notes);

/**
 * Keeps the family being typed in the station's database, and offers it back after a crash or a closed window.
 * Only new registrations are drafted; an edit in progress is not.
 */
export function useDraft(enabled: boolean) {
  const language = useUi((s) => s.language);
  const [offer, setOffer] = useState<{ payload: string; savedAt: string } | null>(null);

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    void bridge.invoke('draft.load', {}).then((result) => {
      if (!cancelled && result.ok && result.value && !hasContent(useUi.getState().form)) setOffer(result.value);
    });
    return () => {
      cancelled = true;
    };
  }, [enabled]);

  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = useUi.subscribe((state, previous) => {
      if (state.form === previous.form || state.editing) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        const form = useUi.getState().form;
        if (hasContent(form)) void bridge.invoke('draft.save', { payload: JSON.stringify(form) });
      }, SAVE_DELAY_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [enabled]);

  const restore = useCallback(() => {
    if (!offer) return;
    try {
      useUi.getState().resetForm({ ...emptyHousehold(), ...(JSON.parse(offer.payload) as HouseholdForm) });
    } catch {
      void bridge.invoke('draft.clear', {});
    }
    setOffer(null);
  }, [offer]);

  const discard = useCallback(() => {
    setOffer(null);
    void bridge.invoke('draft.clear', {});
  }, []);

  const clear = useCallback(() => {
    setOffer(null);
    void bridge.invoke('draft.clear', {});
  }, []);

  return {
    offer: offer ? { time: formatDateTime(offer.savedAt, language) } : null,
    restore,
    discard,
    clear,
  };
}
