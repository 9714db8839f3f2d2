import { isMethodName, methods, type MethodName } from '../api/contract.js';
import { fail, ok, type AppError, type Result } from '../api/result.js';
import { ROLES_BY_METHOD, type Access } from '../api/roles.js';
import { fieldIssueOf } from '../api/schemas/text.js';
import type { Actor, CoreContext } from '../core/context.js';
import { CoreError } from '../core/errors.js';
import { authorize } from '../core/access/permissions.js';
import type { Connection, HandlerEntry } from './handler.js';
import { handlers } from './registry.js';

/**
 * How every method runs, whoever calls it (the app's window, the browser harness, the CLI, the job worker):
 * a known method, the caller's role checked against the contract's table, the input parsed by the method's schema,
 * then the handler, with errors turned into values. Split in two so a long method can be admitted where the
 * sessions live and executed in the job worker.
 */

export type Log = (message: string, error?: unknown) => void;
export type Failure = { ok: false; error: AppError };

/** A call that passed every check: the method, who calls, and the input as its schema parsed it. */
export interface Admitted {
  method: MethodName;
  actor: Actor;
  input: unknown;
}

export interface Caller {
  /** Who calls, for a method with this access; throws CoreError('unauthenticated' | 'locked') when nobody is known. */
  actor(access: Access): Actor;
  /** Only these methods answer (the CLI's print page); every method when absent. */
  only?: readonly MethodName[];
}

const INTERNAL = 'Something went wrong inside the app. If it happens again, tell your supervisor.';
const INTERNAL_NOTHING_SAVED = 'Something went wrong inside the app. Nothing was saved. If it happens again, tell your supervisor.';

/** The input parsed by the method's schema, or the field issues as a value. */
export function parseInput(method: MethodName, input: unknown): { ok: true; data: unknown } | Failure {
  const parsed = methods[method].input.safeParse(input ?? {});
  if (parsed.success) return { ok: true, data: parsed.data };
  return fail('invalid_input', 'Some fields are missing or not in the expected form.', parsed.error.issues.map(fieldIssueOf));
}

/** Known method, then the role (someone not allowed learns nothing, not even what the input should be), then the input. */
export function admit(method: unknown, input: unknown, caller: Caller, log: Log): { ok: true; call: Admitted } | Failure {
  if (!isMethodName(method)) return fail('invalid_input', `Unknown method ${String(method).slice(0, 60)}`);
  if (caller.only && !caller.only.includes(method)) return fail('forbidden', 'Only printing is served here.');
  const access: Access = ROLES_BY_METHOD[method];
  let actor: Actor;
  try {
    actor = caller.actor(access);
    authorize(actor, access);
  } catch (error) {
    if (error instanceof CoreError) return fail(error.code, error.message, error.issues);
    log(`Method ${method}: the session check failed`, error);
    return fail('internal', INTERNAL);
  }
  const parsed = parseInput(method, input);
  if (!parsed.ok) return parsed;
  return { ok: true, call: { method, actor, input: parsed.data } };
}

/** A thrown error as the value that crosses the bridge: core's own errors as they are, anything else without a stack. */
export function failureOf(error: unknown, method: string, log: Log): Failure {
  if (error instanceof CoreError) return fail(error.code, error.message, error.issues);
  if (isDiskFull(error)) return fail('io_failed', 'The disk is full. Nothing was saved; free some space and save again.');
  log(`Method ${method} failed`, error);
  return fail('internal', INTERNAL_NOTHING_SAVED);
}

/** Runs an admitted call's handler against core. */
export async function execute(ctx: CoreContext, call: Admitted, connection: Connection, log: Log): Promise<Result<unknown>> {
  try {
    const entry = handlers[call.method] as HandlerEntry<typeof call.method>;
    return ok(await entry.run(ctx, call.actor, call.input as never, connection));
  } catch (error) {
    return failureOf(error, call.method, log);
  }
}

/** Admit, then execute: the whole path in one call. */
export async function runMethod(
  ctx: CoreContext,
  method: unknown,
  input: unknown,
  caller: Caller & { connection: Connection },
  log: Log,
): Promise<Result<unknown>> {
  const admitted = admit(method, input, caller, log);
  if (!admitted.ok) return admitted;
  return execute(ctx, admitted.call, caller.connection, log);
}

const isDiskFull = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && (error.code === 'SQLITE_FULL' || error.code === 'ENOSPC');
