import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// .ci/run asks for a JSON report it can count from; locally the default reporter is enough.
const report = process.env['BRIEFBOT_TEST_REPORT'];

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The store and end-to-end suites open real sockets, files and databases on a shared 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Worker threads started from source (the fact base loader) run .ts through these hooks.
    execArgv: ['--import', fileURLToPath(new URL('./tests/support/register-ts.mjs', import.meta.url))],
    reporters: report ? ['default', 'json'] : ['default'],
    ...(report ? { outputFile: { json: report } } : {}),
  },
});
