import { useEffect, type ReactNode } from 'react';
import type { SessionView } from '../../../electron/api/views-protection';
import { useT } from '../i18n';
import { refreshSession } from './actions';

/** Work on the data file at the first start of a new version: a title, why, and how far it is, asked twice a second. */
function FileWorkCard({
  id,
  title,
  intro,
  label,
  percent,
  status,
  failed,
}: {
  id: string;
  title: string;
  intro: string;
  label: string;
  percent: number;
  status: ReactNode;
  failed: string | null;
}) {
  // Asked on a clock, not on a change: two answers alike (a long step, a phase without a percentage) must not stop it.
  useEffect(() => {
    if (failed) return;
    const timer = setInterval(() => void refreshSession(), 500);
    return () => clearInterval(timer);
  }, [failed]);
  return (
    <section className="gate__card" aria-labelledby={id}>
      <h1 id={id}>{title}</h1>
      <p>{intro}</p>
      {failed ? (
        <p className="banner banner--error" role="alert">
          {failed}
        </p>
      ) : (
        <>
          <progress className="encrypting__bar" max={100} value={percent} aria-label={label} />
          <p role="status">{status}</p>
        </>
      )}
    </section>
  );
}

/** An older version's plain file being encrypted at the first start of this one. */
export function EncryptingScreen({ progress, failed }: { progress: SessionView['encrypting']; failed: string | null }) {
  const t = useT();
  const percent =
    progress && progress.phase === 'copy' && progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : progress?.phase === 'copy' ? 0 : 100;
  return (
    <FileWorkCard
      id="encrypting-title"
      title={t('encrypting.title')}
      intro={t('encrypting.intro')}
      label={t('encrypting.progress')}
      percent={percent}
      status={progress && t(`encrypting.phase.${progress.phase}`, { percent })}
      failed={failed && t('encrypting.failed', { reason: failed })}
    />
  );
}

/** An older version's file being updated (its migrations) at the first start of this one. */
export function UpgradingScreen({ progress, failed }: { progress: SessionView['upgrading']; failed: string | null }) {
  const t = useT();
  // Each migration an equal share of the bar, and the one running by how far it is.
  const share = progress && progress.migrations > 0 ? 100 / progress.migrations : 0;
  const within = progress && progress.total > 0 ? progress.done / progress.total : 0;
  const percent = progress && progress.migration > 0 ? Math.floor((progress.migration - 1 + within) * share) : 0;
  return (
    <FileWorkCard
      id="upgrading-title"
      title={t('upgrading.title')}
      intro={t('upgrading.intro')}
      label={t('upgrading.progress')}
      percent={percent}
      status={
        progress && progress.migration > 0 ? t('upgrading.step', { step: progress.migration, steps: progress.migrations, percent }) : t('upgrading.starting')
      }
      failed={failed && t('upgrading.failed', { reason: failed })}
    />
  );
}
