import { useId, useState } from 'react';
import { SLIP_LANGUAGES, SLIP_LAYOUTS, type SlipLanguage, type SlipLayout } from '../../../electron/api/views-print';
import { LANGUAGES, useT } from '../i18n';
import { printSlip } from '../print';
import { useMethod } from '../useMethod';
import { likelyLanguage, preferredLayout, rememberSlipChoice } from './preferences';

/**
 * "Print slip" on the household screen, with the slip's language beside it (the family's, whatever the screen's)
 * and the paper. Says beforehand when the next slip will be a reprint.
 */
export function PrintSlipControls({ householdId }: { householdId: string }) {
  const t = useT();
  const ids = useId();
  const slip = useMethod('slip.get', { id: householdId });
  // The family's likely language until the clerk picks another.
  const [chosen, setChosen] = useState<SlipLanguage>();
  const language = chosen ?? (slip.data && likelyLanguage(slip.data));
  const [layout, setLayout] = useState<SlipLayout>(preferredLayout);
  const printNumber = slip.data?.printNumber ?? 1;
  const [busy, setBusy] = useState(false);

  const print = async () => {
    if (!language || busy) return;
    setBusy(true);
    rememberSlipChoice(language, layout);
    await printSlip(householdId, { language, layout });
    setBusy(false);
    slip.refresh();
  };

  return (
    <div className="print-controls" role="group" aria-label={t('print.slip')}>
      <label htmlFor={`${ids}-language`}>{t('print.slipLanguage')}</label>
      <select id={`${ids}-language`} value={language ?? ''} onChange={(e) => setChosen(e.target.value as SlipLanguage)}>
        {SLIP_LANGUAGES.map((code) => (
          <option key={code} value={code}>
            {LANGUAGES.find((l) => l.code === code)?.label ?? code}
          </option>
        ))}
      </select>
      <label htmlFor={`${ids}-layout`}>{t('print.layout')}</label>
      <select id={`${ids}-layout`} value={layout} onChange={(e) => setLayout(e.target.value as SlipLayout)}>
        {SLIP_LAYOUTS.map((code) => (
          <option key={code} value={code}>
            {t(code === 'a4' ? 'print.layout.a4' : 'print.layout.receipt')}
          </option>
        ))}
      </select>
      <button type="button" className="button" disabled={!language || busy} onClick={() => void print()}>
        {t('print.slip')}
      </button>
      {printNumber > 1 && (
        <p className="print-controls__note" role="note">
          {t('print.reprintNext')}
        </p>
      )}
    </div>
  );
}
