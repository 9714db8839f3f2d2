import { useT } from '../i18n';
import { useAllowed } from '../session/store';
import { useUi } from '../store';

/** On a family's screen, for a supervisor: what the station holds about them (access request, erasure). */
export function RecordButton({ householdId }: { householdId: string }) {
  const t = useT();
  const go = useUi((s) => s.go);
  if (!useAllowed(['supervisor', 'admin'])) return null;
  return <button type="button" className="button button--quiet" onClick={() => go('record', householdId)}>{t('record.open')}</button>;
}
