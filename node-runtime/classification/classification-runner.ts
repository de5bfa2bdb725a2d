/**
 * The node runtime's classification runner: each text of a `POST /v1/classifications` request
 * goes through the model's micro-batcher, so concurrent requests share model runs, and a full
 * queue or an unmeetable deadline is refused at once with the runtime's usual 503.
 */
import type { ClassificationsRequest, ClassificationsResponse } from '../../shared/schemas/classifications.ts';
import type { AdmissionRunOptions } from '../admission/admission.ts';
import { createBatchedModel, modelUnavailableError, type BatchingOptions } from '../batching/batched-model.ts';
import type { BatcherStats } from '../batching/micro-batcher.ts';
import type { ClassifiedText, TextClassifier } from './text-classifier.ts';

export interface ClassificationRunnerOptions extends BatchingOptions {
  modelId: string;
  /** Resolves with the loaded classifier; a rejection becomes a 503. Called for every batch, so it should memoize. */
  classifier: () => Promise<TextClassifier>;
}

export interface ClassificationRunner {
  readonly modelId: string;
  /** Scores every input; rejects with a SwitchyardError (503 when overloaded or unavailable). */
  classify(request: ClassificationsRequest, options?: AdmissionRunOptions): Promise<ClassificationsResponse>;
  batcherStats(): BatcherStats;
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
export function createClassificationRunner({ modelId, classifier, ...batching }: ClassificationRunnerOptions): ClassificationRunner {
  if (!modelId) throw new Error('createClassificationRunner requires "modelId"');
  if (typeof classifier !== 'function') throw new Error('createClassificationRunner requires "classifier"');

  const model = createBatchedModel<TextClassifier, ClassifiedText>({
    ...batching,
    modelId,
    kind: 'classification',
    load: classifier,
    runBatch: async (loaded, batch) => {
      try {
        return await loaded.classify(batch);
      } catch (error) {
        throw modelUnavailableError('classification', modelId, error);
      }
    },
  });

  return {
    modelId,
    batcherStats: () => model.stats(),

    async classify(request: ClassificationsRequest, options: AdmissionRunOptions = {}): Promise<ClassificationsResponse> {
      const texts = typeof request.input === 'string' ? [request.input] : request.input;
      // Load (or fail) before queueing, so a broken model answers 503 without taking queue room.
      await model.loaded();
      const classified = await model.submit(texts, options);
      return {
        object: 'list',
        model: modelId,
        data: classified.map(({ label, score, scores }, index) => ({ object: 'classification', index, label, score, scores })),
      };
    },
  };
}
