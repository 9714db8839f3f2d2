import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n';

/**
 * The app's own date and time inputs: day.month.year and hours:minutes (24 h) in every language, typed as they are
 * shown everywhere else (formatDate), with the pattern as placeholder. The browser's <input type=date> follows the
 * computer's locale (mm/dd/yyyy on an American Windows), so the same screen would read differently per machine.
 */

/** "2.12.2026", "02/12/2026", "02-12-2026" or "2026-12-02" → "2026-12-02"; null when no such day exists. */
export function parseDate(text: string): string | null {
  const t = text.trim();
  const isoForm = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const dayFirst = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(t);
  const [year, month, day] = isoForm ? [isoForm[1]!, isoForm[2]!, isoForm[3]!] : dayFirst ? [dayFirst[3]!, dayFirst[2]!, dayFirst[1]!] : [];
  if (!year || !month || !day) return null;
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

/** "9:30", "09.30" or "0930" → "09:30"; null when it is not a time of day. */
export function parseTime(text: string): string | null {
  const m = /^(\d{1,2})[:.]?(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [h, min] = [Number(m[1]), Number(m[2])];
  return h < 24 && min < 60 ? `${String(h).padStart(2, '0')}:${m[2]}` : null;
}

export const showDate = (iso: string): string => (iso ? iso.slice(0, 10).split('-').reverse().join('.') : '');

interface Props {
  id: string;
  /** YYYY-MM-DD (a date) or HH:MM (a time), or empty. */
  value: string;
  /** The value read, '' when emptied, null while what is typed cannot be read. */
  onChange: (value: string | null) => void;
  describedBy?: string | undefined;
  invalid?: boolean;
  className?: string;
}

function useTypedValue(value: string, toText: (v: string) => string) {
  const [text, setText] = useState(() => toText(value));
  const previous = useRef(value);
  const emittedRef = useRef(value);
  useEffect(() => {
    // A value set from outside (a form cleared, a family opened) replaces what is shown; the echo of our own does not.
    if (value !== previous.current && value !== emittedRef.current) setText(toText(value));
    previous.current = value;
  }, [value, toText]);
  return { text, setText, emittedRef };
}

function TypedInput(props: Props & { kind: 'date' | 'time' }) {
  const t = useT();
  const isDate = props.kind === 'date';
  const { text, setText, emittedRef } = useTypedValue(props.value, isDate ? dateText : timeText);
  const [touched, setTouched] = useState(false);
  const read = text.trim() ? (isDate ? parseDate(text) : parseTime(text)) : '';
  const unreadable = touched && read === null;
  const errorId = `${props.id}-unreadable`;
  return (
    <>
      <input
        id={props.id}
        className={props.className}
        value={text}
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        maxLength={isDate ? 10 : 5}
        placeholder={t(isDate ? 'date.format' : 'time.format')}
        aria-invalid={props.invalid || unreadable || undefined}
        aria-describedby={[props.describedBy, unreadable ? errorId : ''].filter(Boolean).join(' ') || undefined}
        onChange={(e) => {
          setText(e.target.value);
          const next = e.target.value.trim() ? (isDate ? parseDate(e.target.value) : parseTime(e.target.value)) : '';
          emittedRef.current = next ?? UNREADABLE;
          props.onChange(next);
        }}
        onBlur={() => setTouched(true)}
      />
      {unreadable && !props.invalid && (
        <span id={errorId} className="field__error" role="alert">
          {t(isDate ? 'date.invalid' : 'time.invalid')}
        </span>
      )}
    </>
  );
}

/** What a form may hold for a date or time typed but not readable (the input keeps showing what was typed). */
export const UNREADABLE = '!';
const dateText = (v: string) => (v === UNREADABLE ? '' : showDate(v));
const timeText = (v: string) => (v === UNREADABLE ? '' : v);

export const DateInput = (props: Props) => <TypedInput {...props} kind="date" />;
export const TimeInput = (props: Props) => <TypedInput {...props} kind="time" />;
