import type { Birth } from '../../../electron/api/schemas/household';
import type { DuplicatePersonView, DuplicateReason } from '../../../electron/api/views-duplicates';
import { formatDate, useT, type Language, type MessageKey } from '../i18n';
import { useUi } from '../store';

/** One side of a comparison: a person as typed, or as the file holds them. */
export interface ComparedPerson {
  name: string;
  latin?: string;
  patronymic: string;
  sex: 'F' | 'M' | '';
  birth?: Birth;
  age?: number;
  documents: string[];
  phone: string;
  household?: DuplicatePersonView;
}

export function birthText(birth: Birth | undefined, age: number | undefined, language: Language, t: ReturnType<typeof useT>): string {
  if (!birth) return '—';
  const shown =
    birth.kind === 'exact' ? formatDate(birth.date, language) : birth.kind === 'year' ? String(birth.year) : `~${t('age.years', { n: birth.years })}`;
  return age !== undefined && birth.kind !== 'age' ? `${shown} (${t('age.years', { n: age })})` : shown;
}

export function fromView(v: DuplicatePersonView): ComparedPerson {
  const latin = [v.givenNameLatin, v.familyNameLatin].filter(Boolean).join(' ');
  const name = [v.givenName, v.familyName].filter(Boolean).join(' ');
  return {
    name,
    latin: latin && latin !== name ? latin : undefined,
    patronymic: v.patronymic,
    sex: v.sex,
    birth: v.birth,
    age: v.age,
    documents: v.documents,
    phone: v.phone || v.householdPhone,
    household: v,
  };
}

/** A person's household in one line: number, station, arrival, size, origin. */
export function HouseholdLine({ v }: { v: DuplicatePersonView }) {
  const t = useT();
  const language = useUi((s) => s.language);
  return (
    <span className="dup-household">
      <span className="mono">{v.registrationNumber}</span>
      {' · '}
      {v.stationLabel}
      {' · '}
      {formatDate(v.arrivedAt, language)}
      {' · '}
      {t('list.persons', { n: v.householdSize })}
      {v.originSettlement ? <> · {t('dup.from', { place: v.originSettlement })}</> : null}
      {v.ref ? <> · {t('dup.ref', { ref: v.ref })}</> : null}
      {v.householdStatus === 'voided' && (
        <>
          {' '}
          · <span className="badge badge--void">{t('status.voided')}</span>
        </>
      )}
    </span>
  );
}

/** Two persons side by side, field by field; rows that differ are marked. */
export function Comparison({
  left,
  right,
  leftLabel,
  rightLabel,
  caption,
}: {
  left: ComparedPerson;
  right: ComparedPerson;
  leftLabel: string;
  rightLabel: string;
  caption: string;
}) {
  const t = useT();
  const language = useUi((s) => s.language);
  const sex = (s: ComparedPerson['sex']) => (s ? t(`sex.${s}`) : '—');
  const rows: [MessageKey, string, string][] = [
    ['dup.field.name', left.name, right.name],
    ['dup.field.patronymic', left.patronymic || '—', right.patronymic || '—'],
    ['dup.field.sex', sex(left.sex), sex(right.sex)],
    ['dup.field.birth', birthText(left.birth, left.age, language, t), birthText(right.birth, right.age, language, t)],
    ['dup.field.documents', left.documents.join(', ') || '—', right.documents.join(', ') || '—'],
    ['dup.field.phone', left.phone || '—', right.phone || '—'],
  ];
  return (
    <table className="dup-compare">
      <caption className="dup-sr">{caption}</caption>
      <thead>
        <tr>
          <td />
          <th scope="col">{leftLabel}</th>
          <th scope="col">{rightLabel}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, a, b]) => (
          <tr key={label}>
            <th scope="row">{t(label)}</th>
            <td>
              {a}
              {label === 'dup.field.name' && left.latin ? <small lang="en"> · {left.latin}</small> : null}
            </td>
            <td>
              {b}
              {label === 'dup.field.name' && right.latin ? <small lang="en"> · {right.latin}</small> : null}
            </td>
          </tr>
        ))}
        {(left.household || right.household) && (
          <tr>
            <th scope="row">{t('dup.field.household')}</th>
            <td>{left.household ? <HouseholdLine v={left.household} /> : '—'}</td>
            <td>{right.household ? <HouseholdLine v={right.household} /> : '—'}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

/** The evidence, for and against, in the clerk's language. */
export function Reasons({ reasons, score }: { reasons: DuplicateReason[]; score: number }) {
  const t = useT();
  return (
    <div className="dup-reasons">
      <strong>{t('dup.match', { percent: Math.round(score * 100) })}</strong>
      <ul aria-label={t('dup.why')}>
        {reasons.map((r) => (
          <li key={r.code} className={`dup-reason dup-reason--${r.effect}`}>
            <span aria-hidden="true">{r.effect === 'for' ? '✓' : '✗'}</span> {t(`dup.reason.${r.code}` as MessageKey)}
            <span className="dup-sr"> ({t(r.effect === 'for' ? 'dup.effect.for' : 'dup.effect.against')})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
