import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Test files that take most of a minute on CI's two cores, started first. A clean clone has no timings of an earlier
 * run, so Vitest starts the largest files first: the 150 MB backlog's file is small, and ran last and alone for some
 * twenty seconds while the other fork had nothing left to do.
 */
const SLOWEST = ['sync/backlog.test.ts', 'worker/long-jobs.test.ts', 'at-rest/encryption.test.ts', 'worker/cancel-jobs.test.ts'];

const rank = (file: TestSpecification): number => {
  const at = SLOWEST.findIndex((name) => file.moduleId.replaceAll('\\', '/').endsWith(`tests/integration/${name}`));
  return at === -1 ? SLOWEST.length : at;
};

export default class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // The rest in Vitest's own order (a stable sort keeps it).
    return [...(await super.sort(files))].sort((a, b) => rank(a) - rank(b));
  }
}
