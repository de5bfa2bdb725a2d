/** A whole stack (edge + node runtime on Node) with cloud stand-ins, for end-to-end tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startStack, type RunningStack } from '../../node-runtime/stack.ts';
import { parseConfig } from '../../shared/config/parse.ts';
import { sha256Hex } from '../../shared/crypto/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { freePort } from '../helpers/ports.ts';
import { startAnthropicServer } from '../servers/anthropic-server.ts';
import { startOpenAICompatibleServer } from '../servers/openai-compatible-server.ts';
import type { TestServer } from '../servers/test-server.ts';

export const E2E_KEY = 'sk-e2e-caller-key-000001';
export const E2E_HOP_SECRET = 'e2e-hop-secret';
const UPSTREAM_OPENAI_KEY = 'sk-upstream-openai';
const UPSTREAM_ANTHROPIC_KEY = 'sk-upstream-anthropic';

export interface E2EStack {
  stack: RunningStack;
  edgeURL: string;
  openai: TestServer;
  anthropic: TestServer;
  close(): Promise<void>;
}

export async function startE2EStack(): Promise<E2EStack> {
  const openai = await startOpenAICompatibleServer({ apiKey: UPSTREAM_OPENAI_KEY });
  const anthropic = await startAnthropicServer({ apiKey: UPSTREAM_ANTHROPIC_KEY });
  const [runtimePort, deadPort] = await Promise.all([freePort(), freePort()]);
  const config = parseConfig({
    tenants: [{ id: 'e2e', keys: [{ id: 'caller', sha256: await sha256Hex(E2E_KEY) }] }],
    providers: [
      { id: 'local', type: 'node-runtime', baseURL: `http://127.0.0.1:${runtimePort}` },
      { id: 'down', type: 'node-runtime', baseURL: `http://127.0.0.1:${deadPort}`, timeoutMs: 2000 },
      { id: 'cloud', type: 'openai', baseURL: `${openai.url}/v1`, apiKeyEnv: 'E2E_OPENAI_KEY' },
      { id: 'claude', type: 'anthropic', baseURL: anthropic.url, apiKeyEnv: 'E2E_ANTHROPIC_KEY' },
    ],
    models: [
      { id: 'tiny-random-gpt2', provider: 'local' },
      { id: 'not-installed', provider: 'local' },
      { id: 'gpt-test', provider: 'cloud', upstreamModel: 'echo-1' },
      { id: 'embed-test', provider: 'cloud', upstreamModel: 'embed-1', kind: 'embeddings' },
      { id: 'claude-test', provider: 'claude', upstreamModel: 'claude-test-1' },
      { id: 'breaks-mid-stream', provider: 'cloud', upstreamModel: 'fail-mid-stream' },
      { id: 'down-with-fallback', provider: 'down', upstreamModel: 'tiny-random-gpt2', fallbacks: ['gpt-test'] },
      { id: 'down-alone', provider: 'down', upstreamModel: 'tiny-random-gpt2' },
    ],
    nodeRuntime: { port: runtimePort, fallbacks: ['gpt-test'] },
  });
  const stack = await startStack({
    config,
    edgePort: 0,
    // Limits and audit SQLite files in a temporary folder, not the checkout's .data.
    dataDir: mkdtempSync(join(tmpdir(), 'switchyard-e2e-')),
    logger: silentLogger,
    env: {
      SWITCHYARD_HOP_SECRET: E2E_HOP_SECRET,
      SWITCHYARD_MODELS_DIR: resolve('models/fixtures/build'),
      E2E_OPENAI_KEY: UPSTREAM_OPENAI_KEY,
      E2E_ANTHROPIC_KEY: UPSTREAM_ANTHROPIC_KEY,
    },
  });
  return {
    stack,
    edgeURL: stack.edgeURL ?? '',
    openai,
    anthropic,
    close: async () => {
      await stack.close();
      await openai.close();
      await anthropic.close();
    },
  };
}
