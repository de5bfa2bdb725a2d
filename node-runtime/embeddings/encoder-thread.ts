/**
 * A SentenceEncoder whose model runs in its own worker thread (encoder-worker.ts). Same interface
 * as an in-thread encoder; texts go over, vectors come back in one transferred buffer.
 */
import { Worker } from 'node:worker_threads';

import type { ExecutionProvider } from '../execution-provider/index.ts';
import type { InstalledManifest } from '../models/manifest.ts';
import type { EncoderWorkerReply } from './encoder-worker.ts';
import type { EncodedText, SentenceEncoder } from './sentence-encoder.ts';

const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);
const ENTRY = new URL('./encoder-worker.ts', import.meta.url).href;

/**
 * Starts a worker that loads the encoder folder on `provider`; resolves once it is loaded,
 * rejects with the load error (the worker is gone by then).
 *
 * @example
 *   const encoder = await loadEncoderInWorker(manifest, dir, 'cuda');
 */
export function loadEncoderInWorker(manifest: InstalledManifest, dir: string, provider: ExecutionProvider): Promise<SentenceEncoder> {
  const worker = new Worker(BOOTSTRAP, { workerData: { entry: ENTRY, manifest, dir, provider }, name: `encoder:${manifest.id}` });
  const pending = new Map<number, { resolve: (value: EncodedText[]) => void; reject: (error: Error) => void }>();
  let dimensions = 0;
  let nextId = 0;
  let exited: Error | undefined;

  return new Promise<SentenceEncoder>((resolve, reject) => {
    const failAll = (error: Error) => {
      exited = error;
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
      reject(error);
    };
    worker.on('error', (error) => failAll(error));
    worker.on('exit', (code) => failAll(new Error(`the encoder worker for "${manifest.id}" exited (code ${code})`)));
    worker.on('message', (reply: EncoderWorkerReply) => {
      if (reply.type === 'load-error') {
        reject(new Error(reply.message));
        return;
      }
      if (reply.type === 'ready') {
        dimensions = reply.dimensions;
        const { maxInputTokens } = reply;
        resolve({
          dimensions,
          maxInputTokens,
          executionProvider: provider,
          encode(texts: readonly string[]): Promise<EncodedText[]> {
            if (exited) return Promise.reject(exited);
            if (texts.length === 0) return Promise.resolve([]);
            const id = nextId++;
            return new Promise<EncodedText[]>((resolveEncode, rejectEncode) => {
              pending.set(id, { resolve: resolveEncode, reject: rejectEncode });
              worker.postMessage({ type: 'encode', id, texts: [...texts] });
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
      if (reply.type === 'encode-error') {
        waiter.reject(new Error(reply.message));
        return;
      }
      waiter.resolve(reply.tokens.map((tokens, row) => ({ vector: reply.vectors.subarray(row * dimensions, (row + 1) * dimensions), tokens })));
    });
  });
}
