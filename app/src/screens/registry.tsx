import type { JSX } from 'react';
import type { Role } from '../../../electron/api/views-protection';
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
 * with their function-key shortcut. `roles` hides a screen from operators whose role may not use it (core refuses
 * their requests anyway).
 */
export interface ScreenEntry {
  id: string;
  label?: MessageKey;
  shortcut?: string;
  roles?: readonly Role[];
  Component: () => JSX.Element;
}

/** Who works at a desk; a greeter (issue 17) sees the door only. */
const DESK: readonly Role[] = ['registrar', 'supervisor', 'admin'];

export const SCREENS: readonly ScreenEntry[] = [
  { id: 'intake', label: 'nav.intake', shortcut: 'F2', roles: DESK, Component: IntakeScreen },
  { id: 'registrations', label: 'nav.registrations', shortcut: 'F3', roles: DESK, Component: RegistrationsScreen },
  { id: 'household', roles: DESK, Component: HouseholdScreen },
  { id: 'protection', label: 'nav.protection', roles: ['supervisor', 'admin'], Component: ProtectionScreen },
  { id: 'record', roles: ['supervisor', 'admin'], Component: RecordScreen },
  { id: 'batches', label: 'nav.batches', shortcut: 'F9', roles: DESK, Component: BatchesScreen },
  { id: 'dashboard', label: 'nav.dashboard', shortcut: 'F8', roles: ['supervisor', 'admin'], Component: DashboardScreen },
  { id: 'slip-settings', roles: ['supervisor', 'admin'], Component: SlipSettingsScreen },
  { id: 'tracing', label: 'nav.tracing', shortcut: 'F4', roles: DESK, Component: TracingScreen },
  { id: 'duplicates', label: 'nav.duplicates', shortcut: 'F6', roles: ['supervisor', 'admin'], Component: ReviewScreen },
  { id: 'lists', label: 'nav.lists', shortcut: 'F7', roles: ['supervisor', 'admin'], Component: ListImportScreen },
  // The crowd at the door (issue 17): the greeter's one screen; supervisors open it, and the queue's own view, from
  // the queue's view and the dashboard (the top bar keeps one line of tabs).
  { id: 'door', label: 'nav.door', roles: ['greeter'], Component: GreeterScreen },
  { id: 'door', roles: ['supervisor', 'admin'], Component: GreeterScreen },
  { id: 'queue', roles: ['supervisor', 'admin'], Component: QueueScreen },
  // Opened from the sync indicator in the top bar.
  { id: 'sync', roles: ['admin'], Component: SyncSettingsScreen },
];
