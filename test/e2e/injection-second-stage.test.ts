/**
 * The injection policy's second stage end to end on Node: the edge asks the real node runtime
 * (`POST /v1/classifications`, hop-signed) and the runtime runs the `tiny-random-text-classifier`
 * fixture through transformers.js. RANDOM WEIGHTS: which texts it flags means nothing, so every
 * verdict is checked against what the runtime itself says about the same text.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import OpenAI, { APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_CLASSIFIER_MODEL_ID } from '../../models/fixtures/build-tiny-classifier.ts';
import { startStack, type RunningStack } from '../../node-runtime/stack.ts';
import { parseConfig } from '../../shared/config/parse.ts';
import { sha256Hex } from '../../shared/crypto/index.ts';
import { signHop } from '../../shared/hop/index.ts';
import type { LogFields, Logger } from '../../shared/log/index.ts';
import { ClassificationsResponse } from '../../shared/schemas/classifications.ts';
import { freePort } from '../helpers/ports.ts';

const KEY = 'sk-e2e-second-stage-0001';
const HOP_SECRET = 'e2e-second-stage-hop-secret';
const THRESHOLD = 0.5;
// Plain requests: no rule fires on them, so the classifiers alone decide.
const TEXTS = [
  'What is the capital of Australia?',
  'Summarize the plot of Hamlet in two sentences.',
  'Write a haiku about autumn rain on a tin roof.',
  'How many grams are in a pound?',
  'Translate "thank you very much" into Italian.',
  'List three uses of baking soda around the house.',
];

let stack: RunningStack;
let client: OpenAI;
const events: { event: string; fields: LogFields }[] = [];
const logger: Logger = { log: (_level, event, fields = {}) => events.push({ event, fields }) };

beforeAll(async () => {
  const runtimePort = await freePort();
  stack = await startStack({
    config: parseConfig({
      tenants: [{ id: 'e2e', policy: { injection: 'block' }, keys: [{ id: 'caller', sha256: await sha256Hex(KEY) }] }],
      providers: [{ id: 'local', type: 'node-runtime', baseURL: `http://127.0.0.1:${runtimePort}` }],
      models: [{ id: 'tiny-random-gpt2', provider: 'local' }],
      nodeRuntime: { port: runtimePort },
      guards: { injection: { secondStage: { provider: 'local', model: TINY_CLASSIFIER_MODEL_ID, escalate: 'all', threshold: THRESHOLD, timeoutMs: 10_000 } } },
    }),
    edgePort: 0,
    dataDir: mkdtempSync(join(tmpdir(), 'switchyard-e2e-second-stage-')),
    logger,
    env: { SWITCHYARD_HOP_SECRET: HOP_SECRET, SWITCHYARD_MODELS_DIR: resolve('models/fixtures/build') },
  });
  client = new OpenAI({ baseURL: `${stack.edgeURL}/v1`, apiKey: KEY, maxRetries: 0, timeout: 20_000 });
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

/** P(INJECTION) per text, asked of the runtime directly, as the edge's hop does. */
async function runtimeScores(texts: readonly string[]): Promise<number[]> {
  const body = JSON.stringify({ model: TINY_CLASSIFIER_MODEL_ID, input: texts });
  const response = await fetch(`${stack.runtimeURL}/v1/classifications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await signHop(HOP_SECRET, { method: 'POST', path: '/v1/classifications', body })) },
    body,
  });
  expect(response.status).toBe(200);
  const parsed = ClassificationsResponse.parse(await response.json());
  expect(parsed.data.map((result) => Object.keys(result.scores).sort())).toEqual(texts.map(() => ['INJECTION', 'SAFE']));
  return parsed.data.map((result) => result.scores.INJECTION ?? Number.NaN);
}

describe('the injection second stage on the real node runtime', () => {
  it('lists the classifier among the local models', () => {
    expect(stack.localModels).toContain(TINY_CLASSIFIER_MODEL_ID);
  });

  it('/v1/guard reports the runtime\'s probability as the decisive score', async () => {
    const expected = await runtimeScores(TEXTS);
    const response = await fetch(`${stack.edgeURL}/v1/guard`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ input: TEXTS }),
    });
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as { results: { injection: { score: number; flagged: boolean } }[] };
    results.forEach((result, index) => {
      expect(result.injection.score).toBeCloseTo(expected[index] ?? Number.NaN, 6);
      expect(result.injection.flagged).toBe((expected[index] ?? 0) >= THRESHOLD);
    });
  });

  it('blocks or answers a chat completion as the runtime\'s verdict says', async () => {
    const [score = Number.NaN] = await runtimeScores([TEXTS[0] as string]);
    const request = client.chat.completions.create({ model: 'tiny-random-gpt2', messages: [{ role: 'user', content: TEXTS[0] as string }], max_tokens: 4 });
    if (score >= THRESHOLD) {
      const error = await request.then(() => undefined, (thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(APIError);
      expect((error as APIError).status).toBe(400);
      expect((error as APIError).code).toBe('injection_score');
      expect((error as APIError).message).not.toContain(TEXTS[0]);
    } else {
      const completion = await request;
      expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
    }
    expect(events.filter((entry) => entry.event === 'second-stage-fail')).toEqual([]);
  });
});
