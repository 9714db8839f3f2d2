import { useState, type FormEvent } from 'react';
import { secretProblem } from '../../../electron/rules/secrets';
import type { StationInfo } from '../../../electron/api/views';
import { Field } from '../components/Field';
import { useT, type MessageKey } from '../i18n';
import { useUi } from '../store';
import { setUp } from './actions';
import { errorText, fieldErrors } from './errors';
import { SecretField } from './SecretField';

type Form = { centreCode: string; centreName: string; stationLabel: string; adminName: string; secret: string; again: string };

/** The first run: the centre and this desk (unless `init` made them), and the first administrator, in one step. */
export function SetupScreen({ stage, station }: { stage: 'station' | 'admin'; station: StationInfo | null }) {
  const t = useT();
  const language = useUi((s) => s.language);
  const [form, setForm] = useState<Form>({ centreCode: '', centreName: '', stationLabel: '', adminName: '', secret: '', again: '' });
  const [errors, setErrors] = useState<Partial<Record<keyof Form, string>>>({});
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const patch = (p: Partial<Form>) => setForm((f) => ({ ...f, ...p }));

  const check = (): Partial<Record<keyof Form, string>> => {
    const found: Partial<Record<keyof Form, string>> = {};
    const required = t('session.setup.required');
    if (stage === 'station' && !/^[A-Za-z0-9]{2,10}$/.test(form.centreCode.trim()))
      found.centreCode = form.centreCode.trim() ? t('session.setup.centreCodeHint') : required;
    if (stage === 'station' && !form.stationLabel.trim()) found.stationLabel = required;
    if (form.adminName.trim().length < 2) found.adminName = form.adminName.trim() ? t('operator.name_length') : required;
    const problem = secretProblem(form.secret);
    if (problem) found.secret = t(problem as MessageKey);
    else if (form.secret !== form.again) found.again = t('session.secretMismatch');
    return found;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = check();
    setErrors(found);
    setGeneral(undefined);
    if (Object.keys(found).length > 0 || busy) return;
    setBusy(true);
    const refused = await setUp({
      ...(stage === 'station' ? { centreCode: form.centreCode.trim(), centreName: form.centreName.trim(), stationLabel: form.stationLabel.trim() } : {}),
      adminName: form.adminName.trim(),
      secret: form.secret,
    });
    setBusy(false);
    if (refused) {
      const { name, ...rest } = fieldErrors(refused, language);
      const byField: Partial<Record<keyof Form, string>> = { ...rest, ...(name ? { adminName: name } : {}) };
      setErrors(byField);
      if (Object.keys(byField).length === 0) setGeneral(errorText(refused, language));
    }
  };

  return (
    <section className="gate__card gate__card--wide" aria-labelledby="setup-title">
      <h1 id="setup-title">{t('session.setup.title')}</h1>
      <p>{stage === 'station' ? t('session.setup.intro') : t('session.setup.adminOnly')}</p>
      {general && (
        <p className="banner banner--error" role="alert">
          {general}
        </p>
      )}
      <form className="gate__form" onSubmit={(e) => void submit(e)} noValidate>
        {stage === 'station' ? (
          <fieldset>
            <legend>{t('session.setup.centre')}</legend>
            <Field label={t('session.setup.centreCode')} error={errors.centreCode} hint={t('session.setup.centreCodeHint')}>
              {({ id, describedBy, invalid }) => (
                <input
                  id={id}
                  value={form.centreCode}
                  autoFocus
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(e) => patch({ centreCode: e.target.value.toUpperCase() })}
                />
              )}
            </Field>
            <Field label={t('session.setup.centreName')} error={errors.centreName}>
              {({ id }) => <input id={id} value={form.centreName} autoComplete="off" onChange={(e) => patch({ centreName: e.target.value })} />}
            </Field>
            <Field label={t('session.setup.stationLabel')} error={errors.stationLabel} hint={t('session.setup.stationHint')}>
              {({ id, describedBy, invalid }) => (
                <input
                  id={id}
                  value={form.stationLabel}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  autoComplete="off"
                  onChange={(e) => patch({ stationLabel: e.target.value })}
                />
              )}
            </Field>
          </fieldset>
        ) : (
          station && (
            <p className="muted">
              {station.centreName} · {station.stationLabel} ({station.stationCode})
            </p>
          )
        )}
        <fieldset>
          <legend>{t('session.setup.admin')}</legend>
          <Field label={t('session.name')} error={errors.adminName}>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                value={form.adminName}
                autoFocus={stage === 'admin'}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                autoComplete="username"
                spellCheck={false}
                onChange={(e) => patch({ adminName: e.target.value })}
              />
            )}
          </Field>
          <SecretField
            label={t('session.secret')}
            value={form.secret}
            onChange={(secret) => patch({ secret })}
            error={errors.secret}
            hint={t('session.secretHint')}
            isNew
          />
          <SecretField label={t('session.secretAgain')} value={form.again} onChange={(again) => patch({ again })} error={errors.again} isNew />
        </fieldset>
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('session.setup.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
