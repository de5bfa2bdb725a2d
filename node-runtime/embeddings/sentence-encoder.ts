/**
 * What the embeddings runner needs from an encoder model, whatever runs it: a batch of texts in,
 * one unit-length vector and a token count per text out, in order.
 */
import type { ExecutionProvider } from '../execution-provider/index.ts';

export interface EncodedText {
  /** L2-normalized. */
  vector: Float32Array;
  /** Tokens the model read (after truncation to its input limit). */
  tokens: number;
}

export interface SentenceEncoder {
  readonly dimensions: number;
  /** Longest input in tokens; longer inputs are truncated. */
  readonly maxInputTokens: number;
  readonly executionProvider: ExecutionProvider;
  /** Encodes every text; `texts` must be non-empty strings. */
  encode(texts: readonly string[]): Promise<EncodedText[]>;
  dispose(): Promise<void>;
}

/** Scales `vector` to unit length in place (a zero vector stays zero) and returns it. */
export function normalizeInPlace(vector: Float32Array): Float32Array {
  let sumOfSquares = 0;
  for (const value of vector) sumOfSquares += value * value;
  if (sumOfSquares === 0) return vector;
  const scale = 1 / Math.sqrt(sumOfSquares);
  for (let index = 0; index < vector.length; index++) vector[index] = (vector[index] ?? 0) * scale;
  return vector;
}
