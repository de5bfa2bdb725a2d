/** Loads an encoder folder in the current thread, with the loader its manifest's layout names. */
import type { ExecutionProvider } from '../execution-provider/index.ts';
import type { InstalledManifest } from '../models/manifest.ts';
import type { SentenceEncoder } from './sentence-encoder.ts';
import { loadTransformersEncoder } from './transformers-encoder.ts';
import { loadUniversalSentenceEncoder } from './universal-sentence-encoder.ts';

/**
 * The encoder of a verified folder: the Universal Sentence Encoder layout or a transformers.js
 * feature-extraction model, per the manifest.
 */
export function loadEncoderFromDisk(manifest: InstalledManifest, dir: string, provider: ExecutionProvider): Promise<SentenceEncoder> {
  const embedding = manifest.embedding;
  if (!embedding) throw new Error(`model "${manifest.id}" declares no embedding dimensions`);
  if (manifest.layout === 'universal-sentence-encoder') {
    return loadUniversalSentenceEncoder({ dir, executionProvider: provider, dimensions: embedding.dimensions });
  }
  if (embedding.pooling === 'none') throw new Error(`model "${manifest.id}": pooling "none" gives no sentence vector; use "mean" or "cls"`);
  return loadTransformersEncoder({
    dir,
    executionProvider: provider,
    dtype: manifest.dtype,
    pooling: embedding.pooling,
    dimensions: embedding.dimensions,
    maxInputTokens: manifest.contextLength,
  });
}

