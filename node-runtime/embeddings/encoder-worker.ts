/**
 * Runs inside a worker thread: loads one encoder and answers encode requests. onnxruntime-node's
 * `run` blocks the thread it is called on, so inference lives here and the runtime's event loop
 * keeps accepting and batching requests while a batch computes.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { z } from 'zod';

import { InstalledManifest } from '../models/manifest.ts';
import { loadEncoderFromDisk } from './load-encoder.ts';
import type { SentenceEncoder } from './sentence-encoder.ts';

const WorkerInput = z.object({
  manifest: InstalledManifest,
  dir: z.string(),
  provider: z.enum(['cpu', 'cuda']),
});

const Request = z.discriminatedUnion('type', [
  z.object({ type: z.literal('encode'), id: z.int(), texts: z.array(z.string()) }),
  z.object({ type: z.literal('dispose') }),
]);

export type EncoderWorkerReply =
  | { type: 'ready'; dimensions: number; maxInputTokens: number }
  | { type: 'load-error'; message: string }
  | { type: 'encoded'; id: number; vectors: Float32Array; tokens: number[] }
  | { type: 'encode-error'; id: number; message: string };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const port = parentPort;
if (!port) throw new Error('encoder-worker.ts must run in a worker thread');
const post = (reply: EncoderWorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

const { manifest, dir, provider } = WorkerInput.parse(workerData);
let encoder: SentenceEncoder;
try {
  encoder = await loadEncoderFromDisk(manifest, dir, provider);
  post({ type: 'ready', dimensions: encoder.dimensions, maxInputTokens: encoder.maxInputTokens });
} catch (error) {
  post({ type: 'load-error', message: messageOf(error) });
  process.exit(0);
}

port.on('message', (raw: unknown) => {
  const request = Request.parse(raw);
  if (request.type === 'dispose') {
    void encoder.dispose().finally(() => port.close());
    return;
  }
  encoder.encode(request.texts).then(
    (encoded) => {
      const vectors = new Float32Array(encoded.length * encoder.dimensions);
      encoded.forEach(({ vector }, row) => vectors.set(vector, row * encoder.dimensions));
      post({ type: 'encoded', id: request.id, vectors, tokens: encoded.map((item) => item.tokens) }, [vectors.buffer]);
    },
    (error: unknown) => post({ type: 'encode-error', id: request.id, message: messageOf(error) }),
  );
});
