import type { KeyboardEvent } from 'react';
import { DOCUMENT_TYPES, RELATIONSHIPS } from '../../../electron/api/schemas/household';
import { NEED_CATEGORIES, SPECIFIC_NEEDS, type NeedCode } from '../../../electron/api/schemas/needs';
import { Field } from '../components/Field';
import { useT, type MessageKey } from '../i18n';
import { parseBirth, type MemberForm } from './form';

interface Props {
  index: number;
  member: MemberForm;
  full: boolean;
  errorAt: (path: string) => string | undefined;
  onChange: (patch: Partial<MemberForm>) => void;
  onNamesDone: () => void;
  onRemove?: () => void;
  onEnter: () => void;
}

export function MemberRow({ index, member, full, errorAt, onChange, onNamesDone, onRemove, onEnter }: Props) {
  const t = useT();
  const at = `members.${index}`;
  const who = t('member.number', { n: index + 1 });
  const birth = parseBirth(member.birthText);
  const birthHint = birth ? t(`birth.kind.${birth.kind}` as MessageKey) : t('birth.hint');
  // Enter adds the next member, as on the paper form's next line; selects and buttons keep their own keys.
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const target = e.target as HTMLElement;
    const field = target.tagName === 'SELECT' || (target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'checkbox');
    if (e.key === 'Enter' && !e.ctrlKey && !e.shiftKey && field) {
      e.preventDefault();
      onEnter();
    }
  };
  const latin = [member.givenNameLatin, member.patronymicLatin, member.familyNameLatin].filter(Boolean).join(' ');
  return (
    <fieldset className="member" onKeyDown={onKeyDown} aria-label={who} data-testid={`member-${index}`}>
      <legend>
        {who} {member.relationship === 'head' ? `· ${t('relationship.head')}` : ''}
      </legend>
      <div className="member__line">
        <Field label={t('person.givenName')} error={errorAt(`${at}.givenName`)} className="w-name">
          {(f) => (
            <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={member.givenName}
              data-member-first={index} autoComplete="off" spellCheck={false}
              onChange={(e) => onChange({ givenName: e.target.value, latinEdited: { ...member.latinEdited, givenName: false } })} onBlur={onNamesDone} />
          )}
        </Field>
        <Field label={t('person.familyName')} error={errorAt(`${at}.familyName`)} className="w-name">
          {(f) => (
            <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={member.familyName}
              autoComplete="off" spellCheck={false} onChange={(e) => onChange({ familyName: e.target.value, latinEdited: { ...member.latinEdited, familyName: false } })} onBlur={onNamesDone} />
          )}
        </Field>
        {full && (
          <Field label={t('person.patronymic')} className="w-name">
            {(f) => (
              <input id={f.id} value={member.patronymic} autoComplete="off" spellCheck={false}
                onChange={(e) => onChange({ patronymic: e.target.value, latinEdited: { ...member.latinEdited, patronymic: false } })} onBlur={onNamesDone} />
            )}
          </Field>
        )}
        <Field label={t('person.sex')} error={errorAt(`${at}.sex`)} className="w-sex">
          {(f) => (
            <select id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={member.sex}
              onChange={(e) => onChange({ sex: e.target.value as MemberForm['sex'] })}>
              <option value="">—</option>
              <option value="F">{t('sex.F')}</option>
              <option value="M">{t('sex.M')}</option>
            </select>
          )}
        </Field>
        <Field label={t('person.birth')} error={errorAt(`${at}.birth`)} hint={birthHint} className="w-birth">
          {(f) => (
            <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={member.birthText}
              inputMode="numeric" autoComplete="off" placeholder={t('birth.placeholder')}
              onChange={(e) => onChange({ birthText: e.target.value })} />
          )}
        </Field>
        <Field label={t('person.relationship')} error={errorAt(`${at}.relationship`)} className="w-rel">
          {(f) => (
            <select id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={member.relationship}
              onChange={(e) => onChange({ relationship: e.target.value as MemberForm['relationship'] })}>
              {RELATIONSHIPS.map((r) => <option key={r} value={r}>{t(`relationship.${r}` as MessageKey)}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('person.needs')} className="w-needs">
          {(f) => (
            <select id={f.id} value="" onChange={(e) => {
              const code = e.target.value as NeedCode;
              if (code && !member.specificNeeds.includes(code)) onChange({ specificNeeds: [...member.specificNeeds, code] });
            }}>
              <option value="">{t('needs.add')}</option>
              {NEED_CATEGORIES.map((c) => (
                <optgroup key={c} label={`${c} · ${t(`need.${c}` as MessageKey)}`}>
                  {SPECIFIC_NEEDS[c].map((code) => <option key={code} value={code}>{`${code} · ${t(`need.${code}` as MessageKey)}`}</option>)}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
        {onRemove && (
          <button type="button" className="button button--quiet member__remove" onClick={onRemove}
            aria-label={t('member.remove', { n: index + 1 })}>✕</button>
        )}
      </div>
      {member.specificNeeds.length > 0 && (
        <ul className="chips" aria-label={t('person.needs')}>
          {member.specificNeeds.map((code) => (
            <li key={code} className="chip">
              <span>{code} · {t(`need.${code}` as MessageKey)}</span>
              <button type="button" aria-label={t('needs.remove', { code })}
                onClick={() => onChange({ specificNeeds: member.specificNeeds.filter((c) => c !== code) })}>✕</button>
            </li>
          ))}
        </ul>
      )}
      {!full && latin && <p className="member__latin">{t('person.latin')}: <span lang="en">{latin}</span></p>}
      {full && (
        <div className="member__line member__line--more">
          <Field label={t('person.givenNameLatin')} className="w-name">
            {(f) => <input id={f.id} value={member.givenNameLatin} autoComplete="off" spellCheck={false} onChange={(e) => onChange({ givenNameLatin: e.target.value, latinEdited: { ...member.latinEdited, givenName: true } })} />}
          </Field>
          <Field label={t('person.familyNameLatin')} className="w-name">
            {(f) => <input id={f.id} value={member.familyNameLatin} autoComplete="off" spellCheck={false} onChange={(e) => onChange({ familyNameLatin: e.target.value, latinEdited: { ...member.latinEdited, familyName: true } })} />}
          </Field>
          <Field label={t('person.patronymicLatin')} className="w-name">
            {(f) => <input id={f.id} value={member.patronymicLatin} autoComplete="off" spellCheck={false} onChange={(e) => onChange({ patronymicLatin: e.target.value, latinEdited: { ...member.latinEdited, patronymic: true } })} />}
          </Field>
          <Field label={t('person.documentType')} className="w-rel">
            {(f) => (
              <select id={f.id} value={member.documentType} onChange={(e) => onChange({ documentType: e.target.value as MemberForm['documentType'] })}>
                {DOCUMENT_TYPES.map((d) => <option key={d} value={d}>{t(`document.${d}` as MessageKey)}</option>)}
              </select>
            )}
          </Field>
          <Field label={t('person.documentNumber')} error={errorAt(`${at}.documents.0.number`)} className="w-doc">
            {(f) => <input id={f.id} value={member.documentNumber} autoComplete="off" spellCheck={false} onChange={(e) => onChange({ documentNumber: e.target.value })} />}
          </Field>
          <Field label={t('person.nationality')} className="w-rel">
            {(f) => <input id={f.id} value={member.nationality} autoComplete="off" onChange={(e) => onChange({ nationality: e.target.value })} />}
          </Field>
          <Field label={t('person.phone')} error={errorAt(`${at}.phone`)} className="w-doc">
            {(f) => <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={member.phone} type="tel" autoComplete="off" onChange={(e) => onChange({ phone: e.target.value })} />}
          </Field>
          <Field label={t('person.notes')} className="w-notes">
            {(f) => <input id={f.id} value={member.notes} autoComplete="off" onChange={(e) => onChange({ notes: e.target.value })} />}
          </Field>
        </div>
      )}
    </fieldset>
  );
}
