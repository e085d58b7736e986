import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // Vitest runs one file at a time on a 2-core machine (its default is cores − 1); the suite
    // is mostly CPU-bound workflow tests, which two at once share the cores for.
    maxWorkers: 2,
    setupFiles: ['test/unit/setup.ts'],
    // The public API's type tests (*.test-d.ts): `npm run test:types` runs them through tsc (a
    // type error fails it), as `npm run check` does; off here so targeted runs stay fast.
    typecheck: { include: ['test/unit/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
