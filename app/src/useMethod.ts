import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodInput, MethodName, MethodResult } from '../../electron/api/contract';
import type { AppError, Result } from '../../electron/api/result';
import { bridge } from './bridge';
import { watchMethod, type ChangeKind, type MethodWatch } from './watchMethod';

export type { ChangeKind } from './watchMethod';

export interface MethodAnswer<M extends MethodName> {
  /** The answer for the current input; kept while a refresh is under way, undefined while the input's first is. */
  data: MethodResult<M> | undefined;
  error: AppError | undefined;
  /** No answer yet for the current input. */
  loading: boolean;
  /** Asks again (after the screen's own write); the newest answer wins. */
  refresh: () => void;
}

/**
 * A method's answer for an input, as state: asked when the input changes (compared by value, so an inline object is
 * fine), asked again when core reports a change of one of `on`'s kinds, and never overwritten by a late answer to an
 * older input or call, nor set after the screen is gone. `input` null: nothing is asked (not allowed, not chosen yet).
 * `keepPrevious`: while a new input's answer is on its way, the previous input's stays shown (a filtered list).
 */
export function useMethod<M extends MethodName>(
  method: M,
  input: MethodInput<M> | null,
  options: { on?: readonly ChangeKind[]; keepPrevious?: boolean } = {},
): MethodAnswer<M> {
  const key = input === null ? null : JSON.stringify(input);
  const kinds = (options.on ?? []).join(',');
  const asked = key === null ? null : `${method} ${key}`;
  const [answer, setAnswer] = useState<{ asked: string; result: Result<MethodResult<M>> }>();
  const watch = useRef<MethodWatch>(undefined);
  useEffect(() => {
    if (key === null) return;
    const on = kinds ? (kinds.split(',') as ChangeKind[]) : [];
    const run = watchMethod(bridge, method, JSON.parse(key) as MethodInput<M>, on, (result) => setAnswer({ asked: `${method} ${key}`, result }));
    watch.current = run;
    return () => {
      run.stop();
      if (watch.current === run) watch.current = undefined;
    };
  }, [method, key, kinds]);
  const refresh = useCallback(() => watch.current?.refresh(), []);
  const fresh = answer !== undefined && answer.asked === asked;
  const result = fresh || (options.keepPrevious && asked !== null) ? answer?.result : undefined;
  return {
    data: result?.ok ? result.value : undefined,
    error: result && !result.ok ? result.error : undefined,
    loading: asked !== null && !fresh,
    refresh,
  };
}
