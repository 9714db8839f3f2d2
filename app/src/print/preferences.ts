import { SLIP_LANGUAGES, SLIP_LAYOUTS, type SlipLanguage, type SlipLayout, type SlipView } from '../../../electron/api/views-print';
import { localStore, useUi } from '../store';

/** The desk's last choices for slips (a desk with a receipt printer keeps using it), kept on this machine. */
const LANGUAGE_KEY = 'intake.slipLanguage';
const LAYOUT_KEY = 'intake.slipLayout';

const stored = <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
  const value = localStore()?.getItem(key);
  return (allowed as readonly (string | null | undefined)[]).includes(value) ? (value as T) : undefined;
};

export const preferredLayout = (): SlipLayout => stored(LAYOUT_KEY, SLIP_LAYOUTS) ?? 'a4';
export const preferredLanguage = (): SlipLanguage => stored(LANGUAGE_KEY, SLIP_LANGUAGES) ?? useUi.getState().language;

export function rememberSlipChoice(language: SlipLanguage, layout: SlipLayout): void {
  localStore()?.setItem(LANGUAGE_KEY, language);
  localStore()?.setItem(LAYOUT_KEY, layout);
}

/**
 * The language a family most likely reads, from how the head's name was typed: Armenian letters, Armenian;
 * Cyrillic, Russian; otherwise the desk's last choice. The clerk can always choose another.
 */
export function likelyLanguage(slip: Pick<SlipView, 'members'>): SlipLanguage {
  const head = slip.members.find((m) => m.isHead) ?? slip.members[0];
  const name = head?.name ?? '';
  if (/[\u0531-\u058F]/.test(name)) return 'hy';
  if (/[\u0400-\u04FF]/.test(name)) return 'ru';
  return preferredLanguage();
}
