import { useEffect } from 'react';
import { mayCall } from '../../electron/api/roles';
import { bridge } from './bridge';
import { useT } from './i18n';
import { Brand, LanguageSwitch } from './components/Brand';
import { useShortcuts } from './components/useShortcuts';
import { SCREENS } from './screens/registry';
import { JobBar } from './jobs/JobBar';
import { SessionBar } from './session/SessionBar';
import { SyncIndicator } from './sync/SyncIndicator';
import { useSession } from './session/store';
import { useUi } from './store';

const NAV = SCREENS.filter((s) => s.label);

export function App() {
  const t = useT();
  const { screen, notice, station, go, notify, setStation, dataChanged } = useUi();

  useEffect(() => {
    void bridge.invoke('station.info', {}).then((r) => r.ok && setStation(r.value));
    return bridge.on('data.changed', () => dataChanged());
  }, [setStation, dataChanged]);
  // Screens the operator's role may not use are not offered (core refuses their requests anyway).
  const role = useSession((s) => s.view?.operator?.role);
  const allowedFor = (s: (typeof SCREENS)[number]) => !s.needs || mayCall(s.needs, role);
  const nav = NAV.filter((s) => allowedFor(s) && !(s.tabUnless && mayCall(s.tabUnless, role)));
  useShortcuts(Object.fromEntries(nav.filter((s) => s.shortcut).map((s) => [s.shortcut!, () => go(s.id)])));
  const Current = SCREENS.find((s) => s.id === screen && allowedFor(s))?.Component;
  // A role that may not use the screen it is on (a greeter signs in on the desk's first screen) goes to its first.
  const first = nav[0]?.id;
  useEffect(() => {
    if (role !== undefined && !Current && first) go(first);
  }, [role, Current, first, go]);

  return (
    <div className="shell">
      <header className="topbar">
        <Brand station={station} />
        <nav aria-label={t('nav.label')}>
          {nav.map((item) => (
            <button
              key={item.id}
              type="button"
              className={`tab ${screen === item.id ? 'is-on' : ''}`}
              aria-current={screen === item.id ? 'page' : undefined}
              onClick={() => go(item.id)}
            >
              {t(item.label!)} {item.shortcut && <kbd>{item.shortcut}</kbd>}
            </button>
          ))}
        </nav>
        <SyncIndicator />
        <SessionBar />
        <LanguageSwitch />
      </header>
      {notice && (
        <div className={`banner banner--${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          <span>{notice.text}</span>
          {notice.registrationNumber && (
            <span className="mono big" aria-hidden="true">
              {notice.registrationNumber}
            </span>
          )}
          <button type="button" className="button button--quiet" aria-label={t('common.dismiss')} onClick={() => notify(undefined)}>
            ✕
          </button>
        </div>
      )}
      {/* Long work (issue 15): the running job and what became of the last one, on every screen. */}
      <JobBar />
      <main>{Current && <Current />}</main>
    </div>
  );
}
