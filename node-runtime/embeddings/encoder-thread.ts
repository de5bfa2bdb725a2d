/**
 * A SentenceEncoder whose model runs in its own worker thread (encoder-worker.ts). Same interface
 * as an in-thread encoder; texts go over, vectors come back in one transferred buffer.
 */
import type { ExecutionProvider } from '../execution-provider/index.ts';
import { startModelWorker } from '../model-worker/start-model-worker.ts';
import type { InstalledManifest } from '../models/manifest.ts';
import type { EncodedBatch, EncoderReady } from './encoder-worker.ts';
import type { EncodedText, SentenceEncoder } from './sentence-encoder.ts';

const ENTRY = new URL('./encoder-worker.ts', import.meta.url);

/**
 * Starts a worker that loads the encoder folder on `provider`; resolves once it is loaded,
 * rejects with the load error (the worker is gone by then).
 *
 * @example
 *   const encoder = await loadEncoderInWorker(manifest, dir, 'cuda');
 */
export async function loadEncoderInWorker(manifest: InstalledManifest, dir: string, provider: ExecutionProvider): Promise<SentenceEncoder> {
  const worker = await startModelWorker<EncoderReady, string[], EncodedBatch>({ entry: ENTRY, kind: 'encoder', manifest, dir, provider });
  const { dimensions, maxInputTokens } = worker.ready;
  return {
    dimensions,
    maxInputTokens,
    executionProvider: provider,
    async encode(texts: readonly string[]): Promise<EncodedText[]> {
      if (texts.length === 0) return [];
      const { vectors, tokens } = await worker.call([...texts]);
      return tokens.map((count, row) => ({ vector: vectors.subarray(row * dimensions, (row + 1) * dimensions), tokens: count }));
    },
    dispose: () => worker.dispose(),
  };
}
