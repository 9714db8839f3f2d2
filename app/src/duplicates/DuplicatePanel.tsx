import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { DuplicateDecisionInput } from '../../../electron/api/schemas/duplicates';
import type { DuplicateCandidate, DuplicateCheckResult } from '../../../electron/api/views-duplicates';
import { bridge } from '../bridge';
import { useT } from '../i18n';
import { parseBirth, type MemberForm } from '../intake/form';
import { useUi } from '../store';
import { Comparison, fromView, Reasons, type ComparedPerson } from './Comparison';
import './duplicates.css';

/**
 * Beside the intake form: while a person is typed (given and family name, and sex or age), likely matches already
 * in the file appear with a side-by-side comparison. The clerk opens the existing household, marks the person as
 * the same (a supervisor merges), or continues with a reason. The choice goes into the form (the member's
 * `duplicateDecision`) and is saved with the registration, where core keeps it.
 */

/** A pause after the last keystroke before the file is asked, so a clerk typing fast is not slowed. */
const PAUSE_MS = 350;

type Decision = DuplicateDecisionInput;

interface Found {
  signature: string;
  candidates: DuplicateCandidate[];
}

const ready = (m: MemberForm) => m.givenName.trim() !== '' && m.familyName.trim() !== '' && (m.sex !== '' || parseBirth(m.birthText) !== null);

function signatureOf(m: MemberForm, householdPhone: string, householdId: string | undefined): string {
  return JSON.stringify([
    m.givenName.trim(),
    m.familyName.trim(),
    m.patronymic.trim(),
    m.sex,
    m.birthText.trim(),
    m.documentNumber.trim(),
    m.phone.trim(),
    householdPhone.trim(),
    householdId ?? '',
  ]);
}

/** Answers by what was typed and the file's state: the panel and the save ask once for the same person. */
const answers = new Map<string, Promise<DuplicateCheckResult | null>>();

/** Likely matches on file for one member as typed (null when not enough is typed, or the file cannot be asked). */
export function checkMember(m: MemberForm, householdPhone: string, householdId: string | undefined): Promise<DuplicateCheckResult | null> {
  if (!ready(m)) return Promise.resolve(null);
  const key = `${useUi.getState().dataVersion}|${signatureOf(m, householdPhone, householdId)}`;
  let answer = answers.get(key);
  if (!answer) {
    const birth = parseBirth(m.birthText);
    answer = bridge
      .invoke('duplicates.check', {
        person: {
          givenName: m.givenName,
          familyName: m.familyName,
          patronymic: m.patronymic,
          ...(m.sex ? { sex: m.sex } : {}),
          ...(birth ? { birth } : {}),
          documents: m.documentNumber.trim() ? [m.documentNumber] : [],
          phone: m.phone,
        },
        household: { phone: householdPhone, ...(householdId ? { id: householdId } : {}) },
        limit: 3,
      })
      .then((r) => (r.ok ? r.value : null));
    if (answers.size > 200) answers.clear();
    answers.set(key, answer);
  }
  return answer;
}

export function typedPerson(m: MemberForm): ComparedPerson {
  const birth = parseBirth(m.birthText) ?? undefined;
  return {
    name: [m.givenName, m.familyName].filter((s) => s.trim()).join(' '),
    patronymic: m.patronymic,
    sex: m.sex,
    ...(birth ? { birth } : {}),
    documents: m.documentNumber.trim() ? [m.documentNumber.trim()] : [],
    phone: m.phone,
  };
}

export function setDecision(key: string, decision: Decision | undefined): void {
  useUi.getState().setForm((f) => ({
    ...f,
    members: f.members.map((m) => {
      if (m.key !== key) return m;
      const { duplicateDecision: _old, ...rest } = m;
      return decision ? { ...rest, duplicateDecision: decision } : rest;
    }),
  }));
}

export function DuplicatePanel() {
  const t = useT();
  const form = useUi((s) => s.form);
  const editingId = useUi((s) => s.editing?.id);
  const [found, setFound] = useState<Map<string, Found>>(new Map());
  const asked = useRef(new Map<string, string>());

  useEffect(() => {
    const timer = setTimeout(() => {
      const keys = new Set(form.members.map((m) => m.key));
      setFound((old) => {
        const kept = new Map([...old].filter(([key]) => keys.has(key)));
        return kept.size === old.size ? old : kept;
      });
      for (const member of form.members) {
        const signature = signatureOf(member, form.phone, editingId);
        if (!ready(member) || asked.current.get(member.key) === signature) continue;
        asked.current.set(member.key, signature);
        void checkMember(member, form.phone, editingId).then((result) => {
          // An answer to what is no longer typed is dropped.
          if (!result || asked.current.get(member.key) !== signature) return;
          setFound((old) => new Map(old).set(member.key, { signature, candidates: result.candidates }));
        });
      }
    }, PAUSE_MS);
    return () => clearTimeout(timer);
  }, [form.members, form.phone, editingId]);

  const shown = form.members
    .map((member, index) => ({ member, index, found: found.get(member.key) }))
    .filter(({ member, found: f }) => member.duplicateDecision || (f && f.candidates.length > 0 && ready(member)));
  if (shown.length === 0) return null;

  return (
    <aside className="dup-panel" aria-labelledby="dup-panel-title">
      <h2 id="dup-panel-title">{t('dup.panel.title')}</h2>
      {shown.map(({ member, index, found: f }) =>
        member.duplicateDecision ? (
          <Decided key={member.key} member={member} index={index} candidates={f?.candidates ?? []} />
        ) : (
          <MemberMatches key={member.key} member={member} index={index} candidates={f?.candidates ?? []} />
        ),
      )}
    </aside>
  );
}

function Decided({ member, index, candidates }: { member: MemberForm; index: number; candidates: DuplicateCandidate[] }) {
  const t = useT();
  const d = member.duplicateDecision!;
  const other = candidates.find((c) => c.existing.personId === d.otherPersonId)?.existing.registrationNumber ?? '';
  return (
    <p className="dup-decided" role="status">
      <strong>{t('member.number', { n: index + 1 })}:</strong>{' '}
      {d.decision === 'same'
        ? t('dup.decided.same', { number: other })
        : d.decision === 'different'
          ? t('dup.decided.different', { number: other, reason: d.reason ?? '' })
          : t('dup.decided.unsure', { number: other })}{' '}
      <button type="button" className="button button--quiet" onClick={() => setDecision(member.key, undefined)}>
        {t('dup.undo')}
      </button>
    </p>
  );
}

function MemberMatches({ member, index, candidates }: { member: MemberForm; index: number; candidates: DuplicateCandidate[] }) {
  const t = useT();
  const go = useUi((s) => s.go);
  const [reason, setReason] = useState('');
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState('');
  const typed = typedPerson(member);
  const headingId = `dup-member-${member.key}`;
  const best = candidates[0];
  const confirm = () => {
    if (!best) return;
    if (reason.trim().length < 3) {
      setError(t('dup.reason.short'));
      return;
    }
    setDecision(member.key, { decision: 'different', otherPersonId: best.existing.personId, score: best.score, reason: reason.trim() });
  };
  // Enter confirms the reason here; it must not save the whole family.
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      e.stopPropagation();
      confirm();
    }
  };
  return (
    <section className="dup-member" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t('member.number', { n: index + 1 })}: {t('dup.panel.lead', { name: typed.name })}
      </h3>
      {candidates.map((c) => (
        <article key={c.existing.personId} className="dup-candidate" aria-label={t('dup.candidate', { number: c.existing.registrationNumber })}>
          <Comparison
            left={typed}
            right={fromView(c.existing)}
            leftLabel={t('dup.typed')}
            rightLabel={t('dup.onFile')}
            caption={t('dup.compare.caption', { name: typed.name, number: c.existing.registrationNumber })}
          />
          <Reasons reasons={c.reasons} score={c.score} />
          <div className="dup-actions">
            <button type="button" className="button" onClick={() => go('household', c.existing.householdId)}>
              {t('dup.open')}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => setDecision(member.key, { decision: 'same', otherPersonId: c.existing.personId, score: c.score, reason: '' })}
            >
              {t('dup.same')}
            </button>
          </div>
        </article>
      ))}
      {asking ? (
        <div className="dup-continue">
          <label htmlFor={`${headingId}-reason`}>{t('dup.reason.label')}</label>
          <input
            id={`${headingId}-reason`}
            value={reason}
            autoFocus
            autoComplete="off"
            placeholder={t('dup.reason.placeholder')}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${headingId}-error` : undefined}
            onChange={(e) => {
              setReason(e.target.value);
              setError('');
            }}
            onKeyDown={onKeyDown}
          />
          <button type="button" className="button button--primary" onClick={confirm}>
            {t('dup.reason.confirm')}
          </button>
          {error && (
            <span id={`${headingId}-error`} className="field__error" role="alert">
              {error}
            </span>
          )}
        </div>
      ) : (
        <button type="button" className="button button--quiet" onClick={() => setAsking(true)}>
          {t('dup.different')}
        </button>
      )}
    </section>
  );
}
