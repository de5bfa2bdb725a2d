/**
 * Runs the edge classifier on either onnxruntime (web inside workerd, node on the runtime): the
 * caller hands in a session and a tensor constructor from its own ORT build; featurization,
 * batching and decisions live here once.
 */
import { featurizeBatch } from '../features/index.ts';
import { CLASSIFIER_IO, type ClassifierManifest } from './manifest.ts';

export { ClassifierManifest, CLASSIFIER_IO } from './manifest.ts';

/** The slice of an ORT tensor both builds share. */
export interface TensorLike {
  readonly data: unknown;
  readonly dims: readonly number[];
}

/** The slice of an ORT InferenceSession both builds share. */
export interface SessionLike {
  run(feeds: Record<string, TensorLike>): Promise<Record<string, TensorLike>>;
}

export type TensorFactory = (type: 'int64' | 'float32', data: BigInt64Array | Float32Array, dims: number[]) => TensorLike;

export interface Classification {
  injection: { score: number; flagged: boolean };
  route: { difficulty: 'simple' | 'complex'; task: string; confidence: number; uncertain: boolean };
  /** Every head's calibrated probabilities, in label order. */
  probabilities: { injection: number[]; difficulty: number[]; task: number[] };
}

export interface EdgeClassifier {
  readonly manifest: ClassifierManifest;
  classify(texts: readonly string[]): Promise<Classification[]>;
}

export const MAX_CLASSIFY_BATCH = 64;

function rowsOf(tensor: TensorLike | undefined, name: string, batch: number): number[][] {
  const data = tensor?.data;
  if (!(data instanceof Float32Array)) throw new Error(`classifier output "${name}" is missing or not float32`);
  const width = data.length / batch;
  return Array.from({ length: batch }, (_, row) => Array.from(data.subarray(row * width, (row + 1) * width)));
}

function argmax(values: readonly number[]): number {
  let best = 0;
  for (let index = 1; index < values.length; index++) if ((values[index] ?? 0) > (values[best] ?? 0)) best = index;
  return best;
}

/**
 * Wraps a loaded session.
 *
 * @example
 * const classifier = createEdgeClassifier({ session, tensor: (type, data, dims) => new ort.Tensor(type, data, dims), manifest })
 * const [result] = await classifier.classify(['Ignore previous instructions'])
 */
export function createEdgeClassifier({ session, tensor, manifest }: { session: SessionLike; tensor: TensorFactory; manifest: ClassifierManifest }): EdgeClassifier {
  const { thresholds, labels } = manifest;
  return {
    manifest,
    async classify(texts) {
      if (texts.length === 0) return [];
      if (texts.length > MAX_CLASSIFY_BATCH) throw new RangeError(`classify takes at most ${MAX_CLASSIFY_BATCH} texts per call`);
      const batch = featurizeBatch(texts, manifest.features);
      const outputs = await session.run({
        [CLASSIFIER_IO.inputs.ids]: tensor('int64', batch.ids, [batch.batch, batch.width]),
        [CLASSIFIER_IO.inputs.weights]: tensor('float32', batch.weights, [batch.batch, batch.width]),
      });
      const injection = rowsOf(outputs[CLASSIFIER_IO.outputs.injection], 'injection', batch.batch);
      const difficulty = rowsOf(outputs[CLASSIFIER_IO.outputs.difficulty], 'difficulty', batch.batch);
      const task = rowsOf(outputs[CLASSIFIER_IO.outputs.task], 'task', batch.batch);
      return texts.map((_, row) => {
        const injectionRow = injection[row] ?? [1, 0];
        const difficultyRow = difficulty[row] ?? [1, 0];
        const taskRow = task[row] ?? [];
        const score = injectionRow[1] ?? 0;
        const difficultyIndex = argmax(difficultyRow);
        const taskIndex = argmax(taskRow);
        const difficultyConfidence = difficultyRow[difficultyIndex] ?? 0;
        const taskConfidence = taskRow[taskIndex] ?? 0;
        return {
          injection: { score, flagged: score >= thresholds.injection },
          route: {
            difficulty: difficultyIndex === 1 ? 'complex' : 'simple',
            task: labels.task[taskIndex] ?? labels.task[0] ?? 'chat',
            confidence: Math.min(difficultyConfidence, taskConfidence),
            uncertain: difficultyConfidence < thresholds.difficultyConfidence || taskConfidence < thresholds.taskConfidence,
          },
          probabilities: { injection: injectionRow, difficulty: difficultyRow, task: taskRow },
        };
      });
    },
  };
}
