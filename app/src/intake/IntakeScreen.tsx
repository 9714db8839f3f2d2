import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { HouseholdSchema } from '../../../electron/api/schemas/household';
import { localDate } from '../../../electron/rules/age';
import { checkHouseholdRules } from '../../../electron/rules/household';
import type { FieldIssue } from '../../../electron/api/result';
import { bridge } from '../bridge';
import { useIssueText, useT } from '../i18n';
import { useUi } from '../store';
import {
  AGE_RULES,
  emptyHousehold,
  emptyMember,
  latinKey,
  NAME_FIELDS,
  nextRelationship,
  schemaIssue,
  toInput,
  withoutBlankTail,
  type HouseholdForm,
  type MemberForm,
} from './form';
import type { DuplicateCandidate } from '../../../electron/api/views-duplicates';
import type { DuplicateDecisionInput } from '../../../electron/api/schemas/duplicates';
import { DecisionDialog } from '../duplicates/DecisionDialog';
import { HouseholdFields } from './HouseholdFields';
import { checkMember, DuplicatePanel, setDecision, typedPerson } from '../duplicates/DuplicatePanel';
import { MemberRow } from './MemberRow';
import { useDraft } from './useDraft';
import { useShortcuts } from '../components/useShortcuts';
import { printSlip } from '../print';
import { mayCall } from '../../../electron/api/roles';
import { DeskCall } from '../queue/DeskCall';
import { useQueueCall } from '../queue/call';
import { useSession } from '../session/store';
import './intake.css';

/** Checks the form as core will, so a broken rule is shown at its field, in the clerk's words, before anything is sent. */
function checkLocally(form: HouseholdForm): FieldIssue[] {
  const { input, issues } = toInput(form);
  const parsed = HouseholdSchema.safeParse(input);
  const taken = new Set(issues.map((i) => i.path));
  if (!parsed.success) return [...issues, ...parsed.error.issues.map(schemaIssue).filter((i) => !taken.has(i.path))];
  // A person whose birth is missing or unreadable has no age: rules about age say nothing about them (not "age 0").
  const noBirth = new Set(issues.filter((i) => i.path.endsWith('.birth')).map((i) => i.path.split('.')[1]));
  const rules = checkHouseholdRules(parsed.data, localDate(new Date())).filter((r) => !(AGE_RULES.has(r.code) && noBirth.has(r.path.split('.')[1])));
  return [...issues, ...rules.filter((r) => !taken.has(r.path))];
}

/** A member's decision to attach at save: none is needed, one is already taken, or the clerk must decide first. */
type Pending = { index: number; member: MemberForm; candidate: DuplicateCandidate; andPrint?: boolean };

/**
 * Before saving a new family: each member's likely matches (the panel's answers, asked again only if stale). A
 * near-certain one without a decision stops the save for the clerk's decision; saving past a likely one records
 * `continued`, which puts the pair in the supervisor's queue at once.
 */
async function decisionsBeforeSave(form: HouseholdForm): Promise<{ form: HouseholdForm; pending?: Pending }> {
  const members = withoutBlankTail(form.members);
  const answers = await Promise.all(members.map((m) => (m.duplicateDecision ? null : checkMember(m, form.phone, undefined))));
  for (const [index, answer] of answers.entries()) {
    const candidate = answer?.candidates.find((c) => c.needsDecision);
    if (candidate) return { form, pending: { index, member: members[index]!, candidate } };
  }
  return {
    form: {
      ...form,
      members: form.members.map((m, i) => {
        const best = answers[i]?.candidates[0];
        return best && !m.duplicateDecision
          ? { ...m, duplicateDecision: { decision: 'continued' as const, otherPersonId: best.existing.personId, score: best.score, reason: '' } }
          : m;
      }),
    },
  };
}

export function IntakeScreen() {
  const t = useT();
  const issueText = useIssueText();
  const { form, editing, formRevision, setForm, resetForm, notify, go } = useUi();
  const role = useSession((s) => s.view?.operator?.role);
  // Issues belong to one revision of the form: a fresh form starts without any.
  const [checked, setChecked] = useState<{ revision: number; issues: FieldIssue[] }>({ revision: -1, issues: [] });
  const issues = checked.revision === formRevision ? checked.issues : [];
  const setIssues = (list: FieldIssue[]) => setChecked({ revision: useUi.getState().formRevision, issues: list });
  const [saving, setSaving] = useState(false);
  const rootRef = useRef<HTMLFormElement>(null);
  // Focus moves right after the render that made the field, before the next key arrives (fast typists, scanners).
  const pendingFocus = useRef<string | null>(null);
  useLayoutEffect(() => {
    if (!pendingFocus.current) return;
    rootRef.current?.querySelector<HTMLElement>(pendingFocus.current)?.focus();
    pendingFocus.current = null;
  });
  const [, rerender] = useState(0);
  const focusMember = useCallback((index: number) => {
    pendingFocus.current = `[data-member-first="${index}"]`;
    rerender((n) => n + 1);
  }, []);
  const draft = useDraft(!editing);

  // A fresh form (new family, or one opened for correction) starts at the head's given name.
  useEffect(() => {
    rootRef.current?.querySelector<HTMLElement>('[data-member-first="0"]')?.focus();
  }, [formRevision]);

  // A refusal deeper than a field (members.0.birth.years) is shown at that field.
  const errorAt = (path: string) => {
    const issue = issues.find((i) => i.path === path || i.path.startsWith(`${path}.`));
    return issue ? issueText(issue) : undefined;
  };
  const [pending, setPendingState] = useState<Pending | null>(null);
  // Read by save() when it runs again right after a decision, before React has rendered the dialog away.
  const pendingRef = useRef<Pending | null>(null);
  const setPending = (next: Pending | null) => {
    pendingRef.current = next;
    setPendingState(next);
  };
  // What "Clear form" took away, offered back until the clerk types again.
  const [cleared, setCleared] = useState<{ form: HouseholdForm; blank: HouseholdForm } | null>(null);
  const general = issues.filter((i) => i.path === 'members' || i.path === '');
  const patchMember = (index: number, patch: Partial<MemberForm>) =>
    setForm((f) => ({ ...f, members: f.members.map((m, i) => (i === index ? { ...m, ...patch } : m)) }));
  const addMember = () => {
    setForm((f) => ({ ...f, members: [...f.members, emptyMember(nextRelationship(f.members.length))] }));
    focusMember(form.members.length);
  };
  // Enter on a blank last row ends the list, as on paper: the row goes and the family's own fields come next.
  const enterOnMember = (index: number) => {
    const member = form.members[index];
    const blank = member && !member.givenName && !member.familyName && !member.birthText && !member.sex;
    if (blank && index > 0 && index === form.members.length - 1) {
      pendingFocus.current = '[data-household-first]';
      setForm((f) => ({ ...f, members: f.members.slice(0, -1) }));
      return;
    }
    addMember();
  };
  const fillLatin = async (index: number) => {
    const member = useUi.getState().form.members[index];
    const fields = NAME_FIELDS.filter((f) => member && !member.latinEdited[f]);
    if (!member || fields.length === 0) return;
    const texts = fields.map((f) => member[f]);
    const result = await bridge.invoke('names.transliterate', { texts });
    if (!result.ok) return;
    // The answer may come late (a loaded desk): the form cleared or saved meanwhile, or the names typed again. Then
    // it belongs to nobody on the form, and is dropped: it would put one person's Latin name on the next.
    const now = useUi.getState().form.members[index];
    if (!now || fields.some((f, i) => now[f] !== texts[i] || now.latinEdited[f])) return;
    patchMember(index, Object.fromEntries(fields.map((f, i) => [latinKey(f), result.value[i] ?? ''])));
  };

  const save = async (andPrint: boolean) => {
    if (saving || pendingRef.current) return;
    const typed = useUi.getState().form;
    const local = checkLocally(typed);
    if (local.length > 0) {
      setIssues(local);
      notify({ kind: 'error', text: t('intake.fixFields', { count: local.length }) });
      requestAnimationFrame(() => rootRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setSaving(true);
    let form = typed;
    if (!editing) {
      const checked = await decisionsBeforeSave(typed);
      if (checked.pending) {
        setSaving(false);
        setPending({ ...checked.pending, andPrint });
        return;
      }
      form = checked.form;
    }
    const { input } = toInput(form);
    const result = editing
      ? await bridge.invoke('household.update', { id: editing.id, expectedVersion: editing.version, household: input! })
      : await bridge.invoke('household.register', input!);
    setSaving(false);
    if (!result.ok) {
      setIssues((result.error.issues ?? []).map((i) => ({ ...i, path: i.path.replace(/^(members\.\d+\.birth)\..*$/, '$1') })));
      notify({ kind: 'error', text: `${t('intake.saveFailed')} ${issueText({ code: `error.${result.error.code}`, message: result.error.message })}` });
      return;
    }
    const saved = result.value;
    setCleared(null);
    // The family called from the queue is now registered: its ticket keeps the head's name past the day's end.
    const called = useQueueCall.getState().current;
    if (called && !editing) {
      useQueueCall.getState().setCurrent(null);
      void bridge.invoke('queue.finish', { id: called.id, householdId: saved.id });
    }
    if (editing) {
      resetForm();
      go('household', saved.id);
      notify({ kind: 'success', text: t('intake.updated', { number: saved.registrationNumber }), registrationNumber: saved.registrationNumber });
    } else {
      draft.clear();
      resetForm(emptyHousehold(form.mode));
      notify({ kind: 'success', text: t('intake.saved', { number: saved.registrationNumber }), registrationNumber: saved.registrationNumber });
    }
    if (andPrint) void printSlip(saved.id);
  };

  const decide = (decision: DuplicateDecisionInput) => {
    if (!pending) return;
    const { member, candidate } = pending;
    const andPrint = pending.andPrint ?? false;
    setDecision(member.key, decision);
    setPending(null);
    if (decision.decision === 'same') {
      // The family on file opens; what was typed stays, as the draft offered back on the intake screen.
      void bridge.invoke('draft.save', { payload: JSON.stringify(useUi.getState().form) });
      go('household', candidate.existing.householdId);
      notify({ kind: 'success', text: t('dup.decide.draft') });
      return;
    }
    // The decision is in the form now: saving goes on (the next near-certain member, if any, asks in turn).
    setTimeout(() => void save(andPrint), 0);
  };
  const cancelDecision = () => {
    const index = pending?.index ?? 0;
    setPending(null);
    requestAnimationFrame(() => rootRef.current?.querySelector<HTMLElement>(`[data-member-first="${index}"]`)?.focus());
  };

  // Undo is offered until the clerk types again: told by what the form holds, not which object holds it (a field may
  // hand back its own value).
  const stillCleared = cleared !== null && (form === cleared.blank || JSON.stringify(form) === JSON.stringify(cleared.blank));
  const clearForm = () => {
    if (editing) {
      go('household', editing.id);
      resetForm(emptyHousehold(form.mode));
      return;
    }
    // Cleared already (a double click, a second press): the family stays what Undo gives back.
    if (stillCleared) return;
    const blank = emptyHousehold(form.mode);
    setCleared({ form, blank });
    resetForm(blank);
    draft.clear();
  };
  const undoClear = () => {
    if (!cleared) return;
    resetForm(cleared.form);
    setCleared(null);
  };

  useShortcuts({ 'Ctrl+S': () => void save(false), 'Ctrl+P': () => void save(true), 'Ctrl+M': addMember });

  const full = form.mode === 'full';
  return (
    <>
      {!editing && mayCall('queue.callNext', role) && <DeskCall />}
      <form
        ref={rootRef}
        className={`intake ${full ? 'is-full' : ''}`}
        aria-labelledby="intake-title"
        onSubmit={(e) => {
          e.preventDefault();
          void save(false);
        }}
      >
        <div className="intake__head">
          <h1 id="intake-title">{editing ? t('intake.editTitle', { number: editing.registrationNumber }) : t('intake.title')}</h1>
          <div role="radiogroup" aria-label={t('intake.mode')} className="segmented">
            {(['quick', 'full'] as const).map((mode) => (
              <label key={mode} className={form.mode === mode ? 'is-on' : ''}>
                <input type="radio" name="mode" value={mode} checked={form.mode === mode} onChange={() => setForm((f) => ({ ...f, mode }))} />
                {t(`intake.mode.${mode}`)}
              </label>
            ))}
          </div>
        </div>
        {draft.offer && (
          <div className="banner banner--info" role="status">
            <span>{t('draft.offer', { time: draft.offer.time })}</span>
            <button type="button" className="button" onClick={draft.restore}>
              {t('draft.restore')}
            </button>
            <button type="button" className="button button--quiet" onClick={draft.discard}>
              {t('draft.discard')}
            </button>
          </div>
        )}
        {general.length > 0 && (
          <div className="banner banner--error" role="alert">
            {general.map((i) => issueText(i)).join(' ')}
          </div>
        )}
        <section aria-label={t('intake.members')} className="members">
          {form.members.map((member, index) => (
            <MemberRow
              key={member.key}
              index={index}
              member={member}
              full={full}
              errorAt={errorAt}
              onChange={(patch) => patchMember(index, patch)}
              onNamesDone={() => void fillLatin(index)}
              onEnter={() => enterOnMember(index)}
              onRemove={form.members.length > 1 ? () => setForm((f) => ({ ...f, members: f.members.filter((_, i) => i !== index) })) : undefined}
            />
          ))}
          <div className="members__add">
            <button type="button" className="button button--quiet" onClick={addMember}>
              {t('intake.addMember')} <kbd>Enter</kbd>
            </button>
            <span className="field__hint">{t('intake.keysHint')}</span>
          </div>
        </section>
        <DuplicatePanel />
        <HouseholdFields form={form} errorAt={errorAt} onChange={(patch) => setForm((f) => ({ ...f, ...patch }))} />
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={saving}>
            {t('intake.save')} <kbd>Ctrl+S</kbd>
          </button>
          <button type="button" className="button" disabled={saving} onClick={() => void save(true)}>
            {t('intake.saveAndPrint')} <kbd>Ctrl+P</kbd>
          </button>
          <button type="button" className="button button--quiet" onClick={clearForm}>
            {editing ? t('intake.cancelEdit') : t('intake.clear')}
          </button>
          {stillCleared && (
            <span className="actions__undo" role="status">
              {t('intake.cleared')}{' '}
              <button type="button" className="button" onClick={undoClear}>
                {t('intake.undoClear')}
              </button>
            </span>
          )}
        </div>
        {pending && <DecisionDialog typed={typedPerson(pending.member)} candidate={pending.candidate} onDecide={decide} onCancel={cancelDecision} />}
      </form>
    </>
  );
}
