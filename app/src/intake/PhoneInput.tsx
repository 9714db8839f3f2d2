import { TEXT_LIMITS } from '../../../electron/api/schemas/household';
import { readPhone } from '../../../electron/rules/phone';
import { Field } from '../components/Field';
import { useT } from '../i18n';

/**
 * A phone as the family says it. A number no country uses is a warning at the field (the family is still registered);
 * a good one shows the E.164 form it is saved in beside what was typed.
 */
export function PhoneInput(props: {
  label: string;
  value: string;
  error?: string | undefined;
  onChange: (value: string) => void;
  first?: boolean;
  className?: string;
}) {
  const t = useT();
  const reading = readPhone(props.value);
  // Judged once the number could be whole: no warning while the first digits are typed.
  const judged = props.value.replace(/\D/g, '').length >= 6 || /[^\d\s()+.-]/.test(props.value);
  const warning = judged && !reading.valid ? t('rule.phone.unlikely') : undefined;
  const hint = reading.valid && reading.e164 ? t('phone.saved', { e164: reading.e164 }) : undefined;
  return (
    <Field label={props.label} error={props.error} warning={warning} hint={hint} className={props.className ?? 'w-doc'}>
      {(f) => (
        <input
          id={f.id}
          aria-describedby={f.describedBy}
          aria-invalid={f.invalid}
          type="tel"
          value={props.value}
          maxLength={TEXT_LIMITS.phone}
          autoComplete="off"
          {...(props.first ? { 'data-household-first': true } : {})}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
