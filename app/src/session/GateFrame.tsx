import { useEffect, type ReactNode } from 'react';
import type { StationInfo } from '../../../electron/api/views';
import { LANGUAGES, useT, type Language } from '../i18n';
import { useUi } from '../store';
import './session.css';

/** The frame of the screens shown before the app opens (first run, sign-in, lock): no personal data, ever. */
export function GateFrame({ station, children }: { station?: StationInfo | null; children: ReactNode }) {
  const t = useT();
  const { language, setLanguage } = useUi();
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return (
    <div className="gate">
      <header className="topbar">
        <div className="brand">
          <strong>{t('app.name')}</strong>
          {station && <span className="muted">{station.centreName} · {station.stationLabel} ({station.stationCode})</span>}
        </div>
        <label className="language">
          <span>{t('language.label')}</span>
          <select value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
            {LANGUAGES.map((l) => <option key={l.code} value={l.code}>{l.label}</option>)}
          </select>
        </label>
      </header>
      <main className="gate__main">{children}</main>
    </div>
  );
}
