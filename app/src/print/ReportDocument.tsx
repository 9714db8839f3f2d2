import { AGE_BANDS } from '../../../electron/rules/age';
import { DESTINATIONS } from '../../../electron/api/schemas/household';
import { NEED_CATEGORIES } from '../../../electron/api/schemas/needs';
import type { DailyReport, SlipLanguage } from '../../../electron/api/views-print';
import { formatDate, formatDateTime, formatNumber, translate, type MessageKey, type Params } from '../i18n';
import './print.css';

const ORIGIN_ROWS = 12;

/** The centre's daily intake summary (A4): counts for the day and since opening, no personal data. */
export function ReportDocument({ report, language }: { report: DailyReport; language: SlipLanguage }) {
  const t = (key: MessageKey, params?: Params) => translate(language, key, params);
  const n = (value: number) => formatNumber(value, language);
  const minutes = (value: number | null) => (value === null ? '—' : t('queue.minutes', { minutes: value }));
  const { day, total } = report;
  const origins = day.byOrigin.slice(0, ORIGIN_ROWS);
  const others = day.byOrigin.slice(ORIGIN_ROWS);
  const sum = (list: typeof others, key: 'households' | 'persons') => list.reduce((acc, o) => acc + o[key], 0);

  return (
    <article className="report" lang={language} aria-label={t('report.title')}>
      <header className="report__head">
        <div>
          <h1>{t('report.title')}</h1>
          <p className="report__centre">
            {report.centreName} ({report.centreCode})
          </p>
        </div>
        <div className="report__date">
          <strong>{formatDate(report.date, language)}</strong>
          <span>{t('report.generated', { time: formatDateTime(report.generatedAt, language) })}</span>
        </div>
      </header>

      <section className="report__keys">
        <div className="report__key">
          <h2>{t('report.day')}</h2>
          <dl>
            <dt>{t('report.households')}</dt>
            <dd>{n(day.households)}</dd>
            <dt>{t('report.persons')}</dt>
            <dd>{n(day.persons)}</dd>
          </dl>
        </div>
        <div className="report__key">
          <h2>{report.openedOn ? t('report.total', { date: formatDate(report.openedOn, language) }) : t('report.totalEmpty')}</h2>
          <dl>
            <dt>{t('report.households')}</dt>
            <dd>{n(total.households)}</dd>
            <dt>{t('report.persons')}</dt>
            <dd>{n(total.persons)}</dd>
          </dl>
        </div>
      </section>
      {day.households === 0 && <p className="report__nobody">{t('report.nobody')}</p>}

      <div className="report__grid">
        <section>
          <h2>{t('report.bySexAge')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('report.age')}</th>
                <th scope="col">{t('report.female')}</th>
                <th scope="col">{t('report.male')}</th>
                <th scope="col">{t('report.all')}</th>
              </tr>
            </thead>
            <tbody>
              {AGE_BANDS.map((band) => (
                <tr key={band}>
                  <th scope="row">{band}</th>
                  <td>{n(day.byAgeBand[band].F)}</td>
                  <td>{n(day.byAgeBand[band].M)}</td>
                  <td>{n(day.byAgeBand[band].F + day.byAgeBand[band].M)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('report.all')}</th>
                <td>{n(day.bySex.F)}</td>
                <td>{n(day.bySex.M)}</td>
                <td>{n(day.persons)}</td>
              </tr>
            </tfoot>
          </table>
        </section>

        <section>
          <h2>{t('report.byNeed')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('report.category')}</th>
                <th scope="col">{t('report.persons')}</th>
              </tr>
            </thead>
            <tbody>
              {NEED_CATEGORIES.map((c) => (
                <tr key={c}>
                  <th scope="row">
                    {translate(language, `need.${c}`)} <span className="report__code">{c}</span>
                  </th>
                  <td>{n(day.bySpecificNeed[c])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section>
          <h2>{t('report.byOrigin')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('report.place')}</th>
                <th scope="col">{t('report.households')}</th>
                <th scope="col">{t('report.persons')}</th>
              </tr>
            </thead>
            <tbody>
              {origins.map((o) => (
                <tr key={`${o.district}|${o.settlement}`}>
                  <th scope="row">{[o.settlement, o.district].filter(Boolean).join(', ') || t('report.origin.unknown')}</th>
                  <td>{n(o.households)}</td>
                  <td>{n(o.persons)}</td>
                </tr>
              ))}
              {others.length > 0 && (
                <tr>
                  <th scope="row">{t('report.origin.others', { n: others.length })}</th>
                  <td>{n(sum(others, 'households'))}</td>
                  <td>{n(sum(others, 'persons'))}</td>
                </tr>
              )}
            </tbody>
          </table>
        </section>

        <section>
          <h2>{t('report.byDestination')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('report.destination')}</th>
                <th scope="col">{t('report.households')}</th>
                <th scope="col">{t('report.persons')}</th>
              </tr>
            </thead>
            <tbody>
              {DESTINATIONS.map((d) => (
                <tr key={d}>
                  <th scope="row">{translate(language, `destination.${d}`)}</th>
                  <td>{n(day.byDestination[d].households)}</td>
                  <td>{n(day.byDestination[d].persons)}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h2>{t('report.byStation')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('report.station')}</th>
                <th scope="col">{t('report.households')}</th>
                <th scope="col">{t('report.persons')}</th>
              </tr>
            </thead>
            <tbody>
              {report.byStation.map((s) => (
                <tr key={s.stationId}>
                  <th scope="row">
                    {s.stationLabel} <span className="report__code">{s.stationCode}</span>
                  </th>
                  <td>{n(s.households)}</td>
                  <td>{n(s.persons)}</td>
                </tr>
              ))}
            </tbody>
          </table>

          {report.queue && (
            <>
              <h2>{t('report.queue')}</h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('report.queue.tickets')}</th>
                    <th scope="col">{t('report.queue.median')}</th>
                    <th scope="col">{t('report.queue.p95')}</th>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <th scope="row">{t('report.queue.all', { n: report.queue.issued })}</th>
                    <td>{minutes(report.queue.medianWaitMinutes)}</td>
                    <td>{minutes(report.queue.p95WaitMinutes)}</td>
                  </tr>
                  <tr>
                    <th scope="row">{t('ticket.lane.priority')}</th>
                    <td>{minutes(report.queue.priorityMedianWaitMinutes)}</td>
                    <td>{minutes(report.queue.priorityP95WaitMinutes)}</td>
                  </tr>
                </tbody>
              </table>
            </>
          )}
        </section>
      </div>

      <footer className="report__foot">{t('report.footer')}</footer>
    </article>
  );
}
