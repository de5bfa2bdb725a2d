/**
 * Runs the Universal Sentence Encoder lite (converted to ONNX by models/embeddings/build-use-onnx.ts)
 * in onnxruntime-node. The graph takes the TensorFlow model's sparse input: `indices` [n, 2] of
 * (sentence, position) and `values` [n] of token ids, so sentences of any length share one run
 * without padding on our side.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { InferenceSession, Tensor } from 'onnxruntime-node';
import { z } from 'zod';

import type { ExecutionProvider } from '../execution-provider/index.ts';
import { normalizeInPlace, type EncodedText, type SentenceEncoder } from './sentence-encoder.ts';
import { UseTokenizer } from './use-tokenizer.ts';

const Vocabulary = z.array(z.tuple([z.string(), z.number().nullable()]));

/** The graph keeps positions below 128 (ClipToMaxLength); longer inputs are cut here to match. */
export const USE_MAX_INPUT_TOKENS = 128;

export interface LoadUniversalSentenceEncoderOptions {
  /** Folder with model.onnx and vocab.json. */
  dir: string;
  executionProvider: ExecutionProvider;
  dimensions: number;
}

/**
 * Loads tokenizer and ONNX session. On `cuda` the session lists CUDA then CPU, so the few
 * shape ops without a CUDA kernel stay on the CPU; a missing CUDA runtime makes it throw, which
 * the caller turns into a CPU load (see loadOnExecutionProvider).
 */
export async function loadUniversalSentenceEncoder({ dir, executionProvider, dimensions }: LoadUniversalSentenceEncoderOptions): Promise<SentenceEncoder> {
  const tokenizer = new UseTokenizer(Vocabulary.parse(JSON.parse(await readFile(join(dir, 'vocab.json'), 'utf8'))));
  const session = await InferenceSession.create(join(dir, 'model.onnx'), {
    executionProviders: executionProvider === 'cuda' ? ['cuda', 'cpu'] : ['cpu'],
    graphOptimizationLevel: 'all',
  });

  return {
    dimensions,
    maxInputTokens: USE_MAX_INPUT_TOKENS,
    executionProvider,

    async encode(texts: readonly string[]): Promise<EncodedText[]> {
      if (texts.length === 0) return [];
      const tokenIds = texts.map((text) => tokenizer.encode(text).slice(0, USE_MAX_INPUT_TOKENS));
      const total = tokenIds.reduce((sum, ids) => sum + ids.length, 0);
      const indices = new BigInt64Array(total * 2);
      const values = new BigInt64Array(total);
      let cursor = 0;
      tokenIds.forEach((ids, sentence) => {
        // An empty row would shift every later sentence up by one.
        if (ids.length === 0) throw new Error(`text ${sentence} has no tokens; empty inputs must be refused before encoding`);
        ids.forEach((id, position) => {
          indices[cursor * 2] = BigInt(sentence);
          indices[cursor * 2 + 1] = BigInt(position);
          values[cursor] = BigInt(id);
          cursor++;
        });
      });
      const outputs = await session.run({
        indices: new Tensor('int64', indices, [total, 2]),
        values: new Tensor('int64', values, [total]),
      });
      const embeddings = outputs.embeddings;
      if (!embeddings || !(embeddings.data instanceof Float32Array) || embeddings.dims[0] !== texts.length || embeddings.dims[1] !== dimensions) {
        throw new Error(`the encoder returned ${embeddings?.dims.join('x') ?? 'nothing'}, expected ${texts.length}x${dimensions}`);
      }
      const data = embeddings.data;
      return tokenIds.map((ids, row) => ({
        vector: normalizeInPlace(data.slice(row * dimensions, (row + 1) * dimensions)),
        tokens: ids.length,
      }));
    },

    async dispose() {
      await session.release();
    },
  };
}
