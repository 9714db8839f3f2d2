import { create } from 'zustand';
import type { SessionView } from '../../../electron/api/views-protection';
import type { Role } from '../../../electron/api/views-protection';
import { emptyHousehold } from '../intake/form';
import { useUi } from '../store';

/**
 * The session as the renderer knows it (core keeps the truth), and what the desk was doing when the screen locked:
 * kept in memory for the same operator to find again, dropped when another operator signs in.
 */

type UiSlice = Pick<ReturnType<typeof useUi.getState>, 'screen' | 'householdId' | 'editing' | 'form' | 'formRevision'>;

interface SessionState {
  view: SessionView | null;
  /** The work on screen when it locked, and whose it was. */
  stash?: { operatorId: string; ui: UiSlice };
  setView(view: SessionView): void;
  /** Puts the desk's work away (screen locking or signing out); `keep` keeps it for the same operator. */
  putAway(keep: boolean): void;
}

const cleanDesk = (): UiSlice => ({ screen: 'intake', householdId: undefined, editing: undefined, form: emptyHousehold(), formRevision: useUi.getState().formRevision + 1 });

export const useSession = create<SessionState>((set, get) => ({
  view: null,
  setView(view) {
    const { stash, view: before } = get();
    const now = view.operator && !view.locked ? view.operator.id : undefined;
    if (now && stash) {
      // The same operator is back: their work as they left it. Another one: a clean desk (drafts stay per operator).
      useUi.setState(stash.operatorId === now ? stash.ui : cleanDesk());
      set({ view, stash: undefined });
      return;
    }
    if (before?.operator && now && before.operator.id !== now) useUi.setState({ ...cleanDesk(), notice: undefined });
    set({ view });
  },
  putAway(keep) {
    const ui = useUi.getState();
    const operatorId = get().view?.operator?.id;
    const slice: UiSlice = { screen: ui.screen, householdId: ui.householdId, editing: ui.editing, form: ui.form, formRevision: ui.formRevision };
    set({ stash: keep && operatorId ? { operatorId, ui: slice } : undefined });
    useUi.setState({ ...cleanDesk(), notice: undefined });
  },
}));

export const currentRole = (): Role | undefined => useSession.getState().view?.operator?.role ?? undefined;

/** Whether the operator signed in may call this method, by the one PERMISSIONS table (core sends the list). */
export function useMayCall(method: string): boolean {
  return useSession((s) => s.view?.operator?.may.includes(method) ?? false);
}

/** Whether a screen (or an action) for these roles is shown to the operator signed in. */
export function useAllowed(roles: readonly Role[] | undefined): boolean {
  const role = useSession((s) => s.view?.operator?.role);
  return !roles || (role !== undefined && roles.includes(role));
}
