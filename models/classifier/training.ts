/**
 * Training, calibration and threshold choice for the edge classifier. Everything is a pure
 * function of the examples and the options: a seeded shuffle per epoch, fixed batch order, and
 * float64 arithmetic, so a rerun reproduces the same weights bit for bit.
 */
import { createSeededRandom } from '../../shared/random/seeded-random.ts';
import {
  argmax,
  binaryMetrics,
  expectedCalibrationError,
  fitTemperature,
  multiclassMetrics,
  pickConfidenceThreshold,
  pickInjectionThreshold,
  recallAtFalsePositiveRate,
  rocAuc,
} from './metrics.ts';
import { HEADS, accumulate, createGradients, createNetwork, forward, quantizedCopy, type EncodedExample, type HeadName, type Network, type NetworkShape } from './network.ts';
import { createAdam } from './optimizer.ts';

export interface TrainingOptions {
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Share of an example's features dropped at each visit (re-normalized), so no single n-gram carries a decision. */
  featureDropout: number;
  /** Relative weight of each head's loss. */
  headWeights: Record<HeadName, number>;
  shape: NetworkShape;
}

export interface DecisionTargets {
  /** Highest dev false-positive rate the injection threshold may have. */
  injectionMaxFalsePositiveRate: number;
  injectionFloor: number;
  difficultyTargetAccuracy: number;
  taskTargetAccuracy: number;
  confidenceFloor: { difficulty: number; task: number };
}

export interface EpochReport {
  epoch: number;
  epochs: number;
  loss: number;
  milliseconds: number;
}

function shuffled(count: number, random: () => number): number[] {
  const order = Array.from({ length: count }, (_, index) => index);
  for (let index = count - 1; index > 0; index--) {
    const swap = Math.floor(random() * (index + 1));
    [order[index], order[swap]] = [order[swap] ?? 0, order[index] ?? 0];
  }
  return order;
}

function dropFeatures(example: EncodedExample, rate: number, random: () => number): EncodedExample {
  if (rate <= 0) return example;
  const ids: number[] = [];
  const weights: number[] = [];
  let norm = 0;
  for (let index = 0; index < example.ids.length; index++) {
    if (random() < rate) continue;
    const weight = example.weights[index] ?? 0;
    ids.push(example.ids[index] ?? 0);
    weights.push(weight);
    norm += weight * weight;
  }
  norm = Math.sqrt(norm) || 1;
  return { ids: Int32Array.from(ids), weights: Float32Array.from(weights, (weight) => weight / norm), labels: example.labels };
}

/** Trains a fresh network; `onEpoch` reports progress after each epoch. */
export function trainNetwork(examples: readonly EncodedExample[], options: TrainingOptions, onEpoch: (report: EpochReport) => void = () => {}): Network {
  const random = createSeededRandom(options.seed);
  const network = createNetwork(options.shape, random);
  const adam = createAdam(network, { learningRate: options.learningRate });
  const gradients = createGradients(network);
  const totalSteps = options.epochs * Math.ceil(examples.length / options.batchSize);
  let step = 0;
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const started = performance.now();
    const order = shuffled(examples.length, random);
    let loss = 0;
    for (let start = 0; start < order.length; start += options.batchSize) {
      const batch = order.slice(start, start + options.batchSize);
      for (const index of batch) {
        const example = examples[index];
        if (example) loss += accumulate(network, dropFeatures(example, options.featureDropout, random), gradients, options.headWeights, 1 / batch.length);
      }
      // Linear decay to a tenth of the rate: large early steps, stable final weights.
      adam.step(gradients, options.learningRate * (1 - (0.9 * step) / totalSteps));
      step += 1;
    }
    onEpoch({ epoch, epochs: options.epochs, loss: loss / Math.max(1, examples.length), milliseconds: performance.now() - started });
  }
  return network;
}

export interface HeadMetrics {
  examples: number;
  accuracy: number;
  macroF1: number;
  expectedCalibrationError: number;
  confusion: number[][];
  /** Share of dev decisions at or above the confidence threshold, and their accuracy. */
  confidentCoverage?: number;
  confidentAccuracy?: number;
}

export interface DevEvaluation {
  temperatures: Record<HeadName, number>;
  thresholds: { injection: number; difficultyConfidence: number; taskConfidence: number };
  metrics: {
    injection: { examples: number; auc: number; recallAt1PercentFpr: number; recallAt3PercentFpr: number; atThreshold: Record<string, number> };
    difficulty: HeadMetrics;
    task: HeadMetrics;
  };
}

const round = (value: number, digits = 4): number => Number(value.toFixed(digits));

/**
 * Calibrates the (already fp16-rounded) network on dev, picks the decision thresholds there and
 * reports dev metrics with the calibrated probabilities, i.e. what the shipped file will do.
 */
export function calibrateOnDev(network: Network, dev: readonly EncodedExample[], targets: DecisionTargets): DevEvaluation {
  const outputs = dev.map((example) => forward(network, example));
  const temperatures = {} as Record<HeadName, number>;
  for (const head of HEADS) {
    const labeled = dev.map((example, index) => ({ label: example.labels[head], logits: outputs[index]?.logits[head] ?? new Float64Array() })).filter((item) => item.label >= 0);
    temperatures[head] = fitTemperature(
      labeled.map((item) => item.logits),
      labeled.map((item) => item.label),
    );
  }
  const calibrated = dev.map((example) => forward(network, example, temperatures));

  const injectionRows = dev.map((example, index) => ({ label: example.labels.injection, score: calibrated[index]?.probabilities.injection[1] ?? 0 })).filter((row) => row.label >= 0);
  const scores = injectionRows.map((row) => row.score);
  const attacks = injectionRows.map((row) => row.label === 1);
  const injectionThreshold = pickInjectionThreshold(scores, attacks, targets.injectionMaxFalsePositiveRate, targets.injectionFloor);

  const headMetrics = (head: 'difficulty' | 'task', targetAccuracy: number, floor: number) => {
    const rows = dev
      .map((example, index) => ({ label: example.labels[head], probabilities: calibrated[index]?.probabilities[head] ?? new Float64Array() }))
      .filter((row) => row.label >= 0);
    const predicted = rows.map((row) => argmax(row.probabilities));
    const confidences = rows.map((row) => Math.max(...row.probabilities));
    const correct = rows.map((row, index) => predicted[index] === row.label);
    const summary = multiclassMetrics(
      predicted,
      rows.map((row) => row.label),
      network.shape.classes[head],
    );
    const confident = pickConfidenceThreshold(confidences, correct, targetAccuracy, floor);
    const metrics: HeadMetrics = {
      examples: rows.length,
      accuracy: round(summary.accuracy),
      macroF1: round(summary.macroF1),
      expectedCalibrationError: round(expectedCalibrationError(confidences, correct)),
      confusion: summary.confusion,
      confidentCoverage: round(confident.coverage),
      confidentAccuracy: round(confident.accuracy),
    };
    return { metrics, threshold: round(confident.threshold, 3) };
  };
  const difficulty = headMetrics('difficulty', targets.difficultyTargetAccuracy, targets.confidenceFloor.difficulty);
  const task = headMetrics('task', targets.taskTargetAccuracy, targets.confidenceFloor.task);

  const atThreshold = binaryMetrics(scores, attacks, injectionThreshold);
  return {
    temperatures,
    thresholds: { injection: injectionThreshold, difficultyConfidence: difficulty.threshold, taskConfidence: task.threshold },
    metrics: {
      injection: {
        examples: scores.length,
        auc: round(rocAuc(scores, attacks)),
        recallAt1PercentFpr: round(recallAtFalsePositiveRate(scores, attacks, 0.01).recall),
        recallAt3PercentFpr: round(recallAtFalsePositiveRate(scores, attacks, 0.03).recall),
        atThreshold: Object.fromEntries(Object.entries(atThreshold).map(([key, value]) => [key, round(value)])),
      },
      difficulty: difficulty.metrics,
      task: task.metrics,
    },
  };
}

/** Train, round to what the file stores, calibrate: the whole recipe in one call. */
export function trainAndCalibrate(train: readonly EncodedExample[], dev: readonly EncodedExample[], options: TrainingOptions, targets: DecisionTargets, onEpoch?: (report: EpochReport) => void): { network: Network; evaluation: DevEvaluation } {
  const network = quantizedCopy(trainNetwork(train, options, onEpoch));
  return { network, evaluation: calibrateOnDev(network, dev, targets) };
}
