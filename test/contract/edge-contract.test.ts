import { createPiiScanner } from '../../shared/pii/index.ts';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEdgeApp } from '../../edge/app.ts';
import { nodeClassifier } from '../../edge/classifier/node.ts';
import { startStack, type RunningStack } from '../../node-runtime/stack.ts';
import { parseConfig } from '../../shared/config/parse.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { freePort } from '../helpers/ports.ts';
import { startOpenAICompatibleServer } from '../servers/openai-compatible-server.ts';
import { CONTRACT_CASES, CONTRACT_HOP_SECRET, CONTRACT_OPENAI_KEY, CONTRACT_SECRETS, contractConfig, contractMismatches, contractRequest } from './edge-contract.ts';

describe('the edge on Node (app.request)', () => {
  let openai: Awaited<ReturnType<typeof startOpenAICompatibleServer>>;
  let runtime: RunningStack;
  let app: ReturnType<typeof createEdgeApp>;

  beforeAll(async () => {
    openai = await startOpenAICompatibleServer({ apiKey: CONTRACT_OPENAI_KEY });
    const upstreams = { openaiURL: openai.url, runtimeURL: 'http://127.0.0.1:1', deadRuntimeURL: `http://127.0.0.1:${await freePort()}` };
    runtime = await startStack({
      runtimeOnly: true,
      runtimePort: 0,
      logger: silentLogger,
      config: parseConfig(contractConfig(upstreams)),
      env: { SWITCHYARD_HOP_SECRET: CONTRACT_HOP_SECRET, SWITCHYARD_MODELS_DIR: resolve('models/fixtures/build'), CONTRACT_OPENAI_KEY },
    });
    app = createEdgeApp({
      config: parseConfig(contractConfig({ ...upstreams, runtimeURL: runtime.runtimeURL })),
      runnerContext: { env: { ...CONTRACT_SECRETS } },
      logger: silentLogger,
      classifier: nodeClassifier,
      pii: createPiiScanner(),
    });
  });

  afterAll(async () => {
    await runtime?.close();
    await openai?.close();
  });

  it.each(CONTRACT_CASES)('$name', async (testCase) => {
    const response = await app.fetch(contractRequest('http://edge.test', testCase));
    expect(await contractMismatches(testCase, response)).toEqual([]);
  });
});
