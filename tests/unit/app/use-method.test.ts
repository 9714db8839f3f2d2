import { describe, expect, it } from 'vitest';
import { createBridge, type BridgeTransport } from '../../../electron/api/bridge';
import type { Result } from '../../../electron/api/result';
import { watchMethod } from '../../../app/src/watchMethod';

/**
 * useMethod's core (app/src/watchMethod.ts) over the real bridge factory. The transport holds each answer until the
 * test releases it, so answers can arrive in any order; `data.changed` is pushed as core pushes it.
 */
function heldTransport() {
  const calls: { method: string; input: unknown; answer: (value: unknown) => void }[] = [];
  const listeners = new Set<(payload: unknown) => void>();
  const transport: BridgeTransport = {
    invoke: (method, input) => new Promise((resolve) => calls.push({ method, input, answer: (value) => resolve({ ok: true, value }) })),
    subscribe: (_event, listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    pathOf: () => Promise.resolve(''),
  };
  const changed = (...kinds: string[]) => listeners.forEach((listener) => listener({ kinds }));
  return { bridge: createBridge(transport), calls, listeners, changed };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('useMethod: one method watched for one input', () => {
  it('hands on the answer to the newest call only, whatever order the answers arrive in', async () => {
    const { bridge, calls } = heldTransport();
    const answers: Result<unknown>[] = [];
    const watch = watchMethod(bridge, 'operator.list', {}, [], (answer) => answers.push(answer));
    watch.refresh();
    expect(calls).toHaveLength(2);
    calls[1]!.answer(['newer']);
    await settle();
    calls[0]!.answer(['older']);
    await settle();
    expect(answers).toEqual([{ ok: true, value: ['newer'] }]);
    watch.stop();
  });

  it('drops an answer that arrives after it was stopped (the screen is gone or its input changed)', async () => {
    const { bridge, calls, listeners } = heldTransport();
    const answers: unknown[] = [];
    const watch = watchMethod(bridge, 'household.get', { id: 'a' }, ['households'], (answer) => answers.push(answer));
    expect(listeners.size).toBe(1);
    watch.stop();
    expect(listeners.size).toBe(0);
    calls[0]!.answer({ id: 'a' });
    await settle();
    watch.refresh();
    expect(answers).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('asks again when core reports a change of a kind it depends on, and only then', async () => {
    const { bridge, calls, changed } = heldTransport();
    const answers: unknown[] = [];
    const watch = watchMethod(bridge, 'operator.list', {}, ['operators'], (answer) => answers.push(answer));
    calls[0]!.answer(['first']);
    await settle();
    changed('households', 'batches');
    expect(calls).toHaveLength(1);
    changed('settings', 'operators');
    expect(calls.map((c) => [c.method, c.input])).toEqual([
      ['operator.list', {}],
      ['operator.list', {}],
    ]);
    calls[1]!.answer(['second']);
    await settle();
    expect(answers).toEqual([
      { ok: true, value: ['first'] },
      { ok: true, value: ['second'] },
    ]);
    watch.stop();
    changed('operators');
    expect(calls).toHaveLength(2);
  });
});
