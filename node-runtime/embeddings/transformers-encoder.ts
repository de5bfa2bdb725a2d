/**
 * Runs a pulled transformers.js embedding model (e.g. all-MiniLM-L6-v2, bge-small) from disk
 * with @huggingface/transformers v4: tokenize with padding and truncation, run the encoder once
 * per batch, pool the token states (mean over real tokens, or the first token) and normalize.
 */
import { AutoModel, AutoTokenizer, Tensor, env } from '@huggingface/transformers';

import type { ExecutionProvider } from '../execution-provider/index.ts';
import type { ModelDtype } from '../models/manifest.ts';
import { normalizeInPlace, type EncodedText, type SentenceEncoder } from './sentence-encoder.ts';

export interface LoadTransformersEncoderOptions {
  /** The model folder (config.json, tokenizer.json, onnx/model*.onnx). */
  dir: string;
  executionProvider: ExecutionProvider;
  dtype: ModelDtype;
  pooling: 'mean' | 'cls';
  dimensions: number;
  maxInputTokens: number;
}

function tokenStates(outputs: unknown): Tensor {
  if (typeof outputs === 'object' && outputs !== null) {
    const named = outputs as Record<string, unknown>;
    const states = named.last_hidden_state ?? named.token_embeddings ?? Object.values(named)[0];
    if (states instanceof Tensor && states.dims.length === 3 && states.data instanceof Float32Array) return states;
  }
  throw new Error('the model returned no [batch, tokens, hidden] float output (last_hidden_state)');
}

function attentionMask(value: unknown): BigInt64Array {
  if (value instanceof Tensor && value.data instanceof BigInt64Array) return value.data;
  throw new Error('the tokenizer returned no int64 attention_mask');
}

/**
 * Loads tokenizer and model, strictly from `dir`.
 *
 * @example
 *   const encoder = await loadTransformersEncoder({ dir, executionProvider: 'cpu', dtype: 'fp32', pooling: 'mean', dimensions: 384, maxInputTokens: 256 });
 */
export async function loadTransformersEncoder({
  dir,
  executionProvider,
  dtype,
  pooling,
  dimensions,
  maxInputTokens,
}: LoadTransformersEncoderOptions): Promise<SentenceEncoder> {
  // Set on every load: with allowRemoteModels left true, a missing file is fetched from the hub silently.
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  const tokenizer = await AutoTokenizer.from_pretrained(dir, { local_files_only: true });
  const model = await AutoModel.from_pretrained(dir, { local_files_only: true, device: executionProvider, dtype });

  return {
    dimensions,
    maxInputTokens,
    executionProvider,

    async encode(texts: readonly string[]): Promise<EncodedText[]> {
      if (texts.length === 0) return [];
      const inputs = tokenizer([...texts], { padding: true, truncation: true, max_length: maxInputTokens });
      const states = tokenStates(await model(inputs));
      const mask = attentionMask(inputs.attention_mask);
      const [batch, length, hidden] = states.dims as [number, number, number];
      if (batch !== texts.length || hidden !== dimensions) {
        throw new Error(`the model returned ${batch}x${hidden} vectors, expected ${texts.length}x${dimensions}`);
      }
      const data = states.data as Float32Array;
      return texts.map((_, row) => {
        const vector = new Float32Array(hidden);
        let tokens = 0;
        for (let position = 0; position < length; position++) if (mask[row * length + position] === 1n) tokens++;
        if (pooling === 'cls') {
          vector.set(data.subarray(row * length * hidden, row * length * hidden + hidden));
        } else {
          for (let position = 0; position < length; position++) {
            if (mask[row * length + position] !== 1n) continue;
            const offset = (row * length + position) * hidden;
            for (let dimension = 0; dimension < hidden; dimension++) vector[dimension] = (vector[dimension] ?? 0) + (data[offset + dimension] ?? 0);
          }
          for (let dimension = 0; dimension < hidden; dimension++) vector[dimension] = (vector[dimension] ?? 0) / Math.max(tokens, 1);
        }
        return { vector: normalizeInPlace(vector), tokens };
      });
    },

    async dispose() {
      await model.dispose();
    },
  };
}
