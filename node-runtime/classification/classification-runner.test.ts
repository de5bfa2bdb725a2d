/**
 * The classification runner on the fixture classifier: the response shape, concurrent requests
 * sharing model runs, overload refused at once, and an unloadable model answering 503.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildTinyClassifier, TINY_CLASSIFIER_MODEL_ID } from '../../models/fixtures/build-tiny-classifier.ts';
import { SwitchyardError } from '../../shared/errors/index.ts';
import { ClassificationsResponse } from '../../shared/schemas/classifications.ts';
import type { BatchEvent } from '../batching/micro-batcher.ts';
import { INSTALLED_MANIFEST_FILE, InstalledManifest } from '../models/manifest.ts';
import { createClassificationRunner } from './classification-runner.ts';
import type { TextClassifier } from './text-classifier.ts';
import { loadClassifierFromDisk } from './transformers-classifier.ts';

let root: string;
let loaded: TextClassifier;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'switchyard-classification-runner-'));
  const { modelDir } = await buildTinyClassifier({ outDir: root, log: () => {} });
  const manifest = InstalledManifest.parse(JSON.parse(await readFile(join(modelDir, INSTALLED_MANIFEST_FILE), 'utf8')));
  loaded = await loadClassifierFromDisk(manifest, modelDir, 'cpu');
});
afterAll(async () => {
  await loaded?.dispose();
  if (root) await rm(root, { recursive: true, force: true });
});

/** The fixture classifier, held before each batch until `release()`: a model that is busy. */
function heldClassifier(): { classifier: TextClassifier; release: () => void; started: Promise<void> } {
  let release = () => {};
  let markStarted = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  return {
    classifier: {
      ...loaded,
      classify: async (texts) => {
        markStarted();
        await gate;
        return loaded.classify(texts);
      },
    },
    release: () => release(),
    started,
  };
}

describe('createClassificationRunner', () => {
  it('answers in the ClassificationsResponse shape, one entry per input, in order', async () => {
    const runner = createClassificationRunner({ modelId: TINY_CLASSIFIER_MODEL_ID, classifier: async () => loaded, maxBatchSize: 8, maxWaitMs: 0, maxQueuedInputs: 64 });
    const response = ClassificationsResponse.parse(await runner.classify({ model: TINY_CLASSIFIER_MODEL_ID, input: ['one', '', 'three'] }));
    expect(response).toMatchObject({ object: 'list', model: TINY_CLASSIFIER_MODEL_ID });
    expect(response.data.map((item) => item.index)).toEqual([0, 1, 2]);
    const direct = await loaded.classify(['one', '', 'three']);
    expect(response.data.map(({ label, scores }) => ({ label, scores }))).toEqual(direct.map(({ label, scores }) => ({ label, scores })));

    const single = await runner.classify({ model: TINY_CLASSIFIER_MODEL_ID, input: 'one' });
    expect(single.data).toEqual([response.data[0]]);
  });

  it('runs concurrent requests together and gives each its own results', async () => {
    const batches: BatchEvent[] = [];
    const runner = createClassificationRunner({ modelId: TINY_CLASSIFIER_MODEL_ID, classifier: async () => loaded, maxBatchSize: 16, maxWaitMs: 20, maxQueuedInputs: 64, onBatch: (event) => batches.push(event) });
    const [first, second] = await Promise.all([
      runner.classify({ model: TINY_CLASSIFIER_MODEL_ID, input: ['alpha', 'beta'] }),
      runner.classify({ model: TINY_CLASSIFIER_MODEL_ID, input: ['gamma'] }),
    ]);
    expect(batches.map((event) => event.size)).toEqual([3]);
    const direct = await loaded.classify(['alpha', 'beta', 'gamma']);
    expect(first.data.map((item) => item.scores)).toEqual(direct.slice(0, 2).map((item) => item.scores));
    expect(second.data.map((item) => [item.index, item.scores])).toEqual([[0, direct[2]?.scores]]);
  });

  it('refuses at once with 503 model_overloaded when the queue is full, and serves the queued work after', async () => {
    const held = heldClassifier();
    const refusals: string[] = [];
    const runner = createClassificationRunner({ modelId: TINY_CLASSIFIER_MODEL_ID, classifier: async () => held.classifier, maxBatchSize: 4, maxWaitMs: 0, maxQueuedInputs: 4, onRefuse: (reason) => refusals.push(reason) });
    const running = runner.classify({ model: TINY_CLASSIFIER_MODEL_ID, input: ['running'] });
    await held.started;
    const queued = runner.classify({ model: TINY_CLASSIFIER_MODEL_ID, input: ['a', 'b', 'c'] });
    // classify() checks that the model is loaded before it queues.
    await new Promise((resolve) => setImmediate(resolve));
    expect(runner.batcherStats()).toMatchObject({ batchRunning: true, queuedInputs: 3 });

    const started = performance.now();
    const refused = await runner.classify({ model: TINY_CLASSIFIER_MODEL_ID, input: ['d', 'e'] }).catch((error: unknown) => error);
    expect(performance.now() - started).toBeLessThan(100);
    expect(SwitchyardError.isInstance(refused) && { status: refused.statusCode, code: refused.code, retry: (refused.retryAfterSeconds ?? 0) >= 1 }).toEqual({ status: 503, code: 'model_overloaded', retry: true });
    expect(refusals).toEqual(['queue_full']);

    held.release();
    expect((await running).data).toHaveLength(1);
    expect((await queued).data.map((item) => item.index)).toEqual([0, 1, 2]);
  });

  it('answers 503 model_unavailable, saying why, when the model cannot load', async () => {
    const runner = createClassificationRunner({
      modelId: 'broken-classifier',
      classifier: () => Promise.reject(new Error('onnx/model.onnx: protobuf parsing failed\nstack trace')),
      maxBatchSize: 4,
      maxWaitMs: 0,
      maxQueuedInputs: 4,
    });
    const error = await runner.classify({ model: 'broken-classifier', input: 'text' }).catch((thrown: unknown) => thrown);
    expect(SwitchyardError.isInstance(error) && [error.statusCode, error.code, error.message]).toEqual([
      503,
      'model_unavailable',
      'Local classification model "broken-classifier" is unavailable: onnx/model.onnx: protobuf parsing failed. GET /readyz on the node runtime shows its state.',
    ]);
    expect(runner.batcherStats().queuedInputs).toBe(0);
  });
});
