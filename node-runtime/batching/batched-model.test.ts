/**
 * createBatchedModel: loads before queueing, turns load failures into one 503 that says why,
 * batches on the loaded model, and passes the request's signal and deadline to the batcher.
 */
import { describe, expect, it } from 'vitest';

import { InvalidRequestError, SwitchyardError } from '../../shared/errors/index.ts';
import type { RefusalReason } from '../admission/admission.ts';
import { createBatchedModel, modelUnavailableError } from './batched-model.ts';

const LIMITS = { maxBatchSize: 8, maxWaitMs: 5, maxQueuedInputs: 16 };

/** A "model" that upper-cases text and records the batches it ran. */
function upperCaser() {
  const batches: string[][] = [];
  const model = {
    async upper(texts: string[]): Promise<string[]> {
      batches.push(texts);
      return texts.map((text) => text.toUpperCase());
    },
  };
  return { batches, model };
}

describe('createBatchedModel', () => {
  it('runs concurrent submissions as one batch on the loaded model, each caller getting its own outputs', async () => {
    const { batches, model } = upperCaser();
    let loads = 0;
    const load = async () => {
      loads += 1;
      return model;
    };
    const batched = createBatchedModel({ modelId: 'upper', kind: 'test', load, runBatch: (loaded, batch) => loaded.upper(batch), ...LIMITS });
    expect(await batched.loaded()).toBe(model);
    const [first, second] = await Promise.all([batched.submit(['a', 'b']), batched.submit(['c'])]);
    expect([first, second]).toEqual([['A', 'B'], ['C']]);
    expect(batches).toEqual([['a', 'b', 'c']]);
    expect(loads).toBe(2);
    expect(batched.stats()).toMatchObject({ queuedInputs: 0, batchRunning: false, maxBatchSize: 8, maxQueuedInputs: 16 });
  });

  it('answers 503 model_unavailable with the first line of why when the model cannot load, before and inside a batch', async () => {
    const batched = createBatchedModel({
      modelId: 'broken',
      kind: 'test',
      load: (): Promise<string> => Promise.reject(new Error('onnx/model.onnx: protobuf parsing failed\n    at some stack frame')),
      runBatch: async (_model, batch) => batch,
      ...LIMITS,
    });
    const message = 'Local test model "broken" is unavailable: onnx/model.onnx: protobuf parsing failed. GET /readyz on the node runtime shows its state.';
    for (const attempt of [batched.loaded(), batched.submit(['text'])]) {
      const error: unknown = await attempt.catch((failure: unknown) => failure);
      expect(SwitchyardError.isInstance(error) && [error.statusCode, error.code, error.message]).toEqual([503, 'model_unavailable', message]);
    }
  });

  it('passes the request signal and deadline to the batcher', async () => {
    const { model } = upperCaser();
    const refusals: RefusalReason[] = [];
    const batched = createBatchedModel({ modelId: 'upper', kind: 'test', load: async () => model, runBatch: (loaded, batch) => loaded.upper(batch), onRefuse: (reason) => refusals.push(reason), ...LIMITS });
    const aborted = AbortSignal.abort(new Error('caller went away'));
    await expect(batched.submit(['a'], { signal: aborted })).rejects.toThrow('caller went away');
    await expect(batched.submit(['a'], { deadlineAt: Date.now() - 1 })).rejects.toMatchObject({ statusCode: 503, code: 'deadline_unmeetable' });
    expect(refusals).toEqual(['deadline_unmeetable']);
  });
});

describe('modelUnavailableError', () => {
  it('keeps an error that is already a SwitchyardError and wraps anything else', () => {
    const invalid = new InvalidRequestError({ message: 'bad input', param: 'input' });
    expect(modelUnavailableError('test', 'm', invalid)).toBe(invalid);
    expect(modelUnavailableError('test', 'm', 'plain string')).toMatchObject({
      statusCode: 503,
      message: 'Local test model "m" is unavailable: plain string. GET /readyz on the node runtime shows its state.',
    });
  });
});
