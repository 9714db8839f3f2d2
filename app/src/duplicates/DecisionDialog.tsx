import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { DuplicateCandidate } from '../../../electron/api/views-duplicates';
import type { DuplicateDecisionInput } from '../../../electron/api/schemas/duplicates';
import { useT } from '../i18n';
import { Comparison, fromView, Reasons, type ComparedPerson } from './Comparison';

/**
 * Saving a person who is almost certainly on file already asks the clerk first, in a dialog that takes focus: the
 * same person (their family opens; the form being typed is kept as a draft), not the same (with a reason), or not
 * sure (registered as new; a supervisor checks the pair). Esc goes back to the form.
 */
export function DecisionDialog(props: {
  typed: ComparedPerson;
  candidate: DuplicateCandidate;
  onDecide: (decision: DuplicateDecisionInput) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const { typed, candidate } = props;
  const number = candidate.existing.registrationNumber;
  const ref = useRef<HTMLDivElement>(null);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('button')?.focus();
  }, []);
  const decide = (decision: DuplicateDecisionInput['decision'], why = '') =>
    props.onDecide({ decision, otherPersonId: candidate.existing.personId, score: candidate.score, reason: why });
  const confirm = () => {
    if (reason.trim().length < 3) setError(t('dup.reason.short'));
    else decide('different', reason.trim());
  };
  // Focus stays inside until a choice is made; Esc goes back to the form.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      props.onCancel();
    } else if (e.key === 'Tab') {
      const focusable = [...(ref.current?.querySelectorAll<HTMLElement>('button, input') ?? [])];
      const [first, last] = [focusable[0], focusable.at(-1)];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first?.focus();
      }
    } else if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') {
      e.preventDefault();
      confirm();
    }
  };
  return (
    <div className="dialog-backdrop">
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby="dup-decide-title"
        aria-describedby="dup-decide-lead"
        className="dialog dup-decide"
        onKeyDown={onKeyDown}
      >
        <h2 id="dup-decide-title">{t('dup.decide.title')}</h2>
        <p id="dup-decide-lead">{t('dup.decide.lead', { name: typed.name, number })}</p>
        <Comparison
          left={typed}
          right={fromView(candidate.existing)}
          leftLabel={t('dup.typed')}
          rightLabel={t('dup.onFile')}
          caption={t('dup.compare.caption', { name: typed.name, number })}
        />
        <Reasons reasons={candidate.reasons} score={candidate.score} />
        <div className="dup-actions">
          <button type="button" className="button button--primary" onClick={() => decide('same')}>
            {t('dup.decide.same', { number })}
          </button>
          <button type="button" className="button" aria-expanded={asking} onClick={() => setAsking(true)}>
            {t('dup.decide.different')}
          </button>
          <button type="button" className="button" onClick={() => decide('unsure')}>
            {t('dup.decide.unsure')}
          </button>
          <button type="button" className="button button--quiet" onClick={props.onCancel}>
            {t('dup.decide.cancel')}
          </button>
        </div>
        {asking && (
          <div className="dup-continue">
            <label htmlFor="dup-decide-reason">{t('dup.reason.label')}</label>
            <input
              id="dup-decide-reason"
              value={reason}
              autoFocus
              autoComplete="off"
              maxLength={500}
              placeholder={t('dup.reason.placeholder')}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'dup-decide-error' : undefined}
              onChange={(e) => {
                setReason(e.target.value);
                setError('');
              }}
            />
            <button type="button" className="button button--primary" onClick={confirm}>
              {t('dup.reason.confirm')}
            </button>
            {error && (
              <span id="dup-decide-error" className="field__error" role="alert">
                {error}
              </span>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
