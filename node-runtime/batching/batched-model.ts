/**
 * What every micro-batched local model (embeddings, classification) wires the same way: a
 * MicroBatcher whose batches run on the loaded model, a load before queueing so a broken model
 * answers 503 without taking queue room, and load failures as the runtime's 503 `model_unavailable`.
 */
import { ServiceUnavailableError, type SwitchyardError } from '../../shared/errors/index.ts';
import type { AdmissionRunOptions, RefusalReason } from '../admission/admission.ts';
import { MicroBatcher, type BatchEvent, type BatcherStats } from './micro-batcher.ts';

/** The batching limits and telemetry hooks a runner passes through to its batcher. */
export interface BatchingOptions {
  maxBatchSize: number;
  maxWaitMs: number;
  maxQueuedInputs: number;
  onBatch?: (event: BatchEvent) => void;
  onRefuse?: (reason: RefusalReason) => void;
}

export interface BatchedModelOptions<Model, Output> extends BatchingOptions {
  modelId: string;
  /** The kind of model in the 503 message: `Local ${kind} model "<id>" is unavailable: …`. */
  kind: string;
  /** Resolves with the loaded model. Called for every batch, so it should memoize. */
  load: () => Promise<Model>;
  /** Runs one batch on the loaded model; one output per input, in order. */
  runBatch: (model: Model, inputs: string[]) => Promise<Output[]>;
}

export interface BatchedModel<Model, Output> {
  /** The loaded model, or a 503 `model_unavailable` that says why it is not. */
  loaded(): Promise<Model>;
  /** Queues `inputs` with the request's signal and deadline; resolves with their outputs in order. */
  submit(inputs: readonly string[], options?: AdmissionRunOptions): Promise<Output[]>;
  stats(): BatcherStats;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}

/**
 * The 503 for a local model that cannot serve, with the first line of why; an error that is
 * already a SwitchyardError stays itself.
 *
 * @example
 *   throw modelUnavailableError('classification', 'tiny-classifier', new Error('onnx/model.onnx: protobuf parsing failed'));
 */
export function modelUnavailableError(kind: string, modelId: string, error: unknown): SwitchyardError {
  return ServiceUnavailableError.isInstance(error)
    ? error
    : new ServiceUnavailableError({
        message: `Local ${kind} model "${modelId}" is unavailable: ${firstLine(error)}. GET /readyz on the node runtime shows its state.`,
        code: 'model_unavailable',
        cause: error,
      });
}

/**
 * Puts one local model behind its micro-batcher.
 *
 * @param options.kind names the model in 503 messages (`embedding`, `classification`)
 * @param options.maxQueuedInputs inputs that may wait before requests get 503 `model_overloaded`
 * @example
 *   const model = createBatchedModel({ modelId, kind: 'embedding', load: encoder, runBatch: (loaded, batch) => loaded.encode(batch), maxBatchSize: 32, maxWaitMs: 4, maxQueuedInputs: 1024 });
 *   const vectors = await model.submit(['some text'], { signal });
 */
export function createBatchedModel<Model, Output>({
  modelId,
  kind,
  load,
  runBatch,
  maxBatchSize,
  maxWaitMs,
  maxQueuedInputs,
  onBatch,
  onRefuse,
}: BatchedModelOptions<Model, Output>): BatchedModel<Model, Output> {
  const loaded = () =>
    load().catch((error: unknown) => {
      throw modelUnavailableError(kind, modelId, error);
    });
  const batcher = new MicroBatcher<string, Output>({
    modelId,
    maxBatchSize,
    maxWaitMs,
    maxQueuedInputs,
    onBatch,
    onRefuse,
    runBatch: async (batch) => runBatch(await loaded(), batch),
  });
  return {
    loaded,
    submit: (inputs, { signal, deadlineAt } = {}) => batcher.submit(inputs, { signal, deadlineAt }),
    stats: () => batcher.stats(),
  };
}
