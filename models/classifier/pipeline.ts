/**
 * From corpus to shipped artifacts: featurize, train, round to fp16, calibrate on dev, choose
 * thresholds, export ONNX and write the manifest that describes it.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_FEATURE_CONFIG, type FeatureConfig } from '../../shared/features/index.ts';
import { ClassifierManifest } from '../../shared/classifier/manifest.ts';
import { TASK_LABELS, type CorpusExample } from './corpus/example.ts';
import { DIFFICULTY_LABELS, INJECTION_LABELS, encodeExample } from './dataset.ts';
import { exportClassifierOnnx } from './export-onnx.ts';
import { toClassifierWeights } from './network.ts';
import { trainAndCalibrate, type DecisionTargets, type EpochReport, type TrainingOptions } from './training.ts';

export const CLASSIFIER_ID = 'switchyard-edge-classifier';
export const CLASSIFIER_VERSION = '1.1.0';
export const CLASSIFIER_FILE = 'edge-classifier.onnx';

export interface PipelineOptions {
  features: FeatureConfig;
  training: Omit<TrainingOptions, 'shape'> & { dimension: number; hidden: number };
  targets: DecisionTargets;
}

/** The settings `npm run models:train` ships with (epochs and dropout chosen on the dev split among 10-20 epochs, dropout 0.3-0.7). */
export const DEFAULT_PIPELINE_OPTIONS: PipelineOptions = {
  features: DEFAULT_FEATURE_CONFIG,
  training: { seed: 1130, epochs: 20, batchSize: 32, learningRate: 0.01, featureDropout: 0.6, headWeights: { injection: 1, difficulty: 1, task: 0.5 }, dimension: 16, hidden: 64 },
  targets: {
    injectionMaxFalsePositiveRate: 0.02,
    injectionFloor: 0.5,
    difficultyTargetAccuracy: 0.95,
    taskTargetAccuracy: 0.85,
    confidenceFloor: { difficulty: 0.6, task: 0.4 },
  },
};

export interface PipelineResult {
  onnx: Uint8Array;
  manifest: ClassifierManifest;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface PipelineInput {
  train: readonly CorpusExample[];
  dev: readonly CorpusExample[];
  /** Hash of the corpus files, recorded in the manifest. */
  corpusSha256?: string;
  options?: PipelineOptions;
  log?: (message: string) => void;
}

/** Trains and exports; returns the .onnx bytes and the manifest (not written to disk). */
export function runPipeline({ train, dev, corpusSha256, options = DEFAULT_PIPELINE_OPTIONS, log = () => {} }: PipelineInput): PipelineResult {
  const started = performance.now();
  const trainEncoded = train.map((example) => encodeExample(example, options.features));
  const devEncoded = dev.map((example) => encodeExample(example, options.features));
  log(`featurized ${train.length} train + ${dev.length} dev examples in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const { dimension, hidden, ...training } = options.training;
  const shape = { buckets: options.features.buckets, dimension, hidden, classes: { injection: 2, difficulty: 2, task: TASK_LABELS.length } };
  const { network, evaluation } = trainAndCalibrate(trainEncoded, devEncoded, { ...training, shape }, options.targets, (report: EpochReport) =>
    log(`epoch ${report.epoch}/${report.epochs}  loss ${report.loss.toFixed(4)}  (${(report.milliseconds / 1000).toFixed(1)} s)`),
  );
  log(
    `dev: injection AUC ${evaluation.metrics.injection.auc}, difficulty accuracy ${evaluation.metrics.difficulty.accuracy}, task accuracy ${evaluation.metrics.task.accuracy}; ` +
      `temperatures ${JSON.stringify(evaluation.temperatures)}; thresholds ${JSON.stringify(evaluation.thresholds)}`,
  );

  const onnx = exportClassifierOnnx(toClassifierWeights(network, evaluation.temperatures), {
    docString: `${CLASSIFIER_ID} ${CLASSIFIER_VERSION}: hashed n-gram embedding bag (${shape.buckets}x${dimension}, fp16) -> dense ${hidden} ReLU -> injection/difficulty/task heads. Built by npm run models:train.`,
  });
  const manifest = ClassifierManifest.parse({
    id: CLASSIFIER_ID,
    version: CLASSIFIER_VERSION,
    sha256: sha256Hex(onnx),
    file: CLASSIFIER_FILE,
    createdBy: 'npm run models:train (models/classifier/train.ts)',
    labels: { injection: [...INJECTION_LABELS], difficulty: [...DIFFICULTY_LABELS], task: [...TASK_LABELS] },
    features: options.features,
    calibration: evaluation.temperatures,
    thresholds: evaluation.thresholds,
    training: { seed: training.seed, epochs: training.epochs, trainExamples: train.length, devExamples: dev.length, ...(corpusSha256 ? { corpusSha256 } : {}) },
    metrics: {
      split: 'dev (models/classifier/corpus/dev.jsonl: template groups never seen in training)',
      network: { dimension, hidden, bytes: onnx.length },
      decisionTargets: options.targets,
      ...evaluation.metrics,
    },
  });
  return { onnx, manifest };
}
