import { useT } from '../i18n';
import { useMayCall } from '../session/store';
import { useUi } from '../store';

/** On a family's screen, for a supervisor: what the station holds about them (access request, erasure). */
export function RecordButton({ householdId }: { householdId: string }) {
  const t = useT();
  const go = useUi((s) => s.go);
  if (!useMayCall('household.record')) return null;
  return (
    <button type="button" className="button button--quiet" onClick={() => go('record', householdId)}>
      {t('record.open')}
    </button>
  );
}
