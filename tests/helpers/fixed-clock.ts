/**
 * Preloaded into a spawned CLI (bundled beside the CLI: tests/helpers/bundled.ts) when
 * INTAKE_TEST_NOW is set: `new Date()` and `Date.now()` answer that instant, so what the CLI derives from "now" (the
 * arrival times `seed` spreads over the days before it) is the same in every run. Dates built from a value are left
 * alone.
 */
const fixed = process.env['INTAKE_TEST_NOW'];

if (fixed) {
  const at = Date.parse(fixed);
  if (Number.isNaN(at)) throw new Error(`INTAKE_TEST_NOW is not a date: ${fixed}`);
  const RealDate = Date;
  class FixedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(at);
      else super(...(args as [string | number]));
    }

    static override now(): number {
      return at;
    }
  }
  globalThis.Date = FixedDate as DateConstructor;
}

export {};
