import { useState } from 'react';
import { DateInput } from '../components/DateInput';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AGE_BANDS } from '../../../electron/rules/age';
import { NEED_CATEGORIES } from '../../../electron/api/schemas/needs';
import type { Figures } from '../../../electron/api/views-print';
import { formatDate, formatNumber, useIssueText, useT, type Language, type MessageKey } from '../i18n';
import { printReport } from '../print';
import { useUi } from '../store';
import { useMethod } from '../useMethod';
import './dashboard.css';

/** Colours a colour-blind reader tells apart, dark enough on white. */
const FEMALE = '#c2410c';
const MALE = '#0b3d91';
const BAR = '#0b3d91';
const ORIGIN_BARS = 10;
/** Legend text in ink, in the order of the bars (recharts would colour it like the bar and sort it by name). */
const legendText = (value: string) => <span className="chart__legend">{value}</span>;

function FigureTile({ id, title, figures, language }: { id: string; title: string; figures: Figures; language: Language }) {
  const t = useT();
  return (
    <section className="tile" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <dl className="tile__figures">
        <div>
          <dt>{t('dashboard.households')}</dt>
          <dd className="tile__number">{formatNumber(figures.households, language)}</dd>
        </div>
        <div>
          <dt>{t('dashboard.persons')}</dt>
          <dd className="tile__number">{formatNumber(figures.persons, language)}</dd>
        </div>
      </dl>
      <p className="tile__sub">{t('dashboard.bySex', { f: formatNumber(figures.bySex.F, language), m: formatNumber(figures.bySex.M, language) })}</p>
    </section>
  );
}

/** A chart and, for screen readers, the same figures as a table. */
function Chart({
  id,
  title,
  height,
  rows,
  children,
}: {
  id: string;
  title: string;
  height: number;
  rows: { label: string; values: string[] }[];
  children: React.ReactElement;
}) {
  const t = useT();
  return (
    <section className="chart" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {/* inert: recharts makes its drawing focusable; the table beside it carries the figures for keyboards and readers. */}
      <div className="chart__plot" aria-hidden="true" inert>
        <ResponsiveContainer width="100%" height={height}>
          {children}
        </ResponsiveContainer>
      </div>
      <table className="visually-hidden">
        <caption>{t('dashboard.chartTable')}</caption>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              {r.values.map((v, i) => (
                <td key={i}>{v}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** On a hub: the pairs of persons from two centres that may be one person, still waiting for a supervisor. */
function PendingTile({ pending, language, onReview }: { pending: number; language: Language; onReview: () => void }) {
  const t = useT();
  return (
    <section className="tile" aria-labelledby="pending-title">
      <h2 id="pending-title">{t('dashboard.acrossCentres')}</h2>
      <dl className="tile__figures">
        <div>
          <dt>{t('dashboard.pendingPairs', { count: pending })}</dt>
          <dd className="tile__number">{formatNumber(pending, language)}</dd>
        </div>
      </dl>
      <button type="button" className="button button--quiet" onClick={onReview}>
        {t('dashboard.reviewPairs')}
      </button>
    </section>
  );
}

function PrintSummary({ date }: { date: string }) {
  const t = useT();
  const [day, setDay] = useState<string | null>(date);
  // A day after today has no report: it reads as not yet a day to print.
  const ready = day && day <= date ? day : null;
  return (
    <div className="dashboard__print">
      <label htmlFor="report-day">{t('print.reportDate')}</label>
      <DateInput id="report-day" value={day ?? ''} onChange={setDay} />
      <button
        type="button"
        className="button"
        disabled={!ready}
        onClick={() => {
          if (ready) void printReport(ready);
        }}
      >
        {t('print.report')}
      </button>
    </div>
  );
}

export function DashboardScreen() {
  const t = useT();
  const issueText = useIssueText();
  const { language, station, go } = useUi();
  // Every saved registration (and every batch taken in) is reported by core: the figures are read again.
  const { data: view, error } = useMethod('report.dashboard', {}, { on: ['households', 'batches'] });

  if (error) {
    const reason = issueText({ code: `error.${error.code}`, message: error.message });
    return (
      <p role="alert" className="banner banner--error">
        {t('dashboard.failed', { reason })}
      </p>
    );
  }
  if (!view) return <p role="status">{t('common.loading')}</p>;

  const n = (value: number) => formatNumber(value, language);
  const arrivals = view.byDay.map((d) => ({ day: formatDate(d.date, language).slice(0, 5), date: d.date, persons: d.persons, households: d.households }));
  const pyramid = [...AGE_BANDS].reverse().map((band) => ({ band, F: -view.total.byAgeBand[band].F, M: view.total.byAgeBand[band].M }));
  const needs = NEED_CATEGORIES.map((c) => ({ code: c, label: `${t(`need.${c}` as MessageKey)} (${c})`, persons: view.total.bySpecificNeed[c] }))
    .filter((d) => d.persons > 0)
    .sort((a, b) => b.persons - a.persons);
  const origins = view.total.byOrigin.slice(0, ORIGIN_BARS).map((o) => ({ label: o.settlement || o.district || '—', persons: o.persons }));
  const female = t('sex.F');
  const male = t('sex.M');

  return (
    <article className="dashboard" aria-labelledby="dashboard-title">
      <header className="dashboard__head">
        <h1 id="dashboard-title">{t('dashboard.title', { centre: view.centreName || station?.centreName || view.centreCode })}</h1>
        <div className="actions">
          <PrintSummary key={view.date} date={view.date} />
          <button type="button" className="button button--quiet" onClick={() => go('slip-settings')}>
            {t('slipSettings.open')}
          </button>
          {/* The crowd at the door (issue 17): the queue's figures, its rule and its day's end. */}
          <button type="button" className="button button--quiet" onClick={() => go('queue')}>
            {t('queue.open')}
          </button>
        </div>
      </header>

      <div className="dashboard__tiles">
        <FigureTile id="today" title={t('dashboard.today', { date: formatDate(view.date, language) })} figures={view.today} language={language} />
        <FigureTile
          id="total"
          title={t(view.pendingAcrossCentres === null ? 'dashboard.total' : 'dashboard.total.hub')}
          figures={view.total}
          language={language}
        />
        {view.pendingAcrossCentres !== null && <PendingTile pending={view.pendingAcrossCentres} language={language} onReview={() => go('duplicates')} />}
      </div>

      {view.total.households === 0 ? (
        <p className="dashboard__empty">{t('dashboard.empty')}</p>
      ) : (
        <div className="dashboard__charts">
          <Chart
            id="arrivals"
            title={t('dashboard.arrivals')}
            height={260}
            rows={view.byDay.map((d) => ({
              label: formatDate(d.date, language),
              values: [`${n(d.households)} ${t('dashboard.households')}`, `${n(d.persons)} ${t('dashboard.persons')}`],
            }))}
          >
            <BarChart data={arrivals} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="day" tick={{ fontSize: 14 }} />
              <YAxis allowDecimals={false} tick={{ fontSize: 14 }} width={48} />
              <Tooltip />
              <Legend itemSorter={null} formatter={legendText} />
              <Bar dataKey="persons" name={t('dashboard.persons')} fill={BAR} isAnimationActive={false} />
              <Bar dataKey="households" name={t('dashboard.households')} fill="#7aa2e3" isAnimationActive={false} />
            </BarChart>
          </Chart>

          <Chart
            id="pyramid"
            title={t('dashboard.pyramid')}
            height={260}
            rows={AGE_BANDS.map((band) => ({
              label: band,
              values: [`${female} ${n(view.total.byAgeBand[band].F)}`, `${male} ${n(view.total.byAgeBand[band].M)}`],
            }))}
          >
            <BarChart data={pyramid} layout="vertical" stackOffset="sign" margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" tickFormatter={(v: number) => n(Math.abs(v))} tick={{ fontSize: 14 }} />
              <YAxis type="category" dataKey="band" tick={{ fontSize: 14 }} width={56} />
              <Tooltip formatter={(v) => n(Math.abs(Number(v)))} />
              <Legend itemSorter={null} formatter={legendText} />
              <Bar dataKey="F" name={female} stackId="sex" fill={FEMALE} isAnimationActive={false} />
              <Bar dataKey="M" name={male} stackId="sex" fill={MALE} isAnimationActive={false} />
            </BarChart>
          </Chart>

          <Chart
            id="needs"
            title={t('dashboard.needs')}
            height={Math.max(120, needs.length * 40 + 40)}
            rows={needs.map((d) => ({ label: d.label, values: [n(d.persons)] }))}
          >
            <BarChart data={needs} layout="vertical" margin={{ top: 8, right: 24, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" allowDecimals={false} tick={{ fontSize: 14 }} />
              <YAxis type="category" dataKey="label" tick={{ fontSize: 15 }} width={300} />
              <Tooltip />
              <Bar dataKey="persons" name={t('dashboard.persons')} fill={BAR} isAnimationActive={false} />
            </BarChart>
          </Chart>

          <Chart
            id="origins"
            title={t('dashboard.origins')}
            height={Math.max(120, origins.length * 32 + 40)}
            rows={origins.map((d) => ({ label: d.label, values: [n(d.persons)] }))}
          >
            <BarChart data={origins} layout="vertical" margin={{ top: 8, right: 24, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" allowDecimals={false} tick={{ fontSize: 14 }} />
              <YAxis type="category" dataKey="label" tick={{ fontSize: 15 }} width={160} />
              <Tooltip />
              <Bar dataKey="persons" name={t('dashboard.persons')} fill={BAR} isAnimationActive={false} />
            </BarChart>
          </Chart>
        </div>
      )}
    </article>
  );
}
