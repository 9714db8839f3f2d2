import { useId, type ReactNode } from 'react';

/** A labelled control with its error (or a warning that does not stop saving) shown at the field, linked for screen readers. */
export function Field(props: {
  label: string;
  error?: string | undefined;
  warning?: string | undefined;
  hint?: string | undefined;
  className?: string;
  children: (ids: { id: string; describedBy?: string; invalid: boolean }) => ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const warningId = `${id}-warning`;
  const warning = props.error ? undefined : props.warning;
  const describedBy = [props.error ? errorId : '', warning ? warningId : '', props.hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${props.className ?? ''} ${props.error ? 'field--invalid' : ''} ${warning ? 'field--warning' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, describedBy, invalid: Boolean(props.error) })}
      {props.hint && !props.error && !warning && (
        <span id={hintId} className="field__hint">
          {props.hint}
        </span>
      )}
      {warning && (
        <span id={warningId} className="field__warning" role="status">
          {warning}
        </span>
      )}
      {props.error && (
        <span id={errorId} className="field__error" role="alert">
          {props.error}
        </span>
      )}
    </div>
  );
}
