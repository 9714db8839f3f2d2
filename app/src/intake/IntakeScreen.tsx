import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { HouseholdSchema } from '../../../electron/api/schemas/household';
import { fieldIssueOf } from '../../../electron/api/schemas/text';
import { localDate } from '../../../electron/api/age';
import { checkHouseholdRules } from '../../../electron/api/rules';
import type { FieldIssue } from '../../../electron/api/result';
import { bridge } from '../bridge';
import { useIssueText, useT } from '../i18n';
import { useUi } from '../store';
import { emptyHousehold, emptyMember, latinKey, NAME_FIELDS, nextRelationship, toInput, type HouseholdForm, type MemberForm } from './form';
import { HouseholdFields } from './HouseholdFields';
import { DuplicatePanel } from '../duplicates/DuplicatePanel';
import { MemberRow } from './MemberRow';
import { useDraft } from './useDraft';
import { useShortcuts } from '../components/useShortcuts';
import { printSlip } from '../print';


/** Checks the form as core will, so a broken rule is shown at its field before anything is sent. */
function checkLocally(form: HouseholdForm): FieldIssue[] {
  const { input, issues } = toInput(form);
  const parsed = HouseholdSchema.safeParse(input);
  if (!parsed.success) {
    return [...issues, ...parsed.error.issues.map(fieldIssueOf)];
  }
  const rules = checkHouseholdRules(parsed.data, localDate(new Date()));
  const taken = new Set(issues.map((i) => i.path));
  return [...issues, ...rules.filter((r) => !taken.has(r.path))];
}

export function IntakeScreen() {
  const t = useT();
  const issueText = useIssueText();
  const { form, editing, formRevision, setForm, resetForm, notify, go } = useUi();
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

  const errorAt = (path: string) => {
    const issue = issues.find((i) => i.path === path);
    return issue ? issueText(issue) : undefined;
  };
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
    const result = await bridge.invoke('names.transliterate', { texts: fields.map((f) => member[f]) });
    if (!result.ok) return;
    patchMember(index, Object.fromEntries(fields.map((f, i) => [latinKey(f), result.value[i] ?? ''])));
  };

  const save = async (andPrint: boolean) => {
    if (saving) return;
    const local = checkLocally(form);
    if (local.length > 0) {
      setIssues(local);
      notify({ kind: 'error', text: t('intake.fixFields', { count: local.length }) });
      requestAnimationFrame(() => rootRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setSaving(true);
    const { input } = toInput(form);
    const result = editing
      ? await bridge.invoke('household.update', { id: editing.id, expectedVersion: editing.version, household: input! })
      : await bridge.invoke('household.register', input!);
    setSaving(false);
    if (!result.ok) {
      setIssues(result.error.issues ?? []);
      notify({ kind: 'error', text: `${t('intake.saveFailed')} ${issueText({ code: `error.${result.error.code}`, message: result.error.message })}` });
      return;
    }
    const saved = result.value;
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

  useShortcuts({ 'Ctrl+S': () => void save(false), 'Ctrl+P': () => void save(true), 'Ctrl+M': addMember });

  const full = form.mode === 'full';
  return (
    <form ref={rootRef} className="intake" aria-labelledby="intake-title" onSubmit={(e) => { e.preventDefault(); void save(false); }}>
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
          <button type="button" className="button" onClick={draft.restore}>{t('draft.restore')}</button>
          <button type="button" className="button button--quiet" onClick={draft.discard}>{t('draft.discard')}</button>
        </div>
      )}
      {general.length > 0 && (
        <div className="banner banner--error" role="alert">{general.map((i) => issueText(i)).join(' ')}</div>
      )}
      <section aria-label={t('intake.members')} className="members">
        {form.members.map((member, index) => (
          <MemberRow key={member.key} index={index} member={member} full={full} errorAt={errorAt}
            onChange={(patch) => patchMember(index, patch)} onNamesDone={() => void fillLatin(index)} onEnter={() => enterOnMember(index)}
            onRemove={form.members.length > 1 ? () => setForm((f) => ({ ...f, members: f.members.filter((_, i) => i !== index) })) : undefined} />
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
        <button type="button" className="button button--quiet" onClick={() => { if (editing) go('household', editing.id); resetForm(emptyHousehold(form.mode)); draft.clear(); }}>
          {editing ? t('intake.cancelEdit') : t('intake.clear')}
        </button>
      </div>
    </form>
  );
}
