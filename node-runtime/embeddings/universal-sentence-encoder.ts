/**
 * Runs the Universal Sentence Encoder lite (converted to ONNX by models/embeddings/build-use-onnx.ts)
 * in onnxruntime-node. The graph takes the TensorFlow model's sparse input: `indices` [n, 2] of
 * (sentence, position) and `values` [n] of token ids, and pads internally to the longest sentence
 * of the run, so on CPU a batch runs in groups of similar length (results in caller order).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { InferenceSession, Tensor } from 'onnxruntime-node';
import { z } from 'zod';

import type { ExecutionProvider } from '../execution-provider/index.ts';
import { lengthBuckets } from './length-buckets.ts';
import { normalizeInPlace, type EncodedText, type SentenceEncoder } from './sentence-encoder.ts';
import { UseTokenizer } from './use-tokenizer.ts';

const Vocabulary = z.array(z.tuple([z.string(), z.number().nullable()]));

/** The graph keeps positions below 128 (ClipToMaxLength); longer inputs are cut here to match. */
export const USE_MAX_INPUT_TOKENS = 128;

/**
 * On CPU one session run costs about as much as this many padded token slots (~0.7 ms fixed per
 * run vs ~14 us per padded slot on a 2-core EPYC; 24 to 96 did about equally well), so a batch
 * is split into runs of similar length where that saves more padding than the runs cost.
 */
const RUN_COST_IN_PADDED_TOKENS = 48;

export interface LoadUniversalSentenceEncoderOptions {
  /** Folder with model.onnx and vocab.json. */
  dir: string;
  executionProvider: ExecutionProvider;
  dimensions: number;
}

/**
 * Spinning is off: onnxruntime's idle pool threads otherwise busy-wait after every op, taking the
 * core from the runtime's HTTP thread and from other processes. On a 2-core box shared with other
 * work, spinning made a sentence in a batch of 32 cost as much as a sentence alone.
 */
function sessionOptions(executionProvider: ExecutionProvider): InferenceSession.SessionOptions {
  return {
    executionProviders: executionProvider === 'cuda' ? ['cuda', 'cpu'] : ['cpu'],
    graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
}

/**
 * Loads tokenizer and ONNX session. On `cuda` the session lists CUDA then CPU, so the few
 * shape ops without a CUDA kernel stay on the CPU; a missing CUDA runtime makes it throw, which
 * the caller turns into a CPU load (see loadOnExecutionProvider).
 */
export async function loadUniversalSentenceEncoder({ dir, executionProvider, dimensions }: LoadUniversalSentenceEncoderOptions): Promise<SentenceEncoder> {
  const tokenizer = new UseTokenizer(Vocabulary.parse(JSON.parse(await readFile(join(dir, 'vocab.json'), 'utf8'))));
  const session = await InferenceSession.create(join(dir, 'model.onnx'), sessionOptions(executionProvider));

  /** One session run over `rows` (token ids per sentence): their vectors, row after row. */
  async function embed(rows: readonly number[][]): Promise<Float32Array> {
    const total = rows.reduce((sum, ids) => sum + ids.length, 0);
    const indices = new BigInt64Array(total * 2);
    const values = new BigInt64Array(total);
    let cursor = 0;
    rows.forEach((ids, sentence) => {
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
    if (!embeddings || !(embeddings.data instanceof Float32Array) || embeddings.dims[0] !== rows.length || embeddings.dims[1] !== dimensions) {
      throw new Error(`the encoder returned ${embeddings?.dims.join('x') ?? 'nothing'}, expected ${rows.length}x${dimensions}`);
    }
    return embeddings.data;
  }

  return {
    dimensions,
    maxInputTokens: USE_MAX_INPUT_TOKENS,
    executionProvider,

    async encode(texts: readonly string[]): Promise<EncodedText[]> {
      if (texts.length === 0) return [];
      const tokenIds = texts.map((text, index) => {
        const ids = tokenizer.encode(text).slice(0, USE_MAX_INPUT_TOKENS);
        // An empty row would shift every later sentence up by one.
        if (ids.length === 0) throw new Error(`text ${index} has no tokens; empty inputs must be refused before encoding`);
        return ids;
      });
      const encoded = new Array<EncodedText>(texts.length);
      // The graph pads a run to its longest sentence. Bucketing is tuned on CPU only; a GPU keeps one run.
      const runs = executionProvider === 'cpu' ? lengthBuckets(tokenIds.map((ids) => ids.length), RUN_COST_IN_PADDED_TOKENS) : [tokenIds.map((_, index) => index)];
      for (const run of runs) {
        const vectors = await embed(run.map((index) => tokenIds[index] ?? []));
        run.forEach((index, row) => {
          encoded[index] = { vector: normalizeInPlace(vectors.slice(row * dimensions, (row + 1) * dimensions)), tokens: tokenIds[index]?.length ?? 0 };
        });
      }
      return encoded;
    },

    async dispose() {
      await session.release();
    },
  };
}
