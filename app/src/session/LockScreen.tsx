import { useState } from 'react';
import { useT } from '../i18n';
import { SignInForm } from './SignInForm';

/** Locked: the app's screens are unmounted; the same operator unlocks, or the next one signs in. */
export function LockScreen({ operator }: { operator: { name: string } }) {
  const t = useT();
  const [other, setOther] = useState(false);
  return (
    <section className="gate__card" aria-labelledby="lock-title">
      <h1 id="lock-title">{t('session.lock.title')}</h1>
      {other ? (
        <>
          <p>{t('session.lock.otherHint', { name: operator.name })}</p>
          <SignInForm key="other" submitLabel={t('session.signIn.submit')} />
          <button type="button" className="button button--quiet" onClick={() => setOther(false)}>
            {t('common.cancel')}
          </button>
        </>
      ) : (
        <>
          <p>{t('session.lock.intro', { name: operator.name })}</p>
          <SignInForm key="same" name={operator.name} submitLabel={t('session.lock.unlock')} />
          <button type="button" className="button button--quiet" onClick={() => setOther(true)}>
            {t('session.lock.other')}
          </button>
        </>
      )}
    </section>
  );
}
