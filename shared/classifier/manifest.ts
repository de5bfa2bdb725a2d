/**
 * The edge classifier's manifest (models/classifier/edge-classifier.manifest.json): what the
 * .onnx file is, its labels, the exact feature settings it was trained with, calibration and
 * decision thresholds, and its dev-set metrics. Both runtimes read it next to the model.
 */
import { z } from 'zod';
import { FeatureConfig } from '../features/index.ts';

export const ClassifierManifest = z.strictObject({
  id: z.string().min(1),
  version: z.string().min(1),
  /** Lowercase hex SHA-256 of the .onnx file; runtimes refuse a file that does not match. */
  sha256: z.string().regex(/^[a-f0-9]{64}$/),
  file: z.string().min(1),
  createdBy: z.string().optional(),
  labels: z.strictObject({
    injection: z.tuple([z.literal('benign'), z.literal('attack')]),
    difficulty: z.tuple([z.literal('simple'), z.literal('complex')]),
    task: z.array(z.string().min(1)).min(2),
  }),
  features: FeatureConfig,
  /** Softmax temperatures fitted on the dev split (already folded into the graph). */
  calibration: z.strictObject({ injection: z.number().positive(), difficulty: z.number().positive(), task: z.number().positive() }),
  thresholds: z.strictObject({
    /** Attack probability at or above which a text is flagged. */
    injection: z.number().min(0).max(1),
    /** Below these top-class probabilities the route decision is marked uncertain. */
    difficultyConfidence: z.number().min(0).max(1),
    taskConfidence: z.number().min(0).max(1),
  }),
  training: z
    .strictObject({
      seed: z.int(),
      epochs: z.int(),
      trainExamples: z.int(),
      devExamples: z.int(),
      corpusSha256: z.string().optional(),
    })
    .optional(),
  /** Dev-split metrics, for humans; `npm run eval` reports the public sets. */
  metrics: z.record(z.string(), z.unknown()).optional(),
});
export type ClassifierManifest = z.infer<typeof ClassifierManifest>;

/** ONNX I/O names; the exporter writes them, the runtimes feed and read them. */
export const CLASSIFIER_IO = {
  inputs: { ids: 'ids', weights: 'weights' },
  outputs: { injection: 'injection', difficulty: 'difficulty', task: 'task' },
} as const;
