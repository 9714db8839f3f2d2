import { expect, it } from 'vitest';
import { runSoak, soakLine } from '../../helpers/soak.js';

/**
 * A small soak in the suite (the full one is `npm run soak`: 200 batches): batches through a proxy that spoils one
 * connection in five. Prints how many were sent, retried and duplicated; duplicated must be 0.
 */
it('40 small batches through a proxy that drops one connection in five: all acknowledged, none duplicated', async () => {
  const result = await runSoak({ batches: 40, dropOneIn: 5, seed: 11 });
  console.log(soakLine(result));
  expect(result).toMatchObject({ batches: 40, duplicated: 0, missing: 0, waitingAtEnd: 0 });
  expect(result.sent).toBe(result.batches + result.retried);
  // The proxy did spoil uploads, so retries were exercised.
  expect(result.retried).toBeGreaterThan(0);
});
