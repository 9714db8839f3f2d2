import { ARRIVAL_MEANS, CONSENT_BASES, DESTINATIONS } from '../../../electron/api/schemas/household';
import { Field } from '../components/Field';
import { useT, type MessageKey } from '../i18n';
import type { HouseholdForm } from './form';

interface Props {
  form: HouseholdForm;
  errorAt: (path: string) => string | undefined;
  onChange: (patch: Partial<HouseholdForm>) => void;
}

/** The household's own fields, after its members, in the order of the paper form. */
export function HouseholdFields({ form, errorAt, onChange }: Props) {
  const t = useT();
  const full = form.mode === 'full';
  return (
    <fieldset className="household-fields">
      <legend>{t('household.section')}</legend>
      <div className="member__line">
        <Field label={t('household.phone')} error={errorAt('phone')} className="w-doc">
          {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} type="tel" data-household-first value={form.phone} autoComplete="off" onChange={(e) => onChange({ phone: e.target.value })} />}
        </Field>
        <Field label={t('household.originSettlement')} className="w-name">
          {(f) => <input id={f.id} value={form.originSettlement} autoComplete="off" onChange={(e) => onChange({ originSettlement: e.target.value })} />}
        </Field>
        {full && (
          <Field label={t('household.originDistrict')} className="w-name">
            {(f) => <input id={f.id} value={form.originDistrict} autoComplete="off" onChange={(e) => onChange({ originDistrict: e.target.value })} />}
          </Field>
        )}
        {full && (
          <Field label={t('household.arrived')} error={errorAt('arrivedAt')} hint={form.arrivedAt ? undefined : t('household.arrivedNow')} className="w-when">
            {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} type="datetime-local" value={form.arrivedAt} onChange={(e) => onChange({ arrivedAt: e.target.value })} />}
          </Field>
        )}
        {full && (
          <Field label={t('household.arrivalMeans')} className="w-rel">
            {(f) => (
              <select id={f.id} value={form.arrivalMeans} onChange={(e) => onChange({ arrivalMeans: e.target.value as HouseholdForm['arrivalMeans'] })}>
                {ARRIVAL_MEANS.map((m) => <option key={m} value={m}>{t(`arrival.${m}` as MessageKey)}</option>)}
              </select>
            )}
          </Field>
        )}
        <Field label={t('household.destination')} className="w-rel">
          {(f) => (
            <select id={f.id} value={form.destination} onChange={(e) => onChange({ destination: e.target.value as HouseholdForm['destination'] })}>
              {DESTINATIONS.map((d) => <option key={d} value={d}>{t(`destination.${d}` as MessageKey)}</option>)}
            </select>
          )}
        </Field>
        {full && (
          <Field label={t('household.destinationDetails')} className="w-name">
            {(f) => <input id={f.id} value={form.destinationDetails} autoComplete="off" onChange={(e) => onChange({ destinationDetails: e.target.value })} />}
          </Field>
        )}
        <Field label={t('household.declaredSize')} error={errorAt('declaredSize')} className="w-sex">
          {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} inputMode="numeric" value={form.declaredSize} autoComplete="off" onChange={(e) => onChange({ declaredSize: e.target.value.replace(/\D/g, '') })} />}
        </Field>
      </div>
      <div className="member__line">
        <label className="check">
          <input type="checkbox" checked={form.consentTracing} onChange={(e) => onChange({ consentTracing: e.target.checked })} />
          {t('household.consentTracing')}
        </label>
        {full && (
          <Field label={t('household.consentBasis')} className="w-rel">
            {(f) => (
              <select id={f.id} value={form.consentBasis} onChange={(e) => onChange({ consentBasis: e.target.value as HouseholdForm['consentBasis'] })}>
                {CONSENT_BASES.map((b) => <option key={b} value={b}>{t(`consent.${b}` as MessageKey)}</option>)}
              </select>
            )}
          </Field>
        )}
      </div>
      <p className="field__hint">{t('household.consentNote')}</p>
      {full && (
        <Field label={t('household.notes')} className="w-wide">
          {(f) => <textarea id={f.id} rows={2} value={form.notes} onChange={(e) => onChange({ notes: e.target.value })} />}
        </Field>
      )}
    </fieldset>
  );
}
