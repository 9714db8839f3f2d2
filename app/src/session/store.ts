import { create } from 'zustand';
import type { MethodName } from '../../../electron/api/contract';
import { mayCall } from '../../../electron/api/roles';
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

const cleanDesk = (): UiSlice => ({
  screen: 'intake',
  householdId: undefined,
  editing: undefined,
  form: emptyHousehold(),
  formRevision: useUi.getState().formRevision + 1,
});

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

/**
 * Whether the operator signed in may call this method: the one table (ROLES_BY_METHOD in electron/api/roles.ts),
 * asked by method name. Nobody signed in, or a role the table does not know: no access. Every screen and control
 * asks this (or `mayCall` outside React); none lists roles of its own. Core checks every call anyway.
 */
export function useMayCall(method: MethodName): boolean {
  return useSession((s) => mayCall(method, s.view?.operator?.role));
}
