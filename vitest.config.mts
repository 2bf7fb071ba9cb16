import { defineConfig } from 'vitest/config';

// Tests run in forked processes: several suites start servers (bot, emulator, Azurite, playground)
// on ephemeral ports, and botbuilder/restify keep process-wide state.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
