import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { CONTRACT_SECRETS, contractConfig } from './test/contract/edge-contract.ts';
import { freePort } from './test/helpers/ports.ts';

export default defineConfig(async () => {
  // The workerd project's upstreams must be known before workerd starts.
  const [openaiPort, runtimePort, deadPort] = await Promise.all([freePort(), freePort(), freePort()]);
  // Read by test/contract/global-setup.ts, which starts the upstreams on these ports.
  process.env.SWITCHYARD_CONTRACT_PORTS = JSON.stringify({ openaiPort, runtimePort });
  const upstreams = {
    openaiURL: `http://127.0.0.1:${openaiPort}`,
    runtimeURL: `http://127.0.0.1:${runtimePort}`,
    deadRuntimeURL: `http://127.0.0.1:${deadPort}`,
  };
  return {
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
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: './wrangler.toml' },
              miniflare: {
                bindings: { SWITCHYARD_CONFIG: JSON.stringify(contractConfig(upstreams)), ...CONTRACT_SECRETS },
              },
            }),
          ],
          test: {
            name: 'workerd',
            include: ['{edge,shared,test}/**/*.workerd.test.ts'],
            globalSetup: ['test/contract/global-setup.ts'],
            testTimeout: 30_000,
            hookTimeout: 60_000,
          },
        },
      ],
    },
  };
});
