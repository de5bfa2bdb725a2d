/**
 * A TextClassifier whose model runs in its own worker thread (classifier-worker.ts). Same
 * interface as the in-thread classifier; texts go over, label probabilities come back.
 */
import { Worker } from 'node:worker_threads';

import type { ExecutionProvider } from '../execution-provider/index.ts';
import type { InstalledManifest } from '../models/manifest.ts';
import type { ClassifierWorkerReply } from './classifier-worker.ts';
import type { ClassifiedText, TextClassifier } from './text-classifier.ts';

// The encoders' bootstrap registers the TypeScript loader in the thread, then imports `entry`.
const BOOTSTRAP = new URL('../embeddings/worker-bootstrap.mjs', import.meta.url);
const ENTRY = new URL('./classifier-worker.ts', import.meta.url).href;

/**
 * Starts a worker that loads the classifier folder on `provider`; resolves once it is loaded,
 * rejects with the load error (the worker is gone by then).
 *
 * @example
 *   const classifier = await loadClassifierInWorker(manifest, dir, 'cuda');
 */
export function loadClassifierInWorker(manifest: InstalledManifest, dir: string, provider: ExecutionProvider): Promise<TextClassifier> {
  const worker = new Worker(BOOTSTRAP, { workerData: { entry: ENTRY, manifest, dir, provider }, name: `classifier:${manifest.id}` });
  const pending = new Map<number, { resolve: (value: ClassifiedText[]) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let exited: Error | undefined;

  return new Promise<TextClassifier>((resolve, reject) => {
    const failAll = (error: Error) => {
      exited = error;
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
      reject(error);
    };
    worker.on('error', (error) => failAll(error));
    worker.on('exit', (code) => failAll(new Error(`the classifier worker for "${manifest.id}" exited (code ${code})`)));
    worker.on('message', (reply: ClassifierWorkerReply) => {
      if (reply.type === 'load-error') {
        reject(new Error(reply.message));
        return;
      }
      if (reply.type === 'ready') {
        resolve({
          labels: reply.labels,
          maxInputTokens: reply.maxInputTokens,
          executionProvider: provider,
          classify(texts: readonly string[]): Promise<ClassifiedText[]> {
            if (exited) return Promise.reject(exited);
            if (texts.length === 0) return Promise.resolve([]);
            const id = nextId++;
            return new Promise<ClassifiedText[]>((resolveClassify, rejectClassify) => {
              pending.set(id, { resolve: resolveClassify, reject: rejectClassify });
              worker.postMessage({ type: 'classify', id, texts: [...texts] });
            });
          },
          async dispose() {
            if (exited) return;
            worker.postMessage({ type: 'dispose' });
            await new Promise((done) => worker.once('exit', done));
          },
        });
        return;
      }
      const waiter = pending.get(reply.id);
      if (!waiter) return;
      pending.delete(reply.id);
      if (reply.type === 'classify-error') waiter.reject(new Error(reply.message));
      else waiter.resolve(reply.results);
    });
  });
}
