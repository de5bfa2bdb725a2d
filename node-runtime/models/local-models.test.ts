/** Local models from verified folders: loaders per layout, execution-provider choice and fallback, state. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildTinyClassifier, TINY_CLASSIFIER_LABELS, TINY_CLASSIFIER_MODEL_ID } from '../../models/fixtures/build-tiny-classifier.ts';
import { buildTinyEncoder, TINY_ENCODER_HIDDEN_SIZE, TINY_ENCODER_MODEL_ID } from '../../models/fixtures/build-tiny-encoder.ts';
import { buildTinyGpt2, TINY_GPT2_MODEL_ID } from '../../models/fixtures/build-tiny-gpt2.ts';
import { NodeRuntimeSettings } from '../../shared/config/schema.ts';
import type { LogFields, Logger } from '../../shared/log/index.ts';
import { loadClassifierFromDisk } from '../classification/transformers-classifier.ts';
import { probeCuda } from '../execution-provider/index.ts';
import { createRuntimeMetrics } from '../metrics/runtime-metrics.ts';
import { loadEncoderFromDisk } from '../embeddings/load-encoder.ts';
import { createLocalModel, settingsForModel, type LocalModel } from './local-models.ts';
import { verifyModelFolder, type VerifiedModel } from './registry.ts';

let root: string;
let encoderFolder: VerifiedModel;
let generatorFolder: VerifiedModel;
let classifierFolder: VerifiedModel;
const created: LocalModel[] = [];
const events: { event: string; fields: LogFields }[] = [];
const logger: Logger = { log: (_level, event, fields = {}) => events.push({ event, fields }) };
const cpu = { provider: 'cpu' as const, reason: 'executionProvider is "cpu"' };
const cuda = { provider: 'cuda' as const, reason: 'CUDA probe ran (executionProvider "auto")' };

async function verified(dir: string): Promise<VerifiedModel> {
  const outcome = await verifyModelFolder(dir);
  if (!outcome.ok) throw new Error(outcome.reason);
  const { ok: _ok, ...model } = outcome;
  return model;
}

function model(options: Partial<Parameters<typeof createLocalModel>[0]> & { verified: VerifiedModel }): LocalModel {
  const local = createLocalModel({ settings: NodeRuntimeSettings.parse({}), runtimeProvider: cpu, metrics: createRuntimeMetrics(), logger, ...options });
  created.push(local);
  return local;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'switchyard-local-models-'));
  encoderFolder = await verified((await buildTinyEncoder({ outDir: root, log: () => {} })).modelDir);
  generatorFolder = await verified((await buildTinyGpt2({ outDir: root, log: () => {} })).modelDir);
  classifierFolder = await verified((await buildTinyClassifier({ outDir: root, log: () => {} })).modelDir);
});
afterAll(async () => {
  await Promise.all(created.map((local) => local.dispose()));
  if (root) await rm(root, { recursive: true, force: true });
});

describe('createLocalModel', () => {
  it('serves a transformers.js encoder (the layout of pulled embedding models) with unit vectors', async () => {
    const local = model({ verified: encoderFolder });
    expect(local.status().state).toBe('loading');
    await local.warmUp();
    expect(local.status()).toMatchObject({ id: TINY_ENCODER_MODEL_ID, task: 'embeddings', state: 'ready', executionProvider: 'cpu', dimensions: TINY_ENCODER_HIDDEN_SIZE, fixture: true });
    const result = await local.runner?.doEmbed?.({ model: TINY_ENCODER_MODEL_ID, input: ['short', 'a longer input with padding for the short one'] });
    const vectors = (result?.response.data ?? []).map((item) => item.embedding as number[]);
    expect(vectors).toHaveLength(2);
    for (const vector of vectors) {
      expect(vector).toHaveLength(TINY_ENCODER_HIDDEN_SIZE);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    }
    // Mean pooling skips padding: "short" alone gives the same vector as in the padded batch.
    const alone = await local.runner?.doEmbed?.({ model: TINY_ENCODER_MODEL_ID, input: 'short' });
    const single = alone?.response.data[0]?.embedding as number[];
    expect(Math.max(...single.map((value, index) => Math.abs(value - (vectors[0]?.[index] ?? 0))))).toBeLessThan(1e-6);
  });

  it('falls back to CPU when an encoder fails to load on CUDA, and reports it', async () => {
    const metrics = createRuntimeMetrics();
    const tried: string[] = [];
    const local = model({
      verified: encoderFolder,
      runtimeProvider: cuda,
      metrics,
      loadEncoder: async (manifest, dir, provider) => {
        tried.push(provider);
        if (provider === 'cuda') throw new Error('CUDA error: out of memory\nat allocator');
        return loadEncoderFromDisk(manifest, dir, provider);
      },
    });
    await local.warmUp();
    expect(tried).toEqual(['cuda', 'cpu']);
    expect(local.status()).toMatchObject({ state: 'ready', executionProvider: 'cpu', executionProviderReason: 'failed to load on CUDA (CUDA error: out of memory); using CPU' });
    expect(events.some(({ event, fields }) => event === 'execution-provider-fallback' && fields.model === TINY_ENCODER_MODEL_ID)).toBe(true);
    expect(metrics.registry.render()).toContain(`switchyard_runtime_model_execution_provider{model="${TINY_ENCODER_MODEL_ID}",provider="cpu"} 1`);
  });

  it('loads a generation model on CPU when its real CUDA load fails', async () => {
    const local = model({ verified: generatorFolder, runtimeProvider: cuda });
    await local.warmUp();
    const cudaWorks = await probeCuda().then(
      () => true,
      () => false,
    );
    expect(local.status()).toMatchObject({ state: 'ready', executionProvider: cudaWorks ? 'cuda' : 'cpu' });
    if (!cudaWorks) expect(local.status().executionProviderReason).toMatch(/^failed to load on CUDA \(.+\); using CPU$/);
    const { completion } = (await local.runner?.doGenerate({ model: TINY_GPT2_MODEL_ID, messages: [{ role: 'user', content: 'hi' }], max_tokens: 3 })) ?? {};
    expect(completion?.usage?.completion_tokens).toBe(3);
  });

  it('marks a model failed when its override demands CUDA that is not there', async () => {
    const settings = NodeRuntimeSettings.parse({ models: { [TINY_GPT2_MODEL_ID]: { executionProvider: 'cuda' } } });
    const local = model({ verified: generatorFolder, settings, runtimeProvider: { provider: 'cpu', reason: 'CUDA unavailable (no driver); using CPU' } });
    await local.warmUp();
    expect(local.status()).toMatchObject({ state: 'failed', error: expect.stringMatching(/asks for CUDA .* CUDA is unavailable: CUDA unavailable \(no driver\)/) });
    expect(local.runner).toBeUndefined();
  });

  it('serves a text-classification model (in its worker thread) with its labels and queue', async () => {
    const local = model({ verified: classifierFolder });
    expect(local.runner).toBeUndefined();
    expect(local.status()).toMatchObject({ id: TINY_CLASSIFIER_MODEL_ID, task: 'text-classification', state: 'loading' });
    await local.warmUp();
    expect(local.status()).toMatchObject({ state: 'ready', executionProvider: 'cpu', labels: [...TINY_CLASSIFIER_LABELS], fixture: true, queue: { running: 0, queued: 0, limit: 1024 } });
    const response = await local.classifier?.classify({ model: TINY_CLASSIFIER_MODEL_ID, input: ['first text', ''] });
    expect(response?.data.map((item) => Object.keys(item.scores))).toEqual([[...TINY_CLASSIFIER_LABELS], [...TINY_CLASSIFIER_LABELS]]);
  });

  it('falls back to CPU when a classifier fails to load on CUDA, and marks a classifier that cannot load failed', async () => {
    const tried: string[] = [];
    const local = model({
      verified: classifierFolder,
      runtimeProvider: cuda,
      loadClassifier: async (manifest, dir, provider) => {
        tried.push(provider);
        if (provider === 'cuda') throw new Error('no kernel for op ReduceSum on CUDA');
        return loadClassifierFromDisk(manifest, dir, provider);
      },
    });
    await local.warmUp();
    expect(tried).toEqual(['cuda', 'cpu']);
    expect(local.status()).toMatchObject({ state: 'ready', executionProvider: 'cpu', executionProviderReason: 'failed to load on CUDA (no kernel for op ReduceSum on CUDA); using CPU' });

    const broken = model({ verified: { ...classifierFolder, dir: join(root, 'missing-classifier') } });
    await broken.warmUp();
    expect(broken.status()).toMatchObject({ state: 'failed', error: expect.stringMatching(/config\.json|no such file/i) });
    await expect(broken.classifier?.classify({ model: TINY_CLASSIFIER_MODEL_ID, input: 'text' })).rejects.toMatchObject({ statusCode: 503, code: 'model_unavailable' });
  });
});

describe('settingsForModel', () => {
  it('sizes generation concurrency to the device and applies per-model overrides', () => {
    const settings = NodeRuntimeSettings.parse({
      batching: { maxBatchSize: 64 },
      models: { big: { generationConcurrency: 8, maxWaitMs: 0, executionProvider: 'cpu' } },
    });
    expect(settingsForModel(settings, 'small', 'cpu')).toMatchObject({ generationConcurrency: 1, maxBatchSize: 64, maxWaitMs: 4, maxQueuedGenerations: 16, maxQueuedInputs: 1024 });
    expect(settingsForModel(settings, 'small', 'cuda').generationConcurrency).toBe(4);
    expect(settingsForModel(settings, 'big', 'cuda')).toMatchObject({ generationConcurrency: 8, maxWaitMs: 0, executionProvider: 'cpu' });
  });
});
