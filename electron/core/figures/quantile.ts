/**
 * The nearest-rank quantile (`q` from 0 to 1) of some numbers, in any order: the value below which a share `q` of
 * them lie. Undefined when there are none. One definition for the daily summary's waits and every benchmark figure.
 */
export function quantile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * sorted.length)))];
}
