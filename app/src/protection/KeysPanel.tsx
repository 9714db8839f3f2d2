import { useState, type FormEvent } from 'react';
import { bridge } from '../bridge';
import { Dialog } from '../components/Dialog';
import { useT } from '../i18n';
import { errorText, fieldErrors } from '../session/errors';
import { RecoveryCode } from '../session/RecoveryCodeScreen';
import { SecretField } from '../session/SecretField';
import { useUi } from '../store';
import { useMethod } from '../useMethod';

type Errors = Partial<Record<'current' | 'next' | 'again', string>>;

/** The administrator's data file key: where it is kept, the start-up passphrase, a new recovery code. */
export function KeysPanel() {
  const t = useT();
  const language = useUi((s) => s.language);
  const status = useMethod('keys.status', {});
  const view = status.data;
  const [form, setForm] = useState({ current: '', next: '', again: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string }>();
  const [confirming, setConfirming] = useState(false);
  const [newCode, setNewCode] = useState<string>();
  if (!view) return null;

  const change = async (e: FormEvent) => {
    e.preventDefault();
    const found: Errors = {};
    if (!form.current) found.current = t('unlock.required');
    if (form.next.normalize('NFC').length < 10) found.next = t('keys.passphrase.short', { min: 10 });
    else if (form.next !== form.again) found.again = t('unlock.mismatch');
    setErrors(found);
    setMessage(undefined);
    if (Object.keys(found).length > 0) return;
    const result = await bridge.invoke('keys.changePassphrase', { current: form.current, next: form.next });
    if (!result.ok) {
      const byField = fieldErrors(result.error, language) as Errors;
      setErrors(byField);
      if (Object.keys(byField).length === 0) setMessage({ kind: 'error', text: errorText(result.error, language) });
      return;
    }
    status.refresh();
    setForm({ current: '', next: '', again: '' });
    setMessage({ kind: 'success', text: t('keysPanel.changed') });
  };

  const makeCode = async () => {
    setConfirming(false);
    const result = await bridge.invoke('keys.newRecoveryCode', {});
    if (!result.ok) return setMessage({ kind: 'error', text: errorText(result.error, language) });
    setNewCode(result.value.code);
    status.refresh();
  };

  return (
    <section className="settings keys-panel" aria-labelledby="keys-title">
      <h2 id="keys-title">{t('keysPanel.title')}</h2>
      <p>
        {t(`keysPanel.keptBy.${view.keptBy}`)} {view.recoveryCode ? t('keysPanel.recovery.yes') : t('keysPanel.recovery.no')}
      </p>
      {message && (
        <p className={`banner banner--${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {view.passphrase && (
        <form onSubmit={(e) => void change(e)} noValidate aria-labelledby="keys-change-title">
          <h3 id="keys-change-title">{t('keysPanel.change.title')}</h3>
          <div className="member__line">
            <SecretField label={t('keysPanel.current')} value={form.current} onChange={(current) => setForm({ ...form, current })} error={errors.current} />
            <SecretField label={t('unlock.newPassphrase')} value={form.next} onChange={(next) => setForm({ ...form, next })} error={errors.next} isNew />
            <SecretField
              label={t('unlock.newPassphraseAgain')}
              value={form.again}
              onChange={(again) => setForm({ ...form, again })}
              error={errors.again}
              isNew
            />
          </div>
          <div className="actions">
            <button type="submit" className="button button--primary">
              {t('keysPanel.change.submit')}
            </button>
          </div>
        </form>
      )}
      <h3>{t('keysPanel.newCode.title')}</h3>
      <p>{t('keysPanel.newCode.intro')}</p>
      <div className="actions">
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          {t('keysPanel.newCode.submit')}
        </button>
      </div>
      {confirming && (
        <Dialog labelledBy="keys-confirm-title" onClose={() => setConfirming(false)}>
          <h2 id="keys-confirm-title">{t('keysPanel.newCode.confirm')}</h2>
          <div className="actions">
            <button type="button" className="button" autoFocus onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
            <button type="button" className="button button--danger" onClick={() => void makeCode()}>
              {t('keysPanel.newCode.submit')}
            </button>
          </div>
        </Dialog>
      )}
      {newCode && (
        <Dialog labelledBy="keys-code-title" onClose={() => setNewCode(undefined)}>
          <h2 id="keys-code-title">{t('keysPanel.newCode.done')}</h2>
          <p>{t('recovery.intro')}</p>
          <RecoveryCode code={newCode} labelledBy="keys-code-title" />
          <div className="actions">
            <button type="button" className="button" onClick={() => window.print()}>
              {t('recovery.print')}
            </button>
            <button type="button" className="button button--primary" autoFocus onClick={() => setNewCode(undefined)}>
              {t('recovery.confirm')}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
