/** The embeddings runner over the real built-in encoder: OpenAI's response shape, validation, batching. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_EMBEDDINGS_OUT_DIR, buildUseOnnx } from '../../models/embeddings/build-use-onnx.ts';
import { InvalidRequestError, ServiceUnavailableError } from '../../shared/errors/index.ts';
import { EmbeddingsResponse } from '../../shared/schemas/embeddings.ts';
import type { BatchEvent } from '../batching/micro-batcher.ts';
import { createEmbeddingsRunner, type EmbeddingsRunner } from './embeddings-runner.ts';
import type { SentenceEncoder } from './sentence-encoder.ts';
import { loadUniversalSentenceEncoder } from './universal-sentence-encoder.ts';

let encoder: SentenceEncoder;
let runner: EmbeddingsRunner;
const batches: BatchEvent[] = [];

beforeAll(async () => {
  const { modelDir } = await buildUseOnnx({ outDir: DEFAULT_EMBEDDINGS_OUT_DIR, log: () => {} });
  encoder = await loadUniversalSentenceEncoder({ dir: modelDir, executionProvider: 'cpu', dimensions: 512 });
  runner = createEmbeddingsRunner({
    modelId: 'universal-sentence-encoder-lite',
    encoder: async () => encoder,
    maxBatchSize: 16,
    maxWaitMs: 3,
    maxQueuedInputs: 256,
    onBatch: (event) => batches.push(event),
  });
});
afterAll(async () => {
  await encoder?.dispose();
});

const embed = (input: string | string[], extra: Record<string, unknown> = {}) => {
  if (!runner.doEmbed) throw new Error('the runner must embed');
  return runner.doEmbed({ model: 'universal-sentence-encoder-lite', input, ...extra });
};

describe('createEmbeddingsRunner', () => {
  it('declares embeddings only', async () => {
    expect(runner.capabilities).toMatchObject({ embeddings: true, chat: false });
    await expect(runner.doGenerate({ model: 'x', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ statusCode: 400, code: 'wrong_model_kind' });
  });

  it('answers in the OpenAI embeddings format with token usage', async () => {
    const { response, servedBy, model } = await embed(['first text', 'second text']);
    expect(EmbeddingsResponse.parse(response)).toEqual(response);
    expect([servedBy, model]).toEqual(['local', 'universal-sentence-encoder-lite']);
    expect(response.data.map((item) => item.index)).toEqual([0, 1]);
    const expectedTokens = (await encoder.encode(['first text', 'second text'])).reduce((sum, item) => sum + item.tokens, 0);
    expect(response.usage).toEqual({ prompt_tokens: expectedTokens, total_tokens: expectedTokens });
  });

  it('encodes base64 as little-endian float32, equal to the float form', async () => {
    const floats = (await embed('base64 please')).response.data[0]?.embedding;
    const encoded = (await embed('base64 please', { encoding_format: 'base64' })).response.data[0]?.embedding;
    expect(typeof encoded).toBe('string');
    const bytes = Buffer.from(encoded as string, 'base64');
    const decoded = Array.from({ length: bytes.length / 4 }, (_, index) => bytes.readFloatLE(index * 4));
    expect(decoded).toEqual(floats);
  });

  it('refuses token arrays, empty strings and other dimensions with 400s', async () => {
    for (const [input, extra, param] of [
      [[1, 2, 3], {}, 'input'],
      [['fine', ''], {}, 'input'],
      ['fine', { dimensions: 256 }, 'dimensions'],
    ] as const) {
      const error = await embed(input as unknown as string[], extra).catch((thrown: unknown) => thrown);
      expect(InvalidRequestError.isInstance(error), JSON.stringify(input)).toBe(true);
      expect(error).toMatchObject({ statusCode: 400, param });
    }
    await expect(embed('fine', { dimensions: 512 })).resolves.toBeTruthy();
  });

  it('batches concurrent requests and gives each caller its own vectors, in order', async () => {
    const requests = Array.from({ length: 30 }, (_, index) => [`request ${index} about topic ${index % 7}`, `second input of request ${index}`]);
    const before = batches.length;
    const results = await Promise.all(requests.map((input) => embed(input)));
    const alone = await encoder.encode(requests.flat());
    results.forEach(({ response }, request) => {
      response.data.forEach((item, position) => {
        const expected = alone[request * 2 + position]?.vector ?? [];
        const actual = item.embedding as number[];
        expect(Math.max(...actual.map((value, index) => Math.abs(value - (expected[index] ?? 0))))).toBeLessThan(1e-5);
      });
    });
    const sizes = batches.slice(before).map((event) => event.size);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(60);
    expect(Math.max(...sizes)).toBe(16);
  });

  it('turns an encoder that cannot load into a 503', async () => {
    const broken = createEmbeddingsRunner({
      modelId: 'broken',
      encoder: () => Promise.reject(new Error('model.onnx: protobuf parsing failed')),
      maxBatchSize: 4,
      maxWaitMs: 1,
      maxQueuedInputs: 10,
    });
    const error = await broken.doEmbed?.({ model: 'broken', input: 'x' }).catch((thrown: unknown) => thrown);
    expect(ServiceUnavailableError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'model_unavailable', message: expect.stringContaining('protobuf parsing failed') });
  });
});
