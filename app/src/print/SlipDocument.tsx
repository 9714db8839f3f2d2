import type { SlipLayout, SlipLanguage, SlipView } from '../../../electron/api/views-print';
import { formatDate, formatDateTime, translate, type MessageKey, type Params } from '../i18n';
import './print.css';

/**
 * The family's intake slip, as printed: the registration number (large and as a QR code holding only the number and
 * its check), the date, the centre, each member's name as typed and in Latin letters, sex and age, what happens
 * next and the centre's contact. Never needs, notes or documents. Written in the family's language.
 */
export function SlipDocument({ slip, language, layout, qr }: { slip: SlipView; language: SlipLanguage; layout: SlipLayout; qr: string }) {
  const t = (key: MessageKey, params?: Params) => translate(language, key, params);
  const nextSteps = slip.settings.nextSteps[language] || t('slip.nextSteps.default');
  const contact = slip.settings.contact || t('slip.contact.default');
  const estimated = slip.members.some((m) => m.ageEstimated);
  return (
    <article className={`slip slip--${layout}`} lang={language} aria-label={t('slip.title')} data-print-number={slip.printNumber}>
      {slip.printNumber > 1 && (
        <p className="slip__reprint">
          <strong>{t('slip.reprint')}</strong> <span>{t('slip.copy', { n: slip.printNumber })}</span>
        </p>
      )}
      <header className="slip__head">
        <h1 className="slip__title">{t('slip.title')}</h1>
      </header>
      <section className="slip__id">
        <div className="slip__id-text">
          <p className="slip__label">{t('slip.number')}</p>
          <p className="slip__number" lang="en">
            {slip.registrationNumber}
          </p>
          <dl className="slip__facts">
            <dt>{t('slip.date')}</dt>
            <dd>{formatDate(slip.registeredAt, language)}</dd>
            <dt>{t('slip.centre')}</dt>
            <dd>
              {slip.centreName} ({slip.centreCode})
            </dd>
          </dl>
        </div>
        <img className="slip__qr" src={qr} alt={t('slip.qrNote')} />
      </section>
      <p className="slip__keep">{t('slip.keep')}</p>
      <section className="slip__members" aria-label={t('slip.members', { n: slip.members.length })}>
        <h2>{t('slip.members', { n: slip.members.length })}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">
                {t('slip.col.name')} / {t('slip.col.latin')}
              </th>
              <th scope="col" className="slip__narrow">
                {t('slip.col.sex')}
              </th>
              <th scope="col" className="slip__narrow">
                {t('slip.col.age')}
              </th>
            </tr>
          </thead>
          <tbody>
            {slip.members.map((m, i) => (
              <tr key={i}>
                <td>
                  <span className="slip__name">{m.name}</span>
                  {m.isHead && <span className="slip__head-mark">{t('slip.head')}</span>}
                  {m.nameLatin && m.nameLatin !== m.name && (
                    <span className="slip__latin" lang="en">
                      {m.nameLatin}
                    </span>
                  )}
                </td>
                <td className="slip__narrow">{t(m.sex === 'F' ? 'slip.sex.F' : 'slip.sex.M')}</td>
                <td className="slip__narrow">
                  {m.ageEstimated ? '~' : ''}
                  {m.age}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {estimated && <p className="slip__small">{t('slip.estimated')}</p>}
      </section>
      <section className="slip__next">
        <h2>{t('slip.next')}</h2>
        <p className="slip__text">{nextSteps}</p>
      </section>
      <section className="slip__contact">
        <h2>{t('slip.contact')}</h2>
        <p className="slip__text">{contact}</p>
      </section>
      <footer className="slip__foot">
        {t('slip.printedAt', { time: formatDateTime(slip.printedAt, language) })} · {slip.stationLabel}
      </footer>
    </article>
  );
}
