import { useState, type FormEvent } from 'react';
import { useT } from '../i18n';
import { useMethod } from '../useMethod';
import { recoveryCodeSeen } from './actions';

/** The recovery code in large type, one group of five at a time for the reader, read out as the whole code. */
export function RecoveryCode({ code, labelledBy }: { code: string; labelledBy?: string }) {
  return (
    <p className="recovery-code" aria-labelledby={labelledBy} data-testid="recovery-code">
      {code.split('-').map((group, i) => (
        <span key={i} className="recovery-code__group">
          {group}
        </span>
      ))}
    </p>
  );
}

/**
 * Shown once, to the administrator, after the first start made the recovery code (or moved the key into the OS key
 * store, or opened the file on a new computer): the app opens only once they say it is written down.
 */
export function RecoveryCodeScreen() {
  const t = useT();
  const pending = useMethod('keys.pendingRecoveryCode', {});
  const code = pending.loading ? undefined : (pending.data?.code ?? null);
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string>();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!confirmed) return setError(t('recovery.confirmFirst'));
    void recoveryCodeSeen();
  };

  return (
    <section className="gate__card gate__card--wide" aria-labelledby="recovery-title">
      <h1 id="recovery-title">{t('recovery.title')}</h1>
      <p>{t('recovery.intro')}</p>
      <h2 id="recovery-code-label" className="visually-hidden">
        {t('recovery.code')}
      </h2>
      {code === undefined ? <p role="status">{t('common.loading')}</p> : code && <RecoveryCode code={code} labelledBy="recovery-code-label" />}
      <form className="gate__form" onSubmit={submit} noValidate>
        <label className="check">
          <input
            type="checkbox"
            checked={confirmed}
            aria-invalid={Boolean(error)}
            aria-describedby={error ? 'recovery-confirm-error' : undefined}
            onChange={(e) => {
              setConfirmed(e.target.checked);
              setError(undefined);
            }}
          />
          {t('recovery.confirm')}
        </label>
        {error && (
          <p id="recovery-confirm-error" className="field__error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" className="button" onClick={() => window.print()}>
            {t('recovery.print')}
          </button>
          <button type="submit" className="button button--primary">
            {t('recovery.continue')}
          </button>
        </div>
      </form>
    </section>
  );
}
