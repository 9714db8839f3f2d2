import { create } from 'zustand';
import type { StationInfo } from '../../electron/api/views';
import type { Language } from './i18n';
import { emptyHousehold, type HouseholdForm } from './intake/form';

/** UI state only; data lives in SQLite behind the bridge and views re-query when it changes. */

/** A screen id from screens/registry.tsx. */
export type Screen = string;

export interface Notice {
  kind: 'success' | 'error';
  text: string;
  registrationNumber?: string;
}

interface UiState {
  language: Language;
  screen: Screen;
  householdId?: string;
  /** Household being edited (its id and version), or undefined for a new registration. */
  editing?: { id: string; version: number; registrationNumber: string };
  form: HouseholdForm;
  formRevision: number;
  notice?: Notice;
  station?: StationInfo;
  dataVersion: number;
  setLanguage(language: Language): void;
  go(screen: Screen, householdId?: string): void;
  setForm(update: (form: HouseholdForm) => HouseholdForm): void;
  resetForm(form?: HouseholdForm, editing?: UiState['editing']): void;
  notify(notice?: Notice): void;
  setStation(station: StationInfo): void;
  dataChanged(): void;
}

/** The browser's local storage; absent where the renderer's modules run under plain Node (unit tests). */
export const localStore = (): Storage | undefined => (globalThis as { localStorage?: Storage }).localStorage;

const LANGUAGE_KEY = 'intake.language';
const savedLanguage = (): Language => {
  const saved = localStore()?.getItem(LANGUAGE_KEY);
  return saved === 'hy' || saved === 'ru' || saved === 'en' ? saved : 'en';
};

export const useUi = create<UiState>((set) => ({
  language: savedLanguage(),
  screen: 'intake',
  form: emptyHousehold(),
  formRevision: 0,
  dataVersion: 0,
  setLanguage(language) {
    localStore()?.setItem(LANGUAGE_KEY, language);
    document.documentElement.lang = language;
    set({ language });
  },
  go(screen, householdId) {
    set({ screen, householdId, notice: undefined });
  },
  setForm(update) {
    set((s) => ({ form: update(s.form) }));
  },
  resetForm(form = emptyHousehold(), editing) {
    set((s) => ({ form, editing, formRevision: s.formRevision + 1 }));
  },
  notify(notice) {
    set({ notice });
  },
  setStation(station) {
    set({ station });
  },
  dataChanged() {
    set((s) => ({ dataVersion: s.dataVersion + 1 }));
  },
}));
