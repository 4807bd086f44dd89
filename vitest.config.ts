import { defineConfig } from 'vitest/config';

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
    env: {
      // The hub suite runs against both backends; .ci/setup creates this role and database.
      ANJUNGAN_TEST_PG: process.env['ANJUNGAN_TEST_PG'] ?? 'postgres://anjungan:anjungan@127.0.0.1:5432/anjungan_test',
    },
  },
});
