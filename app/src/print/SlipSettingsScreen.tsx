import { useState } from 'react';
import { SLIP_LANGUAGES, type SlipLanguage, type SlipSettings } from '../../../electron/api/views-print';
import { bridge } from '../bridge';
import { Field } from '../components/Field';
import { LANGUAGES, translate, useIssueText, useT } from '../i18n';
import { useUi } from '../store';
import { useMethod } from '../useMethod';
import './print.css';

/** The standard text in a language: what an empty setting prints. */
const standard = (language: SlipLanguage) => translate(language, 'slip.nextSteps.default');

/**
 * A supervisor's form for the centre's own slip texts: "what happens next" in each language and the centre's
 * contact. The form starts from the standard text; saving the standard text unchanged stores nothing of it, so a
 * better standard text in a later version still reaches the slips.
 */
export function SlipSettingsScreen() {
  const t = useT();
  // Read once: the form below owns the text from then on.
  const stored = useMethod('slip.settings.get', {});
  if (stored.error)
    return (
      <p role="alert" className="banner banner--error">
        {stored.error.message}
      </p>
    );
  if (!stored.data) return <p role="status">{t('common.loading')}</p>;
  return <SlipSettingsForm stored={stored.data} />;
}

function SlipSettingsForm({ stored }: { stored: SlipSettings }) {
  const t = useT();
  const issueText = useIssueText();
  const notify = useUi((s) => s.notify);
  const [form, setForm] = useState<SlipSettings>(() => ({
    nextSteps: Object.fromEntries(SLIP_LANGUAGES.map((l) => [l, stored.nextSteps[l] || standard(l)])) as SlipSettings['nextSteps'],
    contact: stored.contact,
  }));
  const [error, setError] = useState<string>();

  const save = async () => {
    const nextSteps = Object.fromEntries(
      SLIP_LANGUAGES.map((l) => [l, form.nextSteps[l].trim() === standard(l).trim() ? '' : form.nextSteps[l]]),
    ) as SlipSettings['nextSteps'];
    const r = await bridge.invoke('slip.settings.save', { nextSteps, contact: form.contact });
    if (r.ok) {
      setError(undefined);
      notify({ kind: 'success', text: t('slipSettings.saved') });
    } else {
      setError(t('slipSettings.failed', { reason: issueText({ code: `error.${r.error.code}`, message: r.error.message }) }));
    }
  };

  return (
    <form
      className="slip-settings"
      aria-labelledby="slip-settings-title"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h1 id="slip-settings-title">{t('slipSettings.title')}</h1>
      <p className="muted">{t('slipSettings.explain')}</p>
      {error && (
        <p role="alert" className="banner banner--error">
          {error}
        </p>
      )}
      {SLIP_LANGUAGES.map((language) => (
        <Field key={language} label={t('slipSettings.nextSteps', { language: LANGUAGES.find((l) => l.code === language)?.label ?? language })}>
          {({ id }) => (
            <textarea
              id={id}
              lang={language}
              rows={6}
              maxLength={800}
              value={form.nextSteps[language]}
              onChange={(e) => setForm({ ...form, nextSteps: { ...form.nextSteps, [language]: e.target.value } })}
            />
          )}
        </Field>
      ))}
      <Field label={t('slipSettings.contact')}>
        {({ id }) => (
          <textarea
            id={id}
            rows={2}
            maxLength={300}
            value={form.contact}
            placeholder={t('slip.contact.default')}
            onChange={(e) => setForm({ ...form, contact: e.target.value })}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="button button--primary">
          {t('slipSettings.save')}
        </button>
      </div>
    </form>
  );
}
