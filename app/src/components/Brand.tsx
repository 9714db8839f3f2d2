import { useEffect } from 'react';
import type { StationInfo } from '../../../electron/api/views';
import { LANGUAGES, useT, type Language } from '../i18n';
import { useUi } from '../store';

/** The app's name with the desk it runs on, as every top bar shows it. */
export function Brand({ station }: { station?: StationInfo | null }) {
  const t = useT();
  return (
    <div className="brand" title={station ? `${station.centreName} · ${station.stationLabel} (${station.stationCode})` : undefined}>
      <strong>{t('app.name')}</strong>
      {station && (
        <span className="muted">
          {station.centreName} · {station.stationLabel} ({station.stationCode})
        </span>
      )}
    </div>
  );
}

/** The language of the screens, switchable at any time, also before sign-in. */
export function LanguageSwitch() {
  const t = useT();
  const { language, setLanguage } = useUi();
  // Screen readers and the Armenian font's shaping follow the document's language.
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return (
    <label className="language">
      {/* The select's own text (English, Հայերեն, Русский) says what it is; the word stays its accessible name. */}
      <span className="language__label">{t('language.label')}</span>
      <select value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code}>
            {l.label}
          </option>
        ))}
      </select>
    </label>
  );
}
