import { Field } from '../components/Field';

/** A password or PIN: never echoed, never remembered by the browser for someone else. */
export function SecretField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  autoFocus?: boolean;
  isNew?: boolean;
}) {
  return (
    <Field label={props.label} error={props.error} hint={props.hint}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type="password"
          value={props.value}
          autoFocus={props.autoFocus}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          autoComplete={props.isNew ? 'new-password' : 'current-password'}
          spellCheck={false}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
