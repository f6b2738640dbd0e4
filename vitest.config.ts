import { defineConfig } from 'vitest/config';

// Unit and integration tests: pure code beside its sources, plus Node-side integration tests
// (devnet over a real WebSocket, chopsticks). Browser tests have their own config.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'background/**/*.test.ts', 'content/**/*.test.ts', 'devnet/**/*.test.ts', 'test/unit/**/*.test.ts', 'popup/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
