/**
 * A TextClassifier whose model runs in its own worker thread (classifier-worker.ts). Same
 * interface as the in-thread classifier; texts go over, label probabilities come back.
 */
import type { ExecutionProvider } from '../execution-provider/index.ts';
import { startModelWorker } from '../model-worker/start-model-worker.ts';
import type { InstalledManifest } from '../models/manifest.ts';
import type { ClassifierReady } from './classifier-worker.ts';
import type { ClassifiedText, TextClassifier } from './text-classifier.ts';

const ENTRY = new URL('./classifier-worker.ts', import.meta.url);

/**
 * Starts a worker that loads the classifier folder on `provider`; resolves once it is loaded,
 * rejects with the load error (the worker is gone by then).
 *
 * @example
 *   const classifier = await loadClassifierInWorker(manifest, dir, 'cuda');
 */
export async function loadClassifierInWorker(manifest: InstalledManifest, dir: string, provider: ExecutionProvider): Promise<TextClassifier> {
  const worker = await startModelWorker<ClassifierReady, string[], ClassifiedText[]>({ entry: ENTRY, kind: 'classifier', manifest, dir, provider });
  return {
    labels: worker.ready.labels,
    maxInputTokens: worker.ready.maxInputTokens,
    executionProvider: provider,
    async classify(texts: readonly string[]): Promise<ClassifiedText[]> {
      if (texts.length === 0) return [];
      return worker.call([...texts]);
    },
    dispose: () => worker.dispose(),
  };
}
