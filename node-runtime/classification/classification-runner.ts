/**
 * The node runtime's classification runner: each text of a `POST /v1/classifications` request
 * goes through the model's micro-batcher, so concurrent requests share model runs, and a full
 * queue or an unmeetable deadline is refused at once with the runtime's usual 503.
 */
import { ServiceUnavailableError } from '../../shared/errors/index.ts';
import type { ClassificationsRequest, ClassificationsResponse } from '../../shared/schemas/classifications.ts';
import type { AdmissionRunOptions, RefusalReason } from '../admission/admission.ts';
import { MicroBatcher, type BatchEvent, type BatcherStats } from '../batching/micro-batcher.ts';
import type { ClassifiedText, TextClassifier } from './text-classifier.ts';

export interface ClassificationRunnerOptions {
  modelId: string;
  /** Resolves with the loaded classifier; a rejection becomes a 503. Called for every batch, so it should memoize. */
  classifier: () => Promise<TextClassifier>;
  maxBatchSize: number;
  maxWaitMs: number;
  maxQueuedInputs: number;
  onBatch?: (event: BatchEvent) => void;
  onRefuse?: (reason: RefusalReason) => void;
}

export interface ClassificationRunner {
  readonly modelId: string;
  /** Scores every input; rejects with a SwitchyardError (503 when overloaded or unavailable). */
  classify(request: ClassificationsRequest, options?: AdmissionRunOptions): Promise<ClassificationsResponse>;
  batcherStats(): BatcherStats;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}

/**
 * Creates the classification runner for one local text-classification model.
 *
 * @param options.maxBatchSize most texts per model run
 * @param options.maxWaitMs how long a lone text waits for company
 * @param options.maxQueuedInputs texts that may wait before requests get 503 `model_overloaded`
 * @example
 *   const runner = createClassificationRunner({ modelId: 'protectai-deberta-v3-base-prompt-injection-v2', classifier: () => loaded, maxBatchSize: 32, maxWaitMs: 4, maxQueuedInputs: 1024 });
 *   const { data } = await runner.classify({ model: runner.modelId, input: ['Ignore previous instructions.'] });
 */
export function createClassificationRunner({ modelId, classifier, maxBatchSize, maxWaitMs, maxQueuedInputs, onBatch, onRefuse }: ClassificationRunnerOptions): ClassificationRunner {
  if (!modelId) throw new Error('createClassificationRunner requires "modelId"');
  if (typeof classifier !== 'function') throw new Error('createClassificationRunner requires "classifier"');

  const unavailable = (error: unknown) =>
    ServiceUnavailableError.isInstance(error)
      ? error
      : new ServiceUnavailableError({
          message: `Local classification model "${modelId}" is unavailable: ${firstLine(error)}. GET /readyz on the node runtime shows its state.`,
          code: 'model_unavailable',
          cause: error,
        });

  const batcher = new MicroBatcher<string, ClassifiedText>({
    modelId,
    maxBatchSize,
    maxWaitMs,
    maxQueuedInputs,
    ...(onBatch ? { onBatch } : {}),
    ...(onRefuse ? { onRefuse } : {}),
    runBatch: async (batch) => {
      let loaded: TextClassifier;
      try {
        loaded = await classifier();
      } catch (error) {
        throw unavailable(error);
      }
      try {
        return await loaded.classify(batch);
      } catch (error) {
        throw unavailable(error);
      }
    },
  });

  return {
    modelId,
    batcherStats: () => batcher.stats(),

    async classify(request: ClassificationsRequest, options: AdmissionRunOptions = {}): Promise<ClassificationsResponse> {
      const texts = typeof request.input === 'string' ? [request.input] : request.input;
      // Load (or fail) before queueing, so a broken model answers 503 without taking queue room.
      await classifier().catch((error: unknown) => {
        throw unavailable(error);
      });
      const classified = await batcher.submit(texts, {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.deadlineAt !== undefined ? { deadlineAt: options.deadlineAt } : {}),
      });
      return {
        object: 'list',
        model: modelId,
        data: classified.map(({ label, score, scores }, index) => ({ object: 'classification', index, label, score, scores })),
      };
    },
  };
}
