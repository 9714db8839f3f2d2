import { useState, type FormEvent } from 'react';
import { RETENTION_CATEGORIES, type ProtectionSettings, type RetentionCategory } from '../../../electron/api/views-protection';
import { bridge } from '../bridge';
import { Field } from '../components/Field';
import { useT } from '../i18n';
import { refreshSession } from '../session/actions';
import { errorText } from '../session/errors';
import { useUi } from '../store';
import { useMethod } from '../useMethod';

type Draft = { minutes: string; days: Record<RetentionCategory, string> };

const toDraft = (s: ProtectionSettings): Draft => ({
  minutes: String(Math.round(s.lockAfterSeconds / 60)),
  days: Object.fromEntries(RETENTION_CATEGORIES.map((c) => [c, s.retentionDays[c] === null ? '' : String(s.retentionDays[c])])) as Draft['days'],
});

/** The administrator's settings: idle lock, retention per category, and a purge on demand. */
export function SettingsPanel() {
  const t = useT();
  // Read once: the form below owns the draft from then on.
  const stored = useMethod('settings.get', {});
  if (!stored.data) return <p role="status">{t('common.loading')}</p>;
  return <SettingsForm stored={stored.data} />;
}

function SettingsForm({ stored }: { stored: ProtectionSettings }) {
  const t = useT();
  const language = useUi((s) => s.language);
  const [draft, setDraft] = useState<Draft>(() => toDraft(stored));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string }>();
  // What a purge would take now: read again after a save or a purge here, and when core reports a change to
  // households or settings elsewhere.
  const { data: due, refresh: preview } = useMethod('retention.preview', {}, { on: ['households', 'settings'] });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    const minutes = Number(draft.minutes);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60) found['minutes'] = t('settings.minutesRange');
    const retentionDays = {} as Record<RetentionCategory, number | null>;
    for (const c of RETENTION_CATEGORIES) {
      const raw = draft.days[c].trim();
      const n = Number(raw);
      if (raw && (!Number.isInteger(n) || n < 1 || n > 3650)) found[c] = t('settings.daysRange');
      retentionDays[c] = raw ? n : null;
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const result = await bridge.invoke('settings.update', { lockAfterSeconds: minutes * 60, retentionDays });
    if (!result.ok) return setMessage({ kind: 'error', text: errorText(result.error, language) });
    setDraft(toDraft(result.value));
    setMessage({ kind: 'success', text: t('settings.saved') });
    preview();
    void refreshSession();
  };
  const purge = async () => {
    const result = await bridge.invoke('retention.purge', {});
    if (!result.ok) return setMessage({ kind: 'error', text: errorText(result.error, language) });
    setMessage({ kind: 'success', text: t('retention.purged', { households: result.value.households }) });
    preview();
  };

  return (
    <form className="settings" onSubmit={(e) => void save(e)} aria-labelledby="settings-title" noValidate>
      <h2 id="settings-title">{t('settings.title')}</h2>
      {message && (
        <p className={`banner banner--${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <Field label={t('settings.lockAfter')} error={errors['minutes']} className="w-narrow">
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            type="number"
            min={1}
            max={60}
            inputMode="numeric"
            value={draft.minutes}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            onChange={(e) => setDraft({ ...draft, minutes: e.target.value })}
          />
        )}
      </Field>
      <fieldset>
        <legend>{t('settings.retention')}</legend>
        <p className="field__hint">{t('settings.retentionHint')}</p>
        <div className="member__line">
          {RETENTION_CATEGORIES.map((c) => (
            <Field key={c} label={`${t(`retention.${c}`)} · ${t('settings.days')}`} error={errors[c]} className="w-days">
              {({ id, describedBy, invalid }) => (
                <input
                  id={id}
                  type="number"
                  min={1}
                  max={3650}
                  inputMode="numeric"
                  value={draft.days[c]}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  onChange={(e) => setDraft({ ...draft, days: { ...draft.days, [c]: e.target.value } })}
                />
              )}
            </Field>
          ))}
        </div>
      </fieldset>
      <div className="actions">
        <button type="submit" className="button button--primary">
          {t('settings.save')}
        </button>
      </div>
      <p>{t('retention.explain')}</p>
      <div className="actions">
        {due && <span role="status">{t('retention.due', { households: due.households })}</span>}
        <button type="button" className="button button--danger" disabled={!due || due.households === 0} onClick={() => void purge()}>
          {t('retention.purge')}
        </button>
      </div>
    </form>
  );
}
