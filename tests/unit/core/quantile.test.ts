import { describe, expect, it } from 'vitest';
import { quantile } from '../../../electron/core/figures/quantile.js';

describe('quantile (nearest rank)', () => {
  it('reads the value at the rank, whatever order the numbers come in', () => {
    const values = [9, 1, 8, 2, 7, 3, 6, 4, 5, 10];
    expect(quantile(values, 0.5)).toBe(6);
    expect(quantile(values, 0.95)).toBe(10);
    expect(quantile(values, 0)).toBe(1);
    expect(quantile(values, 1)).toBe(10);
    expect(values[0]).toBe(9); // the caller's array is left as it was
  });

  it('has no value for no numbers', () => {
    expect(quantile([], 0.5)).toBeUndefined();
  });
});
