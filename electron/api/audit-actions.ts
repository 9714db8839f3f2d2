/**
 * Every kind of event the audit trail records: core may append only these (appendAudit's type), and the screens
 * show each in the UI's language (`action.<kind>` in the catalogues, checked by tests/unit/app/catalogues.test.ts).
 * A trail received from elsewhere may hold kinds this list does not know; screens show those as written.
 */
export const AUDIT_ACTIONS = [
  'household.registered', 'household.edited', 'household.voided', 'household.purged', 'household.erased',
  'household.viewed', 'household.history_viewed', 'household.record_printed', 'household.slip_printed',
  'search', 'tracing.search',
  'session.signed_in', 'session.signin_failed', 'session.signin_refused', 'session.locked', 'session.signed_out',
  'operator.created', 'operator.updated', 'operator.secret_set', 'operator.secret_changed', 'operator.lockout_cleared',
  'settings.changed', 'settings.slip_saved', 'retention.purged', 'station.role_changed',
  'batch.exported', 'batch.plain_exported', 'batch.imported', 'hub_key.installed',
  'sync.batch_refused', 'sync.resend', 'sync.retry_refused', 'sync.receipt_key_pinned', 'sync.receipt_key_forgotten',
  'duplicates.checked', 'duplicates.intake_decision', 'duplicates.queue_viewed', 'duplicates.reviewed',
  'duplicates.merged', 'duplicates.different',
  'lists.previewed', 'lists.imported',
  // At the hub: trust between stations, and duplicates across centres.
  'batch.refused', 'station.enrolled', 'station.revoked', 'station.households_moved',
  'hub_duplicates.found', 'hub_duplicates.queue_viewed', 'hub_duplicates.linked', 'hub_duplicates.different',
  'hub_duplicates.undone',
  // The data file's key (issue 12): never the passphrase or the code, only that it changed and who changed it.
  'keys.passphrase_changed', 'keys.recovery_code_replaced', 'keys.recovery_code_seen',
  // The queue at the door (issue 17): no names, only numbers and counts.
  'queue.ticket_cancelled', 'queue.day_ended', 'queue.settings_saved',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
