import type { JSX } from 'react';
import type { MethodName } from '../../../electron/api/contract';
import type { MessageKey } from '../i18n';
import { BatchesScreen } from '../batches/BatchesScreen';
import { IntakeScreen } from '../intake/IntakeScreen';
import { HouseholdScreen } from './HouseholdScreen';
import { DashboardScreen } from '../dashboard/DashboardScreen';
import { SlipSettingsScreen } from '../print/SlipSettingsScreen';
import { ProtectionScreen } from '../protection/ProtectionScreen';
import { RecordScreen } from '../protection/RecordScreen';
import { ReviewScreen } from '../duplicates/ReviewScreen';
import { TracingScreen } from '../tracing/TracingScreen';
import { ListImportScreen } from '../lists/ListImportScreen';
import { RegistrationsScreen } from './RegistrationsScreen';
import { SyncSettingsScreen } from '../sync/SyncSettingsScreen';
import { GreeterScreen } from '../queue/GreeterScreen';
import { QueueScreen } from '../queue/QueueScreen';

/**
 * The screens of the app. A feature adds its screen here; those with a label appear in the top bar, in this order,
 * with their function-key shortcut. `needs` names the method the screen cannot work without: the screen is offered
 * only to an operator whose role may call it (the one table, electron/api/roles.ts; core refuses the calls anyway).
 */
export interface ScreenEntry {
  id: string;
  label?: MessageKey;
  shortcut?: string;
  needs?: MethodName;
  /** In the top bar only for roles that may not call this method (the greeter's door: others open it elsewhere). */
  tabUnless?: MethodName;
  Component: () => JSX.Element;
}

export const SCREENS: readonly ScreenEntry[] = [
  { id: 'intake', label: 'nav.intake', shortcut: 'F2', needs: 'household.register', Component: IntakeScreen },
  { id: 'registrations', label: 'nav.registrations', shortcut: 'F3', needs: 'household.recent', Component: RegistrationsScreen },
  { id: 'household', needs: 'household.get', Component: HouseholdScreen },
  { id: 'protection', label: 'nav.protection', needs: 'operator.list', Component: ProtectionScreen },
  { id: 'record', needs: 'household.record', Component: RecordScreen },
  { id: 'batches', label: 'nav.batches', shortcut: 'F9', needs: 'batch.overview', Component: BatchesScreen },
  { id: 'dashboard', label: 'nav.dashboard', shortcut: 'F8', needs: 'report.dashboard', Component: DashboardScreen },
  { id: 'slip-settings', needs: 'slip.settings.save', Component: SlipSettingsScreen },
  { id: 'tracing', label: 'nav.tracing', shortcut: 'F4', needs: 'tracing.search', Component: TracingScreen },
  { id: 'duplicates', label: 'nav.duplicates', shortcut: 'F6', needs: 'duplicates.queue', Component: ReviewScreen },
  { id: 'lists', label: 'nav.lists', shortcut: 'F7', needs: 'lists.import', Component: ListImportScreen },
  // The crowd at the door (issue 17): the greeter's one screen; supervisors open it, and the queue's own view, from
  // the queue's view and the dashboard (the top bar keeps one line of tabs).
  { id: 'door', label: 'nav.door', needs: 'queue.issue', tabUnless: 'household.register', Component: GreeterScreen },
  { id: 'queue', needs: 'queue.overview', Component: QueueScreen },
  // Opened from the sync indicator in the top bar.
  { id: 'sync', needs: 'sync.settings', Component: SyncSettingsScreen },
];
