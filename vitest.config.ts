import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    setupFiles: ['test/unit/setup.ts'],
    // The public API's type tests (*.test-d.ts): `npm run test:types` runs them through tsc (a
    // type error fails it), as `npm run check` does; off here so targeted runs stay fast.
    typecheck: { include: ['test/unit/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
