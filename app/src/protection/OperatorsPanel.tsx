import { useState, type FormEvent } from 'react';
import type { Result } from '../../../electron/api/result';
import { ROLES, type OperatorView, type Role } from '../../../electron/api/views-protection';
import { bridge } from '../bridge';
import { Field } from '../components/Field';
import { formatDateTime, useT } from '../i18n';
import { errorText, fieldErrors } from '../session/errors';
import { SecretField } from '../session/SecretField';
import { useSession } from '../session/store';
import { useUi } from '../store';
import { useMethod } from '../useMethod';

/** Operators: add, change role, (de)activate, set a new password or PIN, clear a lockout. */
export function OperatorsPanel() {
  const t = useT();
  const { language } = useUi();
  const me = useSession((s) => s.view?.operator);
  const listed = useMethod('operator.list', {}, { on: ['operators'] });
  const operators = listed.data ?? [];
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string }>();
  // Supervisors manage registrars and supervisors; administrators manage everyone (core enforces the same).
  const manageable = (role: Role) => me?.role === 'admin' || role !== 'admin';
  const act = async (run: () => Promise<Result<unknown>>) => {
    const result = await run();
    if (result.ok) setMessage({ kind: 'success', text: t('operators.saved') });
    else setMessage({ kind: 'error', text: errorText(result.error, language) });
    listed.refresh();
  };

  return (
    <div className="operators">
      <h2>{t('operators.title')}</h2>
      {message && (
        <p className={`banner banner--${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <table aria-label={t('operators.title')}>
        <thead>
          <tr>
            <th scope="col">{t('operators.name')}</th>
            <th scope="col">{t('operators.role')}</th>
            <th scope="col">{t('operators.status')}</th>
            <th scope="col">{t('operators.lastSignIn')}</th>
            <th scope="col">{t('operators.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {operators.map((o) => (
            <tr key={o.id}>
              <td>
                {o.name} {o.id === me?.id && <span className="muted">{t('operators.you')}</span>}
              </td>
              <td>
                {manageable(o.role) && o.id !== me?.id ? (
                  <select
                    aria-label={`${t('operators.role')}: ${o.name}`}
                    value={o.role}
                    onChange={(e) => void act(() => bridge.invoke('operator.update', { id: o.id, role: e.target.value as Role }))}
                  >
                    {ROLES.filter(manageable).map((r) => (
                      <option key={r} value={r}>
                        {t(`role.${r}`)}
                      </option>
                    ))}
                  </select>
                ) : (
                  t(`role.${o.role}`)
                )}
              </td>
              <td>
                {o.lockedOut ? (
                  <strong className="bad">{t('operators.lockedOut', { n: o.failedAttempts })}</strong>
                ) : o.active ? (
                  t('operators.active')
                ) : (
                  t('operators.inactive')
                )}
                {!o.lockedOut && o.failedAttempts > 0 && <div className="muted">{t('operators.failed', { n: o.failedAttempts })}</div>}
              </td>
              <td>{o.lastSignInAt ? formatDateTime(o.lastSignInAt, language) : t('operators.never')}</td>
              <td>
                <div className="operators__actions">
                  {manageable(o.role) && (o.lockedOut || o.failedAttempts > 0) && (
                    <button type="button" className="button" onClick={() => void act(() => bridge.invoke('operator.clearLockout', { id: o.id }))}>
                      {t('operators.clearLockout')} <span className="visually-hidden">{o.name}</span>
                    </button>
                  )}
                  {manageable(o.role) && o.id !== me?.id && (
                    <button
                      type="button"
                      className="button button--quiet"
                      onClick={() => void act(() => bridge.invoke('operator.update', { id: o.id, active: !o.active }))}
                    >
                      {o.active ? t('operators.deactivate') : t('operators.activate')} <span className="visually-hidden">{o.name}</span>
                    </button>
                  )}
                  {manageable(o.role) && (
                    <NewSecret
                      operator={o}
                      onDone={(text) => {
                        setMessage({ kind: 'success', text });
                        listed.refresh();
                      }}
                    />
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <AddOperator
        roles={ROLES.filter(manageable)}
        onDone={(name) => {
          setMessage({ kind: 'success', text: t('operators.created', { name }) });
          listed.refresh();
        }}
      />
    </div>
  );
}

function NewSecret({ operator, onDone }: { operator: OperatorView; onDone: (text: string) => void }) {
  const t = useT();
  const language = useUi((s) => s.language);
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await bridge.invoke('operator.setSecret', { id: operator.id, secret });
    if (!result.ok) return setError(errorText(result.error, language));
    setSecret('');
    setError(undefined);
    onDone(t('operators.saved'));
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)}>
      <SecretField label={t('operators.newSecret', { name: operator.name })} value={secret} onChange={setSecret} error={error} isNew />
      <button type="submit" className="button" disabled={!secret}>
        {t('operators.setSecret')}
      </button>
    </form>
  );
}

function AddOperator({ roles, onDone }: { roles: readonly Role[]; onDone: (name: string) => void }) {
  const t = useT();
  const language = useUi((s) => s.language);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('registrar');
  const [secret, setSecret] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await bridge.invoke('operator.create', { name, role, secret });
    if (!result.ok) {
      const found = fieldErrors(result.error, language);
      return setErrors(Object.keys(found).length > 0 ? found : { name: errorText(result.error, language) });
    }
    setName('');
    setSecret('');
    setErrors({});
    onDone(result.value.name);
  };
  return (
    <form className="operators__add" onSubmit={(e) => void submit(e)} aria-labelledby="add-operator-title">
      <h2 id="add-operator-title">{t('operators.add')}</h2>
      <div className="member__line">
        <Field label={t('operators.name')} error={errors['name']}>
          {({ id, describedBy, invalid }) => (
            <input id={id} value={name} aria-describedby={describedBy} aria-invalid={invalid} autoComplete="off" onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
        <Field label={t('operators.role')}>
          {({ id }) => (
            <select id={id} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <SecretField label={t('session.secret')} value={secret} onChange={setSecret} error={errors['secret']} hint={t('session.secretHint')} isNew />
        <button type="submit" className="button button--primary member__remove" disabled={!name.trim() || !secret}>
          {t('operators.create')}
        </button>
      </div>
    </form>
  );
}
