import { useT } from '../i18n';
import { SignInForm } from './SignInForm';

export function SignInScreen() {
  const t = useT();
  return (
    <section className="gate__card" aria-labelledby="signin-title">
      <h1 id="signin-title">{t('session.signIn.title')}</h1>
      <p>{t('session.signIn.intro')}</p>
      <SignInForm submitLabel={t('session.signIn.submit')} />
    </section>
  );
}
