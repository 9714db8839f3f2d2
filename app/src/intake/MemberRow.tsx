import { useState, type KeyboardEvent } from 'react';
import { DOCUMENT_TYPES, RELATIONSHIPS, TEXT_LIMITS } from '../../../electron/api/schemas/household';
import { Field } from '../components/Field';
import { useT, type MessageKey } from '../i18n';
import { parseBirth, type MemberForm } from './form';
import { NeedsPicker } from './NeedsPicker';
import { PhoneInput } from './PhoneInput';

interface Props {
  index: number;
  member: MemberForm;
  full: boolean;
  errorAt: (path: string) => string | undefined;
  onChange: (patch: Partial<MemberForm>) => void;
  onNamesDone: () => void;
  onRemove?: (() => void) | undefined;
  onEnter: () => void;
}

/** The fields kept folded until needed: open when the clerk asks, or when one of them holds something or an error. */
const MORE_FIELDS = ['givenNameLatin', 'familyNameLatin', 'patronymicLatin', 'documentNumber', 'nationality', 'phone', 'notes'] as const;

export function MemberRow({ index, member, full, errorAt, onChange, onNamesDone, onRemove, onEnter }: Props) {
  const t = useT();
  const at = `members.${index}`;
  const who = t('member.number', { n: index + 1 });
  const birth = parseBirth(member.birthText);
  const birthHint = birth ? t(`birth.kind.${birth.kind}` as MessageKey) : t('birth.hint');
  const [opened, setOpened] = useState(false);
  const moreErrors = ['givenNameLatin', 'familyNameLatin', 'patronymicLatin', 'documents.0.number', 'nationality', 'phone', 'notes'].some((f) =>
    errorAt(`${at}.${f}`),
  );
  // Latin spellings filled in by transliteration do not count: only what the clerk typed there, or saved before.
  const typedMore = MORE_FIELDS.some((f) => (f.endsWith('Latin') ? false : Boolean(member[f])));
  const showMore = full && (opened || moreErrors || typedMore);
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
  const nameInput = (field: 'givenName' | 'familyName' | 'patronymic', label: string, first = false) => (
    <Field label={label} error={errorAt(`${at}.${field}`)} className="w-name">
      {(f) => (
        <input
          id={f.id}
          aria-describedby={f.describedBy}
          aria-invalid={f.invalid}
          value={member[field]}
          maxLength={TEXT_LIMITS.name}
          {...(first ? { 'data-member-first': index } : {})}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => onChange({ [field]: e.target.value, latinEdited: { ...member.latinEdited, [field]: false } })}
          onBlur={onNamesDone}
        />
      )}
    </Field>
  );
  const latinInput = (field: 'givenName' | 'familyName' | 'patronymic', label: string) => (
    <Field label={label} error={errorAt(`${at}.${field}Latin`)} className="w-name">
      {(f) => (
        <input
          id={f.id}
          aria-describedby={f.describedBy}
          aria-invalid={f.invalid}
          value={member[`${field}Latin`]}
          maxLength={TEXT_LIMITS.name}
          autoComplete="off"
          spellCheck={false}
          lang="en"
          onChange={(e) => onChange({ [`${field}Latin`]: e.target.value, latinEdited: { ...member.latinEdited, [field]: true } })}
        />
      )}
    </Field>
  );
  return (
    <fieldset className="member" onKeyDown={onKeyDown} aria-label={who} data-testid={`member-${index}`}>
      <legend>
        {who} {member.relationship === 'head' ? `· ${t('relationship.head')}` : ''}
        {/* The Latin copy rides on the row's border: no line of its own. */}
        {!showMore && latin && (
          <span className="member__latin">
            {' '}
            · {t('person.latin')}: <span lang="en">{latin}</span>
          </span>
        )}
      </legend>
      <div className="member__line">
        {nameInput('givenName', t('person.givenName'), true)}
        {nameInput('familyName', t('person.familyName'))}
        {full && nameInput('patronymic', t('person.patronymic'))}
        <Field label={t('person.sex')} error={errorAt(`${at}.sex`)} className="w-sex">
          {(f) => (
            <select
              id={f.id}
              aria-describedby={f.describedBy}
              aria-invalid={f.invalid}
              value={member.sex}
              onChange={(e) => onChange({ sex: e.target.value as MemberForm['sex'] })}
            >
              <option value="">—</option>
              <option value="F">{t('sex.F')}</option>
              <option value="M">{t('sex.M')}</option>
            </select>
          )}
        </Field>
        <Field label={t('person.birth')} error={errorAt(`${at}.birth`)} hint={birthHint} className="w-birth">
          {(f) => (
            <input
              id={f.id}
              aria-describedby={f.describedBy}
              aria-invalid={f.invalid}
              value={member.birthText}
              inputMode="numeric"
              autoComplete="off"
              placeholder={t('birth.placeholder')}
              maxLength={10}
              onChange={(e) => onChange({ birthText: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('person.relationship')} error={errorAt(`${at}.relationship`)} className="w-rel">
          {(f) => (
            <select
              id={f.id}
              aria-describedby={f.describedBy}
              aria-invalid={f.invalid}
              value={member.relationship}
              onChange={(e) => onChange({ relationship: e.target.value as MemberForm['relationship'] })}
            >
              {RELATIONSHIPS.map((r) => (
                <option key={r} value={r}>
                  {t(`relationship.${r}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('person.needs')} error={errorAt(`${at}.specificNeeds`)} className="w-needs">
          {(f) => (
            <NeedsPicker
              id={f.id}
              label={t('person.needs')}
              needs={member.specificNeeds}
              describedBy={f.describedBy}
              invalid={f.invalid}
              onChange={(specificNeeds) => onChange({ specificNeeds })}
            />
          )}
        </Field>
        {full && !moreErrors && !typedMore && (
          <button type="button" className="button button--quiet member__more" aria-expanded={showMore} onClick={() => setOpened((o) => !o)}>
            {showMore ? t('member.less') : t('member.more')}
          </button>
        )}
        {onRemove && (
          <button type="button" className="button button--quiet member__remove" onClick={onRemove} aria-label={t('member.remove', { n: index + 1 })}>
            ✕
          </button>
        )}
      </div>
      {showMore && (
        <div className="member__line member__line--more">
          {latinInput('givenName', t('person.givenNameLatin'))}
          {latinInput('familyName', t('person.familyNameLatin'))}
          {latinInput('patronymic', t('person.patronymicLatin'))}
          <Field label={t('person.documentType')} className="w-rel">
            {(f) => (
              <select id={f.id} value={member.documentType} onChange={(e) => onChange({ documentType: e.target.value as MemberForm['documentType'] })}>
                {DOCUMENT_TYPES.map((d) => (
                  <option key={d} value={d}>
                    {t(`document.${d}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('person.documentNumber')} error={errorAt(`${at}.documents.0.number`)} className="w-doc">
            {(f) => (
              <input
                id={f.id}
                aria-describedby={f.describedBy}
                aria-invalid={f.invalid}
                value={member.documentNumber}
                maxLength={TEXT_LIMITS.document}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => onChange({ documentNumber: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('person.nationality')} error={errorAt(`${at}.nationality`)} className="w-rel">
            {(f) => (
              <input
                id={f.id}
                aria-describedby={f.describedBy}
                aria-invalid={f.invalid}
                value={member.nationality}
                maxLength={TEXT_LIMITS.nationality}
                autoComplete="off"
                onChange={(e) => onChange({ nationality: e.target.value })}
              />
            )}
          </Field>
          <PhoneInput label={t('person.phone')} value={member.phone} error={errorAt(`${at}.phone`)} onChange={(phone) => onChange({ phone })} />
          <Field label={t('person.notes')} error={errorAt(`${at}.notes`)} className="w-notes">
            {(f) => (
              <input
                id={f.id}
                aria-describedby={f.describedBy}
                aria-invalid={f.invalid}
                value={member.notes}
                maxLength={TEXT_LIMITS.personNotes}
                autoComplete="off"
                onChange={(e) => onChange({ notes: e.target.value })}
              />
            )}
          </Field>
        </div>
      )}
    </fieldset>
  );
}
