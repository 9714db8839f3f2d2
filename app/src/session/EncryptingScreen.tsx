import { useEffect } from 'react';
import type { SessionView } from '../../../electron/api/views-protection';
import { useT } from '../i18n';
import { refreshSession } from './actions';

/** An older version's plain file being encrypted at the first start of this one: how far it is, asked twice a second. */
export function EncryptingScreen({ progress, failed }: { progress: SessionView['encrypting']; failed: string | null }) {
  const t = useT();
  useEffect(() => {
    if (failed) return;
    const timer = setTimeout(() => void refreshSession(), 500);
    return () => clearTimeout(timer);
  }, [progress, failed]);
  const percent = progress && progress.phase === 'copy' && progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : progress?.phase === 'copy' ? 0 : 100;
  return (
    <section className="gate__card" aria-labelledby="encrypting-title">
      <h1 id="encrypting-title">{t('encrypting.title')}</h1>
      <p>{t('encrypting.intro')}</p>
      {failed ? (
        <p className="banner banner--error" role="alert">{t('encrypting.failed', { reason: failed })}</p>
      ) : (
        <>
          <progress className="encrypting__bar" max={100} value={percent} aria-label={t('encrypting.progress')} />
          <p role="status">{progress && t(`encrypting.phase.${progress.phase}`, { percent })}</p>
        </>
      )}
    </section>
  );
}
