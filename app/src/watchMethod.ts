import type { IntakeBridge } from '../../electron/api/bridge';
import type { MethodInput, MethodName, MethodResult } from '../../electron/api/contract';
import type { Events } from '../../electron/api/events';
import type { Result } from '../../electron/api/result';

/** What core says changed after a write (`data.changed`): a screen names the kinds its answer depends on. */
export type ChangeKind = Events['data.changed']['kinds'][number];

export interface MethodWatch {
  /** Asks again now (after this screen's own write, or on a timer); the newest call's answer wins. */
  refresh(): void;
  /** Unsubscribes; an answer that arrives later is dropped. */
  stop(): void;
}

/**
 * One method watched for one input, without React (useMethod wraps it): it calls the bridge, calls again whenever
 * core reports a change of one of `on`'s kinds, and hands on only the answer to the newest call, so an answer that
 * arrives late (an older call, or after stop) never overwrites a newer one.
 */
export function watchMethod<M extends MethodName>(
  through: Pick<IntakeBridge, 'invoke' | 'on'>,
  method: M,
  input: MethodInput<M>,
  on: readonly ChangeKind[],
  onAnswer: (answer: Result<MethodResult<M>>) => void,
): MethodWatch {
  let newest = 0;
  let stopped = false;
  const load = () => {
    const call = ++newest;
    void through.invoke(method, input).then((answer) => {
      if (!stopped && call === newest) onAnswer(answer);
    });
  };
  const unsubscribe =
    on.length > 0
      ? through.on('data.changed', ({ kinds }) => {
          if (!stopped && kinds.some((kind) => on.includes(kind))) load();
        })
      : () => undefined;
  load();
  return {
    refresh: () => {
      if (!stopped) load();
    },
    stop: () => {
      stopped = true;
      unsubscribe();
    },
  };
}
