import { useId, type ReactNode } from 'react';

/** A labelled control with its error shown at the field, linked for screen readers. */
export function Field(props: {
  label: string;
  error?: string;
  hint?: string;
  className?: string;
  children: (ids: { id: string; describedBy?: string; invalid: boolean }) => ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [props.error ? errorId : '', props.hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${props.className ?? ''} ${props.error ? 'field--invalid' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, describedBy, invalid: Boolean(props.error) })}
      {props.hint && !props.error && <span id={hintId} className="field__hint">{props.hint}</span>}
      {props.error && <span id={errorId} className="field__error" role="alert">{props.error}</span>}
    </div>
  );
}
