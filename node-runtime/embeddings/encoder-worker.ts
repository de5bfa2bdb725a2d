/**
 * Runs inside a worker thread (see model-worker/serve-model.ts): loads one encoder and answers
 * encode requests, every batch's vectors in one buffer that moves to the host without a copy.
 */
import { z } from 'zod';

import { serveModel } from '../model-worker/serve-model.ts';
import { loadEncoderFromDisk } from './load-encoder.ts';
import type { SentenceEncoder } from './sentence-encoder.ts';

export interface EncoderReady {
  dimensions: number;
  maxInputTokens: number;
}

/** One encode call's answer: the vectors row after row, and each text's token count. */
export interface EncodedBatch {
  vectors: Float32Array<ArrayBuffer>;
  tokens: number[];
}

await serveModel<SentenceEncoder, EncoderReady, string[], EncodedBatch>({
  entryName: 'encoder-worker.ts',
  load: loadEncoderFromDisk,
  ready: (encoder) => ({ dimensions: encoder.dimensions, maxInputTokens: encoder.maxInputTokens }),
  input: z.array(z.string()),
  async run(encoder, texts) {
    const encoded = await encoder.encode(texts);
    const vectors = new Float32Array(encoded.length * encoder.dimensions);
    encoded.forEach(({ vector }, row) => vectors.set(vector, row * encoder.dimensions));
    return { vectors, tokens: encoded.map((item) => item.tokens) };
  },
  transfer: ({ vectors }) => [vectors.buffer],
});
