import { useEffect } from 'react';
import { bridge } from './bridge';
import { LANGUAGES, useT, type Language } from './i18n';
import { IntakeScreen } from './intake/IntakeScreen';
import { HouseholdScreen } from './screens/HouseholdScreen';
import { RegistrationsScreen } from './screens/RegistrationsScreen';
import { useShortcuts } from './components/useShortcuts';
import { useUi, type Screen } from './store';

const NAV: readonly { screen: Screen; key: 'nav.intake' | 'nav.registrations'; shortcut: string }[] = [
  { screen: 'intake', key: 'nav.intake', shortcut: 'F2' },
  { screen: 'registrations', key: 'nav.registrations', shortcut: 'F3' },
];

export function App() {
  const t = useT();
  const { screen, language, notice, station, go, setLanguage, notify, setStation, dataChanged } = useUi();

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  useEffect(() => {
    void bridge.invoke('station.info', {}).then((r) => r.ok && setStation(r.value));
    return bridge.on('data.changed', () => dataChanged());
  }, [setStation, dataChanged]);
  useShortcuts({ F2: () => go('intake'), F3: () => go('registrations') });

  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">
          <strong>{t('app.name')}</strong>
          {station && <span className="muted">{station.centreName} · {station.stationLabel} ({station.stationCode})</span>}
        </div>
        <nav aria-label={t('nav.label')}>
          {NAV.map((item) => (
            <button key={item.screen} type="button" className={`tab ${screen === item.screen ? 'is-on' : ''}`}
              aria-current={screen === item.screen ? 'page' : undefined} onClick={() => go(item.screen)}>
              {t(item.key)} <kbd>{item.shortcut}</kbd>
            </button>
          ))}
        </nav>
        <label className="language">
          <span>{t('language.label')}</span>
          <select value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
            {LANGUAGES.map((l) => <option key={l.code} value={l.code}>{l.label}</option>)}
          </select>
        </label>
      </header>
      {notice && (
        <div className={`banner banner--${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          <span>{notice.text}</span>
          {notice.registrationNumber && <span className="mono big" aria-hidden="true">{notice.registrationNumber}</span>}
          <button type="button" className="button button--quiet" aria-label={t('common.dismiss')} onClick={() => notify(undefined)}>✕</button>
        </div>
      )}
      <main>
        {screen === 'intake' && <IntakeScreen />}
        {screen === 'registrations' && <RegistrationsScreen />}
        {screen === 'household' && <HouseholdScreen />}
      </main>
    </div>
  );
}
