/**
 * The thread side of a model worker (start-model-worker.ts is the host side): loads one model
 * from the folder named in workerData, says it is ready or why it cannot load, answers one reply
 * per call and disposes of the model when asked. onnxruntime-node's `run` (and long tokenizing)
 * block the thread they are called on, so inference lives here and the runtime's event loop keeps
 * accepting and batching requests meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { z } from 'zod';

import type { ExecutionProvider } from '../execution-provider/index.ts';
import { InstalledManifest } from '../models/manifest.ts';

// What startModelWorker puts in workerData beside the bootstrap's `entry`.
const WorkerInput = z.object({
  manifest: InstalledManifest,
  dir: z.string(),
  provider: z.enum(['cpu', 'cuda']),
});

const Request = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), id: z.int(), input: z.unknown() }),
  z.object({ type: z.literal('dispose') }),
]);

export type ModelWorkerRequest<Call> = { type: 'call'; id: number; input: Call } | { type: 'dispose' };

export type ModelWorkerReply<Ready, Result> =
  | { type: 'ready'; ready: Ready }
  | { type: 'load-error'; message: string }
  | { type: 'result'; id: number; result: Result }
  | { type: 'call-error'; id: number; message: string };

export interface ServeModelOptions<Model extends { dispose(): Promise<void> }, Ready, Call, Result> {
  /** The worker module's file name, for the error thrown when it runs outside a worker thread. */
  entryName: string;
  load: (manifest: InstalledManifest, dir: string, provider: ExecutionProvider) => Promise<Model>;
  /** What the host learns once the model has loaded; must survive structured cloning. */
  ready: (model: Model) => Ready;
  /** Checks one call's input as it arrives from the host, e.g. a zod schema. */
  input: { parse(value: unknown): Call };
  /** Answers one call; a rejection goes back to the caller as an Error with the same message. */
  run: (model: Model, input: Call) => Promise<Result>;
  /** Buffers of a result to move to the host rather than copy. */
  transfer?: (result: Result) => ArrayBuffer[];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Serves one model from inside a worker thread started by startModelWorker; call it at the top
 * level of the worker module. A model that cannot load ends the thread after saying why.
 *
 * @example
 *   await serveModel({ entryName: 'classifier-worker.ts', load: loadClassifierFromDisk, ready: (model) => ({ labels: [...model.labels] }),
 *     input: z.array(z.string()), run: (model, texts) => model.classify(texts) });
 */
export async function serveModel<Model extends { dispose(): Promise<void> }, Ready, Call, Result>({
  entryName,
  load,
  ready,
  input,
  run,
  transfer = () => [],
}: ServeModelOptions<Model, Ready, Call, Result>): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error(`${entryName} must run in a worker thread`);
  const post = (reply: ModelWorkerReply<Ready, Result>, transferList: ArrayBuffer[] = []) => port.postMessage(reply, transferList);
  const { manifest, dir, provider } = WorkerInput.parse(workerData);
  let model: Model;
  try {
    model = await load(manifest, dir, provider);
    post({ type: 'ready', ready: ready(model) });
  } catch (error) {
    post({ type: 'load-error', message: messageOf(error) });
    process.exit(0);
  }

  port.on('message', (raw: unknown) => {
    const request = Request.parse(raw);
    if (request.type === 'dispose') {
      void model.dispose().finally(() => port.close());
      return;
    }
    run(model, input.parse(request.input)).then(
      (result) => post({ type: 'result', id: request.id, result }, transfer(result)),
      (error: unknown) => post({ type: 'call-error', id: request.id, message: messageOf(error) }),
    );
  });
}
