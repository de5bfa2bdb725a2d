/**
 * Runs inside a worker thread (see model-worker/serve-model.ts): loads one text classifier and
 * answers classify requests with each text's label probabilities.
 */
import { z } from 'zod';

import { serveModel } from '../model-worker/serve-model.ts';
import type { ClassifiedText, TextClassifier } from './text-classifier.ts';
import { loadClassifierFromDisk } from './transformers-classifier.ts';

export interface ClassifierReady {
  labels: string[];
  maxInputTokens: number;
}

await serveModel<TextClassifier, ClassifierReady, string[], ClassifiedText[]>({
  entryName: 'classifier-worker.ts',
  load: loadClassifierFromDisk,
  ready: (classifier) => ({ labels: [...classifier.labels], maxInputTokens: classifier.maxInputTokens }),
  input: z.array(z.string()),
  run: (classifier, texts) => classifier.classify(texts),
});
