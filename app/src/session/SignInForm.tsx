import { useState, type FormEvent } from 'react';
import { Field } from '../components/Field';
import { useT } from '../i18n';
import { useUi } from '../store';
import { signIn } from './actions';
import { errorText } from './errors';
import { SecretField } from './SecretField';

/** Name and password or PIN. With `name` given (the lock screen), only the secret is asked. */
export function SignInForm({ name: fixedName, submitLabel }: { name?: string; submitLabel: string }) {
  const t = useT();
  const language = useUi((s) => s.language);
  const [name, setName] = useState(fixedName ?? '');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const refused = await signIn(name, secret);
    setBusy(false);
    if (refused) {
      setSecret('');
      setError(errorText(refused, language));
    }
  };
  return (
    <form className="gate__form" onSubmit={(e) => void submit(e)} aria-label={submitLabel}>
      {fixedName === undefined && (
        <Field label={t('session.name')}>
          {({ id }) => <input id={id} value={name} autoFocus autoComplete="username" spellCheck={false} onChange={(e) => setName(e.target.value)} />}
        </Field>
      )}
      <SecretField label={t('session.secret')} value={secret} onChange={setSecret} error={error} autoFocus={fixedName !== undefined} />
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={busy || !name.trim() || !secret}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
