/** Errors cross the bridge as values, never as thrown stack traces. */
export type ErrorCode =
  | 'invalid_input'
  | 'rule_broken'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'unauthenticated'
  | 'locked'
  | 'not_configured'
  | 'refused'
  | 'io_failed'
  // The queue host on the network did not answer (issue 17): nothing was done there.
  | 'unreachable'
  // A long job stopped by someone (issue 15): nothing of it was applied.
  | 'cancelled'
  | 'internal';

export interface FieldIssue {
  /** Dotted path of the field, e.g. `members.2.birth`. */
  path: string;
  /** Stable code the UI translates, e.g. `rule.head.exactly_one`. */
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

export interface AppError {
  code: ErrorCode;
  message: string;
  issues?: FieldIssue[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, issues?: FieldIssue[]): { ok: false; error: AppError } => ({
  ok: false,
  error: issues ? { code, message, issues } : { code, message },
});
