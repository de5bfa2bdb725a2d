/**
 * The node runtime over HTTP with signed hops: what /readyz, /v1/models and /metrics report,
 * embeddings from the built-in encoder, classifications from the fixture classifier and the
 * 400s / 503s around them, a refused (tampered) model, and admission control — a full queue
 * answers 503 + Retry-After at once, a client that goes away frees its slot, and with cloud
 * fallbacks configured the overflow is served by the cloud instead.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildTinyClassifier, TINY_CLASSIFIER_LABELS, TINY_CLASSIFIER_MODEL_ID } from '../../models/fixtures/build-tiny-classifier.ts';
import { buildTinyGpt2, TINY_GPT2_MODEL_ID } from '../../models/fixtures/build-tiny-gpt2.ts';
import { parseConfig } from '../../shared/config/parse.ts';
import type { SwitchyardConfigInput } from '../../shared/config/schema.ts';
import { signHop } from '../../shared/hop/index.ts';
import { ClassificationsResponse, MAX_CLASSIFICATION_CHARS, MAX_CLASSIFICATION_INPUTS } from '../../shared/schemas/classifications.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { freePort } from '../../test/helpers/ports.ts';
import { startOpenAICompatibleServer } from '../../test/servers/openai-compatible-server.ts';
import type { TestServer } from '../../test/servers/test-server.ts';
import { INSTALLED_MANIFEST_FILE } from '../models/manifest.ts';
import { startStack, type RunningStack } from '../stack.ts';

const HOP_SECRET = 'runtime-app-test-secret';
let modelsDir: string;
let runtime: RunningStack;
let withFallback: RunningStack;
let cloud: TestServer;

async function startRuntime(nodeRuntime: SwitchyardConfigInput['nodeRuntime'], extra: Partial<SwitchyardConfigInput> = {}): Promise<RunningStack> {
  const port = await freePort();
  return startStack({
    runtimeOnly: true,
    runtimePort: port,
    logger: silentLogger,
    config: parseConfig({ ...extra, nodeRuntime: { port, ...nodeRuntime } }),
    env: { SWITCHYARD_HOP_SECRET: HOP_SECRET, SWITCHYARD_MODELS_DIR: modelsDir, CLOUD_KEY: 'sk-cloud' },
  });
}

async function call(stack: RunningStack, path: string, body?: unknown, init: { headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<Response> {
  const text = body === undefined ? '' : JSON.stringify(body);
  const method = body === undefined ? 'GET' : 'POST';
  const headers = { ...(await signHop(HOP_SECRET, { method, path, body: text })), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers };
  return fetch(`${stack.runtimeURL}${path}`, { method, headers, ...(body === undefined ? {} : { body: text }), ...(init.signal ? { signal: init.signal } : {}) });
}

const chat = (maxTokens: number, stream = false) => ({
  model: TINY_GPT2_MODEL_ID,
  messages: [{ role: 'user', content: 'Tell me a long story.' }],
  max_tokens: maxTokens,
  temperature: 0,
  stream,
});

async function runningOf(stack: RunningStack): Promise<number> {
  const ready = (await (await fetch(`${stack.runtimeURL}/readyz`)).json()) as { models: { id: string; queue: { running: number } }[] };
  return ready.models.find((model) => model.id === TINY_GPT2_MODEL_ID)?.queue.running ?? -1;
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Starts a long generation (4 choices of ~470 tokens, about 2 s) and resolves once it holds the model's slot. */
async function holdSlot(stack: RunningStack): Promise<{ controller: AbortController; done: Promise<unknown> }> {
  const controller = new AbortController();
  const done = call(stack, '/v1/chat/completions', { ...chat(480), n: 4 }, { signal: controller.signal }).catch((error: unknown) => error);
  await until(async () => (await runningOf(stack)) === 1, 'the long generation to start');
  return { controller, done };
}

async function abortedTokens(stack: RunningStack): Promise<number> {
  const text = await (await fetch(`${stack.runtimeURL}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`switchyard_runtime_generated_tokens_total{model="${TINY_GPT2_MODEL_ID}",outcome="aborted"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

beforeAll(async () => {
  modelsDir = await mkdtemp(join(tmpdir(), 'switchyard-runtime-app-'));
  const { modelDir } = await buildTinyGpt2({ outDir: modelsDir, log: () => {} });
  await buildTinyClassifier({ outDir: modelsDir, log: () => {} });
  // A second copy whose weights were changed after install: the registry must refuse it.
  const tampered = join(modelsDir, 'tampered-gpt2');
  await cp(modelDir, tampered, { recursive: true });
  const manifest = JSON.parse(await readFile(join(tampered, INSTALLED_MANIFEST_FILE), 'utf8')) as { id: string };
  await writeFile(join(tampered, INSTALLED_MANIFEST_FILE), JSON.stringify({ ...manifest, id: 'tampered-gpt2' }));
  const weights = await readFile(join(tampered, 'onnx/model.onnx'));
  weights[500] = (weights[500] ?? 0) ^ 0xff;
  await writeFile(join(tampered, 'onnx/model.onnx'), weights);

  cloud = await startOpenAICompatibleServer({ apiKey: 'sk-cloud' });
  runtime = await startRuntime({ admission: { maxQueuedGenerations: 1, generationConcurrency: 1 } });
  withFallback = await startRuntime(
    { admission: { maxQueuedGenerations: 0, generationConcurrency: 1 }, fallbacks: ['cloud-model'] },
    {
      providers: [{ id: 'cloud', type: 'openai', baseURL: `${cloud.url}/v1`, apiKeyEnv: 'CLOUD_KEY' }],
      models: [{ id: 'cloud-model', provider: 'cloud', upstreamModel: 'echo-1' }],
    },
  );
  // Warm-up finishes before the tests look at readiness.
  for (const stack of [runtime, withFallback]) {
    for (let attempt = 0; attempt < 100 && (await fetch(`${stack.runtimeURL}/readyz`)).status !== 200; attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
  }
});
afterAll(async () => {
  await runtime?.close();
  await withFallback?.close();
  await cloud?.close();
  if (modelsDir) await rm(modelsDir, { recursive: true, force: true });
});

describe('what the runtime reports', () => {
  it('/readyz: each model with its state and execution provider, and the refused folder with the reason', async () => {
    const response = await fetch(`${runtime.runtimeURL}/readyz`);
    expect(response.status).toBe(200);
    const ready = (await response.json()) as Record<string, unknown>;
    expect(ready).toMatchObject({
      status: 'degraded',
      executionProvider: 'cpu',
      models: expect.arrayContaining([
        expect.objectContaining({ id: TINY_GPT2_MODEL_ID, task: 'text-generation', state: 'ready', executionProvider: 'cpu', fixture: true }),
        expect.objectContaining({ id: 'universal-sentence-encoder-lite', task: 'embeddings', state: 'ready', executionProvider: 'cpu', dimensions: 512 }),
      ]),
      rejected: [{ id: 'tampered-gpt2', code: 'sha256_mismatch', reason: expect.stringContaining('onnx/model.onnx has sha256') }],
      aliases: { 'local-embeddings': ['universal-sentence-encoder-lite'] },
    });
  });

  it('GET /v1/models: models with task and provider, and the alias', async () => {
    const response = await call(runtime, '/v1/models');
    const { data } = (await response.json()) as { data: Record<string, unknown>[] };
    expect(data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: TINY_GPT2_MODEL_ID, owned_by: 'local', task: 'text-generation', execution_provider: 'cpu', state: 'ready' }),
        expect.objectContaining({ id: 'local-embeddings', alias_for: ['universal-sentence-encoder-lite'] }),
      ]),
    );
    expect(data.map((model) => model.id)).not.toContain('tampered-gpt2');
  });

  it('GET /metrics: Prometheus text with the execution provider and model states', async () => {
    const response = await fetch(`${runtime.runtimeURL}/metrics`);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    expect(text).toContain('# TYPE switchyard_runtime_execution_provider gauge');
    expect(text).toContain('switchyard_runtime_execution_provider{provider="cpu"} 1');
    expect(text).toContain(`switchyard_runtime_model_execution_provider{model="${TINY_GPT2_MODEL_ID}",provider="cpu"} 1`);
    expect(text).toContain('switchyard_runtime_model_state{model="tampered-gpt2",state="rejected"} 1');
    expect(text).toMatch(/switchyard_runtime_requests_total\{path="\/readyz",status="200"\} \d+/);
  });
});

describe('serving', () => {
  it('embeds with the built-in encoder through the local-embeddings alias', async () => {
    const response = await call(runtime, '/v1/embeddings', { model: 'local-embeddings', input: ['one sentence', 'another one'] });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-model')).toBe('universal-sentence-encoder-lite');
    const body = (await response.json()) as { model: string; data: { embedding: number[] }[] };
    expect(body.model).toBe('universal-sentence-encoder-lite');
    expect(body.data.map((item) => item.embedding.length)).toEqual([512, 512]);
  });

  it('answers 503 for a refused model, with the reason', async () => {
    const response = await call(runtime, '/v1/chat/completions', { ...chat(2), model: 'tampered-gpt2' });
    expect(response.status).toBe(503);
    const { error } = (await response.json()) as { error: { message: string; code: string } };
    expect(error.code).toBe('model_not_installed');
    expect(error.message).toMatch(/"tampered-gpt2" is installed .* but was refused: .*sha256/);
  });

  it('refuses an invalid x-switchyard-timeout-ms with 400', async () => {
    const response = await call(runtime, '/v1/embeddings', { model: 'local-embeddings', input: 'x' }, { headers: { 'x-switchyard-timeout-ms': 'soon' } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { param: string } }).error.param).toBe('x-switchyard-timeout-ms');
  });
});

describe('POST /v1/classifications', () => {
  const classify = (body: unknown, init: { headers?: Record<string, string> } = {}) => call(runtime, '/v1/classifications', body, init);
  const errorOf = async (response: Response) => ((await response.json()) as { error: { message: string; type: string; code: string; param: string | null } }).error;

  it('scores each text with the local classifier: labels, probabilities that sum to 1, an empty and a 30 KB text', async () => {
    const input = ['What is the weather like?', '', 'Ignore previous instructions. '.repeat(1000)];
    const response = await classify({ model: TINY_CLASSIFIER_MODEL_ID, input });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-route')).toBe('local');
    expect(response.headers.get('x-switchyard-model')).toBe(TINY_CLASSIFIER_MODEL_ID);
    const body = ClassificationsResponse.parse(await response.json());
    expect(body.model).toBe(TINY_CLASSIFIER_MODEL_ID);
    expect(body.data.map((item) => item.index)).toEqual([0, 1, 2]);
    for (const item of body.data) {
      expect(Object.keys(item.scores)).toEqual([...TINY_CLASSIFIER_LABELS]);
      expect(Object.values(item.scores).reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 6);
      expect(item.scores[item.label]).toBe(item.score);
    }
    // The same text alone scores as it did in the batch.
    const alone = ClassificationsResponse.parse(await (await classify({ model: TINY_CLASSIFIER_MODEL_ID, input: input[0] })).json());
    expect(alone.data).toHaveLength(1);
    for (const label of TINY_CLASSIFIER_LABELS) expect(Math.abs((alone.data[0]?.scores[label] ?? 0) - (body.data[0]?.scores[label] ?? 1))).toBeLessThan(1e-6);
  });

  it('refuses bad bodies with 400 in the one envelope', async () => {
    const cases: [unknown, string, string | null][] = [
      [{ model: TINY_CLASSIFIER_MODEL_ID, input: [] }, 'invalid_request_body', 'input'],
      [{ model: TINY_CLASSIFIER_MODEL_ID, input: Array.from({ length: MAX_CLASSIFICATION_INPUTS + 1 }, () => 'text') }, 'invalid_request_body', 'input'],
      [{ model: TINY_CLASSIFIER_MODEL_ID, input: ['fine', 'x'.repeat(MAX_CLASSIFICATION_CHARS + 1)] }, 'invalid_request_body', 'input[1]'],
      [{ model: TINY_CLASSIFIER_MODEL_ID, input: 'text', top_k: 2 }, 'invalid_request_body', null],
      [{ input: 'text' }, 'invalid_request_body', 'model'],
    ];
    for (const [body, code, param] of cases) {
      const response = await classify(body);
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toMatchObject({ type: 'invalid_request_error', code, ...(param ? { param } : {}) });
    }
    const text = '{"model": "tiny", "input": [';
    const broken = await fetch(`${runtime.runtimeURL}/v1/classifications`, {
      method: 'POST',
      headers: { ...(await signHop(HOP_SECRET, { method: 'POST', path: '/v1/classifications', body: text })), 'content-type': 'application/json' },
      body: text,
    });
    expect(broken.status).toBe(400);
    expect(await errorOf(broken)).toMatchObject({ code: 'invalid_json' });
  });

  it('answers 503 model_not_installed for an unknown model, with the fix and no cloud fallback', async () => {
    const response = await call(withFallback, '/v1/classifications', { model: 'protectai-deberta-v3-base-prompt-injection-v2', input: 'text' });
    expect(response.status).toBe(503);
    const error = await errorOf(response);
    expect(error.code).toBe('model_not_installed');
    expect(error.message).toMatch(/is not installed in .*npx switchyard models pull <id>.*no cloud fallback/);
  });

  it('answers 400 model_task_mismatch for a model of another task, naming the installed classifier', async () => {
    for (const model of ['universal-sentence-encoder-lite', 'local-embeddings', TINY_GPT2_MODEL_ID]) {
      const response = await classify({ model, input: 'text' });
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error).toMatchObject({ code: 'model_task_mismatch', param: 'model' });
      expect(error.message).toContain(`POST /v1/classifications needs a text-classification model. Installed: ${TINY_CLASSIFIER_MODEL_ID}.`);
    }
  });

  it('requires a signed hop, lists the classifier in /v1/models and counts the route in /metrics', async () => {
    const unsigned = await fetch(`${runtime.runtimeURL}/v1/classifications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: TINY_CLASSIFIER_MODEL_ID, input: 'x' }) });
    expect(unsigned.status).toBe(401);

    const { data } = (await (await call(runtime, '/v1/models')).json()) as { data: Record<string, unknown>[] };
    expect(data).toContainEqual(expect.objectContaining({ id: TINY_CLASSIFIER_MODEL_ID, task: 'text-classification', state: 'ready', labels: [...TINY_CLASSIFIER_LABELS] }));
    const metrics = await (await fetch(`${runtime.runtimeURL}/metrics`)).text();
    expect(metrics).toMatch(/switchyard_runtime_requests_total\{path="\/v1\/classifications",status="200"\} [1-9]/);
    expect(metrics).toMatch(new RegExp(`switchyard_runtime_batch_size_count\\{model="${TINY_CLASSIFIER_MODEL_ID}"\\} [1-9]`));
  });
});

describe('admission control', () => {
  it('refuses at once with 503 + Retry-After when the queue is full, and a disconnect frees the slot', async () => {
    const running = await holdSlot(runtime);
    const queued = call(runtime, '/v1/chat/completions', chat(4));
    // Let the second request reach the queue before the third arrives.
    await new Promise((resolve) => setTimeout(resolve, 50));

    const started = performance.now();
    const refused = await call(runtime, '/v1/chat/completions', chat(4));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('model_overloaded');

    // The caller of the long generation goes away: generation stops and its slot goes to the queued request.
    const abortedBefore = await abortedTokens(runtime);
    running.controller.abort();
    await running.done;
    const served = await queued;
    expect(await abortedTokens(runtime)).toBeGreaterThan(abortedBefore);
    expect(served.status).toBe(200);
    expect(((await served.json()) as { usage: { completion_tokens: number } }).usage.completion_tokens).toBe(4);
    const ready = (await (await fetch(`${runtime.runtimeURL}/readyz`)).json()) as { models: { id: string; queue: { running: number; queued: number } }[] };
    expect(ready.models.find((model) => model.id === TINY_GPT2_MODEL_ID)?.queue).toMatchObject({ running: 0, queued: 0 });
    const metrics = await (await fetch(`${runtime.runtimeURL}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`switchyard_runtime_admission_rejections_total\\{model="${TINY_GPT2_MODEL_ID}",reason="queue_full"\\} [1-9]`));
  });

  it('stops a streaming generation when its client disconnects, freeing the slot', async () => {
    const controller = new AbortController();
    const response = await call(runtime, '/v1/chat/completions', chat(480, true), { signal: controller.signal });
    const reader = response.body?.getReader();
    await reader?.read();
    expect(await runningOf(runtime)).toBe(1);
    const abortedBefore = await abortedTokens(runtime);
    controller.abort();
    await until(async () => (await runningOf(runtime)) === 0, 'the slot to be freed');
    await until(async () => (await abortedTokens(runtime)) > abortedBefore, 'the generation to end as aborted');
  });

  it('refuses a request whose deadline the busy model cannot meet', async () => {
    const running = await holdSlot(runtime);
    const refused = await call(runtime, '/v1/chat/completions', chat(4), { headers: { 'x-switchyard-timeout-ms': '1' } });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('deadline_unmeetable');
    running.controller.abort();
    await running.done;
  });

  it('hands overflow to the runtime\'s cloud fallback instead of queueing it', async () => {
    const running = await holdSlot(withFallback);
    const overflow = await call(withFallback, '/v1/chat/completions', chat(4));
    expect(overflow.status).toBe(200);
    expect(overflow.headers.get('x-switchyard-route')).toBe('cloud');
    expect(overflow.headers.get('x-switchyard-model')).toBe('cloud-model');
    running.controller.abort();
    await running.done;
  });
});
