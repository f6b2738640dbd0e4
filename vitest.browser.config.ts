import { defineConfig } from 'vitest/config';

// Browser tests drive the built extension (dist/, dist-firefox/) in Debian's Chromium and Firefox ESR. One browser per file,
// files one after another: two cores do not run several Chromiums well.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
