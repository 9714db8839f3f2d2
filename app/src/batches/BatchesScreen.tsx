import { useEffect, useState } from 'react';
import type { HubBatchesView, StationBatchesView } from '../../../electron/api/views-batches';
import { bridge } from '../bridge';
import { useT } from '../i18n';
import { useUi } from '../store';
import './batches.css';
import { HubBatches } from './HubBatches';
import { StationBatches } from './StationBatches';
import { useMayCall } from '../session/store';
import { MessageLine, useSectionMessage } from './useMessage';

type View = { role: 'station'; station: StationBatchesView } | { role: 'hub'; hub: HubBatchesView };

/** Switching this app between a desk and the hub (an administrator's act, checked in core). */
function RoleSection({ role, onChanged }: { role: 'station' | 'hub'; onChanged: () => void }) {
  const t = useT();
  const { message, setMessage, fromError } = useSectionMessage();
  const next = role === 'hub' ? 'station' : 'hub';
  const change = async () => {
    const r = await bridge.invoke('station.setRole', { role: next });
    if (!r.ok) return setMessage(fromError(r.error));
    setMessage(undefined);
    onChanged();
  };
  return (
    <section className="card" aria-labelledby="role-title">
      <h2 id="role-title">{t('batches.role.title')}</h2>
      <p>{t(role === 'hub' ? 'batches.role.hub' : 'batches.role.station')}</p>
      <div className="actions">
        <button type="button" className="button" onClick={() => void change()}>
          {t(next === 'hub' ? 'batches.role.makeHub' : 'batches.role.makeStation')}
        </button>
      </div>
      <MessageLine message={message} />
    </section>
  );
}

export function BatchesScreen() {
  const t = useT();
  const { dataVersion, setStation } = useUi();
  const [view, setView] = useState<View>();
  const [revision, setRevision] = useState(0);
  const { message, setMessage, fromError } = useSectionMessage();
  const maySetRole = useMayCall('station.setRole');

  useEffect(() => {
    // Cleared by the clean-up below while an answer is awaited.
    let current = true as boolean;
    void (async () => {
      const info = await bridge.invoke('station.info', {});
      if (!info.ok) {
        if (current) setMessage(fromError(info.error));
        return;
      }
      setStation(info.value);
      if (info.value.role === 'hub') {
        const r = await bridge.invoke('hub.overview', {});
        if (!current) return;
        if (r.ok) setView({ role: 'hub', hub: r.value });
        else setMessage(fromError(r.error));
      } else {
        const r = await bridge.invoke('batch.overview', {});
        if (!current) return;
        if (r.ok) setView({ role: 'station', station: r.value });
        else setMessage(fromError(r.error));
      }
    })();
    return () => {
      current = false;
    };
    // fromError and setMessage are fresh each render; the view is re-read when data changes or the role switches.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dataVersion, revision, setStation]);

  return (
    <section className="batches" aria-labelledby="batches-title">
      <h1 id="batches-title">{t('batches.title')}</h1>
      <p>{t(view?.role === 'hub' ? 'batches.introHub' : 'batches.intro')}</p>
      <MessageLine message={message} />
      {!view ? <p className="muted">{t('batches.loading')}</p> : view.role === 'hub' ? <HubBatches view={view.hub} /> : <StationBatches view={view.station} />}
      {view && maySetRole && <RoleSection role={view.role} onChanged={() => setRevision((n) => n + 1)} />}
    </section>
  );
}
