import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['{edge,node-runtime,shared,models,test}/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.workerd.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
