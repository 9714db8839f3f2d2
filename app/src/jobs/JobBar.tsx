import { useCallback, useEffect, useId, useState } from 'react';
import type { FinishedJobView, JobsView, RunningJobView } from '../../../electron/api/views-jobs';
import { bridge } from '../bridge';
import { formatDateTime, formatNumber, hasMessage, useT, type Language, type MessageKey } from '../i18n';
import { useSession } from '../session/store';
import { useUi } from '../store';
import './jobs.css';

/** How often the bar asks how far the job is (an answer from the core worker's memory, no database work). */
const REFRESH_MS = 1000;
/** The last outcome the operator dismissed, kept by this window across restarts. */
const DISMISSED_KEY = 'intake.jobs.dismissed';

type T = ReturnType<typeof useT>;

const nameOf = (t: T, method: string): string => {
  const key = `jobs.name.${method}`;
  return hasMessage(key) ? t(key as MessageKey) : method;
};

function leftText(t: T, job: RunningJobView): string {
  if (job.leftMs === null) return t('jobs.left.unknown');
  const seconds = Math.max(1, Math.round(job.leftMs / 1000));
  return seconds < 90 ? t('jobs.left.seconds', { seconds }) : t('jobs.left.minutes', { minutes: Math.round(seconds / 60) });
}

/**
 * What is done and what is left, in what the job counts: records, families, batches, persons checked at the hub; steps
 * when few, else a percentage.
 */
function doneText(t: T, job: RunningJobView, language: Language): string {
  const figures = { done: formatNumber(job.done, language), total: job.total };
  if (job.unit === 'records') return t('jobs.records', figures);
  if (job.unit === 'households') return t('jobs.households', figures);
  if (job.unit === 'batches') return t('jobs.batches', figures);
  if (job.unit === 'persons') return t('jobs.persons', figures);
  if (job.total <= FEW_STEPS) return t('jobs.steps', figures);
  return t('jobs.percent', { percent: Math.floor((job.done / job.total) * 100) });
}

/** Up to this many steps they are counted ("2 of 4 steps done"); a loop of more says a percentage. */
const FEW_STEPS = 10;

/** Ends a sentence with the language's full stop (Armenian ։) unless it already ends in one or in an ellipsis. */
const sentence = (text: string, language: Language): string => (/[.…։]$/.test(text) ? text : `${text}${language === 'hy' ? '։' : '.'}`);

function Running({ job, onCancel, language }: { job: RunningJobView; onCancel: () => void; language: Language }) {
  const t = useT();
  const titleId = useId();
  const name = nameOf(t, job.method);
  const known = job.total > 0;
  return (
    <section className="jobbar" aria-labelledby={titleId}>
      <h2 id={titleId} className="jobbar__title">
        {t('jobs.running', { name })}
      </h2>
      <progress
        className="jobbar__bar"
        aria-label={t('jobs.progress.label', { name })}
        max={known ? job.total : undefined}
        value={known ? job.done : undefined}
      />
      <p className="jobbar__text">
        {known ? (
          <span>{sentence(job.done < job.total ? `${doneText(t, job, language)} · ${leftText(t, job)}` : doneText(t, job, language), language)} </span>
        ) : (
          <span>{t('jobs.starting')} </span>
        )}
        {job.waiting > 0 && <span>{t('jobs.waiting', { count: job.waiting })} </span>}
        <span>{t('jobs.keepWorking')}</span>
      </p>
      {job.cancellable ? (
        <button type="button" className="button button--danger" disabled={job.cancelling} onClick={onCancel}>
          {job.cancelling ? t('jobs.cancelling') : t('jobs.cancel')}
        </button>
      ) : (
        // Past its point of no return (an erasure cleaning the file, a batch taken in and being checked): say why there is
        // no cancel.
        <p className="jobbar__text">{t(job.unit === 'persons' ? 'jobs.finishing.check' : 'jobs.finishing')}</p>
      )}
    </section>
  );
}

function Outcome({ job, onDismiss, language }: { job: FinishedJobView; onDismiss: () => void; language: Language }) {
  const t = useT();
  const name = nameOf(t, job.method);
  const tone = job.outcome === 'done' ? 'success' : job.outcome === 'cancelled' ? 'info' : 'error';
  return (
    // A status, not an alert, even when it failed: the screen that started the job says why, as its alert.
    <div className={`banner banner--${tone}`} role="status">
      <span>
        {job.applied && job.outcome !== 'done'
          ? t(`jobs.outcome.partly.${job.outcome}`, { name, done: formatNumber(job.applied.done, language), total: formatNumber(job.applied.total, language) })
          : t(`jobs.outcome.${job.outcome}`, { name })}{' '}
        {t('jobs.outcome.at', { time: formatDateTime(job.endedAt, language), operator: job.operator })}
      </span>
      <button type="button" className="button button--quiet" aria-label={t('common.dismiss')} onClick={onDismiss}>
        ✕
      </button>
    </div>
  );
}

/**
 * Below the top bar for a signed-in operator: the long job running on this desk (a review, an import...), how far it
 * is, what is left and about how long, and its cancel; then what became of it (done, cancelled, failed, or cut short
 * when the app closed) until dismissed. The operator keeps working on any screen meanwhile.
 */
export function JobBar() {
  const { language } = useUi();
  const signedIn = useSession((s) => Boolean(s.view?.operator) && !s.view?.locked);
  const [view, setView] = useState<JobsView>();
  const [dismissed, setDismissed] = useState(() => localStorage.getItem(DISMISSED_KEY) ?? '');

  const refresh = useCallback(() => {
    void bridge.invoke('jobs.status', {}).then((r) => setView(r.ok ? r.value : undefined));
  }, []);
  useEffect(() => {
    if (!signedIn) return;
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [signedIn, refresh]);

  if (!signedIn || !view) return null;
  if (view.running) {
    const cancel = () => void bridge.invoke('jobs.cancel', { id: view.running!.id }).then(refresh);
    return <Running job={view.running} onCancel={cancel} language={language} />;
  }
  if (view.last && view.last.id !== dismissed) {
    const dismiss = () => {
      localStorage.setItem(DISMISSED_KEY, view.last!.id);
      setDismissed(view.last!.id);
    };
    return <Outcome job={view.last} onDismiss={dismiss} language={language} />;
  }
  return null;
}
