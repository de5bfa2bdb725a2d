/**
 * Runs inside a worker thread: loads one text classifier and answers classify requests.
 * Tokenizing long texts and onnxruntime-node's `run` block the thread they are called on, so both
 * live here and the runtime's event loop keeps accepting and batching requests meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { z } from 'zod';

import { InstalledManifest } from '../models/manifest.ts';
import type { ClassifiedText, TextClassifier } from './text-classifier.ts';
import { loadClassifierFromDisk } from './transformers-classifier.ts';

const WorkerInput = z.object({
  manifest: InstalledManifest,
  dir: z.string(),
  provider: z.enum(['cpu', 'cuda']),
});

const Request = z.discriminatedUnion('type', [
  z.object({ type: z.literal('classify'), id: z.int(), texts: z.array(z.string()) }),
  z.object({ type: z.literal('dispose') }),
]);

export type ClassifierWorkerReply =
  | { type: 'ready'; labels: string[]; maxInputTokens: number }
  | { type: 'load-error'; message: string }
  | { type: 'classified'; id: number; results: ClassifiedText[] }
  | { type: 'classify-error'; id: number; message: string };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const port = parentPort;
if (!port) throw new Error('classifier-worker.ts must run in a worker thread');
const post = (reply: ClassifierWorkerReply) => port.postMessage(reply);

const { manifest, dir, provider } = WorkerInput.parse(workerData);
let classifier: TextClassifier;
try {
  classifier = await loadClassifierFromDisk(manifest, dir, provider);
  post({ type: 'ready', labels: [...classifier.labels], maxInputTokens: classifier.maxInputTokens });
} catch (error) {
  post({ type: 'load-error', message: messageOf(error) });
  process.exit(0);
}

port.on('message', (raw: unknown) => {
  const request = Request.parse(raw);
  if (request.type === 'dispose') {
    void classifier.dispose().finally(() => port.close());
    return;
  }
  classifier.classify(request.texts).then(
    (results) => post({ type: 'classified', id: request.id, results }),
    (error: unknown) => post({ type: 'classify-error', id: request.id, message: messageOf(error) }),
  );
});
