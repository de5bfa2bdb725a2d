/**
 * Starts, in Node, the upstreams the workerd contract tests route to: the OpenAI-compatible test
 * server and a node runtime serving the random-weight fixture (ports come from vitest.config.ts),
 * and provides the Node classifier's probabilities for the parity test.
 */
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadNodeClassifier } from '../../edge/classifier/node.ts';
import { PARITY_TEXTS } from '../../edge/classifier/parity-texts.ts';
import { parseConfig } from '../../shared/config/parse.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { startStack } from '../../node-runtime/stack.ts';
import { startOpenAICompatibleServer } from '../servers/openai-compatible-server.ts';
import { CONTRACT_HOP_SECRET, CONTRACT_OPENAI_KEY, contractConfig } from './edge-contract.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const classifier = await loadNodeClassifier();
  project.provide('classifierParity', (await classifier.classify(PARITY_TEXTS)).map((result) => result.probabilities));
  const { openaiPort, runtimePort } = JSON.parse(process.env.SWITCHYARD_CONTRACT_PORTS ?? '{}') as { openaiPort: number; runtimePort: number };
  const openai = await startOpenAICompatibleServer({ port: openaiPort, apiKey: CONTRACT_OPENAI_KEY });
  const runtime = await startStack({
    runtimeOnly: true,
    runtimePort,
    logger: silentLogger,
    config: parseConfig(contractConfig({ openaiURL: openai.url, runtimeURL: `http://127.0.0.1:${runtimePort}`, deadRuntimeURL: 'http://127.0.0.1:9' })),
    env: { SWITCHYARD_HOP_SECRET: CONTRACT_HOP_SECRET, SWITCHYARD_MODELS_DIR: resolve('models/fixtures/build'), CONTRACT_OPENAI_KEY },
  });
  return async () => {
    await runtime.close();
    await openai.close();
  };
}
