import { useState, type FormEvent } from 'react';
import type { UnlockNeed } from '../../../electron/api/views-protection';
import type { AppError } from '../../../electron/api/result';
import { useT, type MessageKey, type Params } from '../i18n';
import { useUi } from '../store';
import { unlockDataFile } from './actions';
import { errorText, fieldErrors } from './errors';
import { SecretField } from './SecretField';
import { Field } from '../components/Field';

type Mode = 'passphrase' | 'set-passphrase' | 'recovery';
type FieldName = 'passphrase' | 'newPassphrase' | 'again' | 'recoveryCode';
/** Kept as message keys (or core's refusal), not as text: switching the language re-words what is shown. */
type Problem = { key: MessageKey; params?: Params };
type Errors = Partial<Record<FieldName, Problem>>;

/**
 * Before the data file opens (the app only, where the OS key store does not hold its key): the start-up passphrase,
 * a new one on a computer whose key store keeps no secrets, or the recovery code (a file brought from another
 * computer). Nothing of the file is readable until one of them is typed.
 */
export function UnlockScreen({ need, keyStore }: { need: UnlockNeed; keyStore: boolean }) {
  const t = useT();
  const language = useUi((s) => s.language);
  const [mode, setMode] = useState<Mode>(need);
  const [passphrase, setPassphrase] = useState('');
  const [newPassphrase, setNewPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  const [problems, setProblems] = useState<Errors>({});
  const [refusal, setRefusal] = useState<AppError>();
  const [busy, setBusy] = useState(false);
  // Opening by recovery code where no key store keeps the key (and no passphrase wraps it yet) sets a passphrase too.
  const asksNewPassphrase = mode === 'set-passphrase' || (mode === 'recovery' && !keyStore && need !== 'passphrase');

  const check = (): Errors => {
    const found: Errors = {};
    const required: Problem = { key: 'unlock.required' };
    if (mode === 'passphrase' && !passphrase) found.passphrase = required;
    if (mode === 'recovery' && !recoveryCode.trim()) found.recoveryCode = required;
    if (asksNewPassphrase) {
      if (newPassphrase.normalize('NFC').length < 10) found.newPassphrase = { key: 'keys.passphrase.short', params: { min: 10 } };
      else if (newPassphrase !== again) found.again = { key: 'unlock.mismatch' };
    }
    return found;
  };
  // Worded now, in the language on screen: core's refusal at its field, else as one message.
  const refusedAt = refusal ? (fieldErrors(refusal, language) as Partial<Record<FieldName, string>>) : {};
  const errors: Partial<Record<FieldName, string>> = {
    ...Object.fromEntries(Object.entries(problems).map(([field, p]) => [field, t(p.key, p.params)])),
    ...refusedAt,
  };
  const general = refusal && Object.keys(refusedAt).length === 0 ? errorText(refusal, language) : undefined;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = check();
    setProblems(found);
    setRefusal(undefined);
    if (Object.keys(found).length > 0 || busy) return;
    setBusy(true);
    const refused = await unlockDataFile({
      ...(mode === 'passphrase' ? { passphrase } : {}),
      ...(mode === 'recovery' ? { recoveryCode: recoveryCode.trim() } : {}),
      ...(asksNewPassphrase ? { newPassphrase } : {}),
    });
    setBusy(false);
    if (refused) setRefusal(refused);
  };

  const switchTo = (next: Mode) => {
    setMode(next);
    setProblems({});
    setRefusal(undefined);
  };

  const title = mode === 'recovery' ? t('unlock.recovery.title') : mode === 'set-passphrase' ? t('unlock.set.title') : t('unlock.title');
  const intro = mode === 'recovery' ? t('unlock.recovery.intro') : mode === 'set-passphrase' ? t('unlock.set.intro') : t('unlock.intro');
  return (
    <section className="gate__card" aria-labelledby="unlock-title">
      <h1 id="unlock-title">{title}</h1>
      <p>{intro}</p>
      {general && (
        <p className="banner banner--error" role="alert">
          {general}
        </p>
      )}
      <form className="gate__form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
        {mode === 'passphrase' && (
          <SecretField label={t('unlock.passphrase')} value={passphrase} onChange={setPassphrase} error={errors.passphrase} autoFocus />
        )}
        {mode === 'recovery' && (
          <Field label={t('unlock.recoveryCode')} error={errors.recoveryCode}>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                className="recovery-input"
                value={recoveryCode}
                autoFocus
                aria-describedby={describedBy}
                aria-invalid={invalid}
                autoComplete="off"
                spellCheck={false}
                maxLength={64}
                onChange={(e) => setRecoveryCode(e.target.value)}
              />
            )}
          </Field>
        )}
        {asksNewPassphrase && (
          <>
            {mode === 'recovery' && <p>{t('unlock.recovery.setPassphrase')}</p>}
            <SecretField
              label={t('unlock.newPassphrase')}
              value={newPassphrase}
              onChange={setNewPassphrase}
              error={errors.newPassphrase}
              autoFocus={mode === 'set-passphrase'}
              isNew
            />
            <SecretField label={t('unlock.newPassphraseAgain')} value={again} onChange={setAgain} error={errors.again} isNew />
          </>
        )}
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('unlock.opening') : t('unlock.submit')}
          </button>
          {mode !== 'recovery' ? (
            <button type="button" className="button" onClick={() => switchTo('recovery')}>
              {t('unlock.useRecovery')}
            </button>
          ) : (
            need !== 'recovery' && (
              <button type="button" className="button" onClick={() => switchTo(need)}>
                {need === 'set-passphrase' ? t('unlock.set.title') : t('unlock.usePassphrase')}
              </button>
            )
          )}
        </div>
      </form>
    </section>
  );
}
