import type { KeyboardEvent } from 'react';
import { ARRIVAL_MEANS, CONSENT_BASES, DESTINATIONS, TEXT_LIMITS } from '../../../electron/api/schemas/household';
import { DateInput, TimeInput } from '../components/DateInput';
import { Field } from '../components/Field';
import { useT, type MessageKey } from '../i18n';
import { arrivalParts, type HouseholdForm } from './form';
import { PhoneInput } from './PhoneInput';

interface Props {
  form: HouseholdForm;
  errorAt: (path: string) => string | undefined;
  onChange: (patch: Partial<HouseholdForm>) => void;
}

// Enter in one of the family's fields must not save the family (a clerk ends a phone number with Enter): only Ctrl+S does.
const keepEnter = (e: KeyboardEvent<HTMLElement>) => {
  if (e.key === 'Enter' && !e.ctrlKey && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
};

/** The household's own fields, after its members, in the order of the paper form. */
export function HouseholdFields({ form, errorAt, onChange }: Props) {
  const t = useT();
  const full = form.mode === 'full';
  const arrival = arrivalParts(form.arrivedAt);
  const setArrival = (date: string, time: string) => onChange({ arrivedAt: date || time ? `${date}T${time}` : '' });
  const text = (key: keyof HouseholdForm & ('originSettlement' | 'originDistrict' | 'destinationDetails'), label: string, max: number) => (
    <Field label={label} error={errorAt(key)} className="w-name">
      {(f) => (
        <input
          id={f.id}
          aria-describedby={f.describedBy}
          aria-invalid={f.invalid}
          value={form[key]}
          maxLength={max}
          autoComplete="off"
          onChange={(e) => onChange({ [key]: e.target.value })}
        />
      )}
    </Field>
  );
  return (
    <fieldset className="household-fields" onKeyDown={keepEnter}>
      <legend>{t('household.section')}</legend>
      <div className="member__line">
        <PhoneInput label={t('household.phone')} value={form.phone} error={errorAt('phone')} first onChange={(phone) => onChange({ phone })} />
        {text('originSettlement', t('household.originSettlement'), TEXT_LIMITS.place)}
        {full && text('originDistrict', t('household.originDistrict'), TEXT_LIMITS.place)}
        {full && (
          <Field
            label={t('household.arrivedDate')}
            error={errorAt('arrivedAt')}
            hint={form.arrivedAt ? t('date.format') : t('household.arrivedNow')}
            className="w-date"
          >
            {(f) => (
              <DateInput
                id={f.id}
                describedBy={f.describedBy}
                invalid={f.invalid}
                value={arrival.date}
                onChange={(date) => setArrival(date ?? '!', arrival.time)}
              />
            )}
          </Field>
        )}
        {full && (
          <Field label={t('household.arrivedTime')} error={errorAt('arrivedTime')} className="w-time">
            {(f) => (
              <TimeInput
                id={f.id}
                describedBy={f.describedBy}
                invalid={f.invalid}
                value={arrival.time}
                onChange={(time) => setArrival(arrival.date, time ?? '!')}
              />
            )}
          </Field>
        )}
        {full && (
          <Field label={t('household.arrivalMeans')} className="w-rel">
            {(f) => (
              <select id={f.id} value={form.arrivalMeans} onChange={(e) => onChange({ arrivalMeans: e.target.value as HouseholdForm['arrivalMeans'] })}>
                {ARRIVAL_MEANS.map((m) => (
                  <option key={m} value={m}>
                    {t(`arrival.${m}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t('household.destination')} className="w-rel">
          {(f) => (
            <select id={f.id} value={form.destination} onChange={(e) => onChange({ destination: e.target.value as HouseholdForm['destination'] })}>
              {DESTINATIONS.map((d) => (
                <option key={d} value={d}>
                  {t(`destination.${d}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {full && text('destinationDetails', t('household.destinationDetails'), TEXT_LIMITS.destinationDetails)}
        <Field label={t('household.declaredSize')} error={errorAt('declaredSize')} className="w-sex">
          {(f) => (
            <input
              id={f.id}
              aria-describedby={f.describedBy}
              aria-invalid={f.invalid}
              inputMode="numeric"
              maxLength={2}
              value={form.declaredSize}
              autoComplete="off"
              onChange={(e) => onChange({ declaredSize: e.target.value.replace(/\D/g, '') })}
            />
          )}
        </Field>
        <label className="check">
          <input type="checkbox" checked={form.consentTracing} onChange={(e) => onChange({ consentTracing: e.target.checked })} />
          {t('household.consentTracing')}
        </label>
        {full && (
          <Field label={t('household.consentBasis')} className="w-rel">
            {(f) => (
              <select id={f.id} value={form.consentBasis} onChange={(e) => onChange({ consentBasis: e.target.value as HouseholdForm['consentBasis'] })}>
                {CONSENT_BASES.map((b) => (
                  <option key={b} value={b}>
                    {t(`consent.${b}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      <p className="field__hint">{t('household.consentNote')}</p>
      {full && (
        <Field label={t('household.notes')} error={errorAt('notes')} className="w-wide">
          {(f) => (
            <textarea
              id={f.id}
              aria-describedby={f.describedBy}
              aria-invalid={f.invalid}
              rows={1}
              maxLength={TEXT_LIMITS.householdNotes}
              value={form.notes}
              onChange={(e) => onChange({ notes: e.target.value })}
            />
          )}
        </Field>
      )}
    </fieldset>
  );
}
