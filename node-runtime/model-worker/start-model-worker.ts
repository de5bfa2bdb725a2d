/**
 * The host side of a model worker (serve-model.ts is the thread side): starts the worker module
 * through worker-bootstrap.mjs, waits for its ready or load-error message, then matches every
 * call to its reply by id. Once the thread fails or exits, every waiting call rejects with why,
 * and so does every later call.
 */
import { Worker } from 'node:worker_threads';

import type { ExecutionProvider } from '../execution-provider/index.ts';
import type { InstalledManifest } from '../models/manifest.ts';
import type { ModelWorkerReply, ModelWorkerRequest } from './serve-model.ts';

// The TypeScript loader is per thread: the bootstrap registers it, then imports `entry`.
const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);

export interface StartModelWorkerOptions {
  /** The worker module; it calls serveModel. */
  entry: URL;
  /** What the model is, for the thread's name (`encoder:<id>`) and the exit error. */
  kind: string;
  manifest: InstalledManifest;
  dir: string;
  provider: ExecutionProvider;
}

export interface ModelWorker<Ready, Call, Result> {
  /** What the worker said once its model had loaded. */
  readonly ready: Ready;
  /** Runs one call in the thread; rejects with the call's error, or with why the thread is gone. */
  call(input: Call): Promise<Result>;
  /** Disposes of the model and waits for the thread to end; nothing to do once it is gone. */
  dispose(): Promise<void>;
}

/**
 * Starts a worker thread that loads one model folder on `provider`; resolves once it is loaded,
 * rejects with the load error (the thread is gone by then).
 *
 * @example
 *   const worker = await startModelWorker<EncoderReady, string[], EncodedBatch>({ entry: new URL('./encoder-worker.ts', import.meta.url), kind: 'encoder', manifest, dir, provider: 'cuda' });
 *   const { vectors } = await worker.call(['first text', 'second text']);
 */
export function startModelWorker<Ready, Call, Result>({ entry, kind, manifest, dir, provider }: StartModelWorkerOptions): Promise<ModelWorker<Ready, Call, Result>> {
  const worker = new Worker(BOOTSTRAP, { workerData: { entry: entry.href, manifest, dir, provider }, name: `${kind}:${manifest.id}` });
  const pending = new Map<number, { resolve: (result: Result) => void; reject: (error: Error) => void }>();
  const send = (request: ModelWorkerRequest<Call>) => worker.postMessage(request);
  let nextId = 0;
  let exited: Error | undefined;

  return new Promise<ModelWorker<Ready, Call, Result>>((resolve, reject) => {
    const failAll = (error: Error) => {
      exited = error;
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
      reject(error);
    };
    worker.on('error', (error) => failAll(error));
    worker.on('exit', (code) => failAll(new Error(`the ${kind} worker for "${manifest.id}" exited (code ${code})`)));
    worker.on('message', (reply: ModelWorkerReply<Ready, Result>) => {
      if (reply.type === 'load-error') {
        reject(new Error(reply.message));
        return;
      }
      if (reply.type === 'ready') {
        resolve({
          ready: reply.ready,
          call(input: Call): Promise<Result> {
            if (exited) return Promise.reject(exited);
            const id = nextId++;
            return new Promise<Result>((resolveCall, rejectCall) => {
              pending.set(id, { resolve: resolveCall, reject: rejectCall });
              send({ type: 'call', id, input });
            });
          },
          async dispose() {
            if (exited) return;
            send({ type: 'dispose' });
            await new Promise((done) => worker.once('exit', done));
          },
        });
        return;
      }
      const waiter = pending.get(reply.id);
      if (!waiter) return;
      pending.delete(reply.id);
      if (reply.type === 'call-error') waiter.reject(new Error(reply.message));
      else waiter.resolve(reply.result);
    });
  });
}
