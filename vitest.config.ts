import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The longest files (seconds each on 2 cores, by the last CI log), started first. Without a results
 * cache (a clean clone, as CI runs) vitest orders by file size, so a short file of long kill -9
 * rounds started last and ended the run alone. Longest first, the two workers finish together.
 */
const LONGEST_FIRST = [
  'tests/node/faults/campaign.test.ts',
  'tests/node/sync/kill9.test.ts',
  'tests/node/relay/relay-usb.test.ts',
  'tests/node/relay/faults.test.ts',
  'tests/node/cli/db-encrypt.test.ts',
  'tests/node/hardening/fuzz-hub.test.ts',
  'tests/node/hardening/fuzz-pure.test.ts',
  'tests/node/devices/sim-service.test.ts',
  'tests/node/store/encryption.test.ts',
  'tests/node/console/console-api.test.ts',
  'tests/node/sync/engine.test.ts',
  'tests/node/letters/kill9.test.ts',
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification): number => {
      const i = LONGEST_FIRST.findIndex((p) => f.moduleId.endsWith(`/${p}`));
      return i < 0 ? LONGEST_FIRST.length : i;
    };
    // Array.prototype.sort is stable: the rest keep vitest's own order (cached durations, else size).
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/node/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Two at a time even on 2 cores (vitest's default is cores - 1): most long files wait on child
    // processes, sockets and timers (kill -9 rounds, relays, hubs), not on the CPU.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default'],
    sequence: { sequencer: LongestFirst },
    env: {
      // The hub suite runs against both backends; .ci/setup creates this role and database.
      ANJUNGAN_TEST_PG: process.env['ANJUNGAN_TEST_PG'] ?? 'postgres://anjungan:anjungan@127.0.0.1:5432/anjungan_test',
    },
  },
});
