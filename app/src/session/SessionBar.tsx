import { useT } from '../i18n';
import { lockScreen, signOut } from './actions';
import { useSession } from './store';
import './session.css';

/** Who is signed in, in the top bar, with the lock (Ctrl+L) and sign-out buttons. */
export function SessionBar() {
  const t = useT();
  const operator = useSession((s) => s.view?.operator);
  if (!operator) return null;
  return (
    <div className="session-bar" role="group" aria-label={t('session.bar.label')}>
      <span className="session-bar__who">
        {operator.name}
        <small>
          <span className="visually-hidden"> · </span>
          {t(`role.${operator.role}`)}
        </small>
      </span>
      <button type="button" className="tab" onClick={() => void lockScreen()}>
        {t('session.bar.lock')} <kbd>Ctrl+L</kbd>
      </button>
      <button type="button" className="tab" onClick={() => void signOut()}>
        {t('session.bar.signOut')}
      </button>
    </div>
  );
}
