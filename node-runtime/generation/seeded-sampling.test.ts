import { Tensor } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';

import { createSeededRandom, sampleIndex, SeededSamplingProcessor } from './seeded-sampling.ts';

const logits = [2, 1, 0.5, 0, -1, -3];

function draws(seed: number, settings: { temperature: number; topP: number }, count = 200): number[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: count }, () => sampleIndex(logits, settings, random));
}

describe('sampleIndex', () => {
  it('is reproducible for a seed and varies across seeds', () => {
    const settings = { temperature: 1, topP: 1 };
    expect(draws(7, settings)).toEqual(draws(7, settings));
    expect(draws(7, settings)).not.toEqual(draws(8, settings));
  });

  it('keeps only the nucleus under top_p', () => {
    // softmax(logits) starts 0.56, 0.21, 0.13: top_p 0.5 keeps one token, 0.75 keeps two.
    expect(new Set(draws(1, { temperature: 1, topP: 0.5 }))).toEqual(new Set([0]));
    expect(new Set(draws(1, { temperature: 1, topP: 0.75 }))).toEqual(new Set([0, 1]));
  });

  it('spreads choices with a higher temperature', () => {
    const spread = (temperature: number) => draws(3, { temperature, topP: 1 }, 500).filter((index) => index !== 0).length;
    expect(spread(2)).toBeGreaterThan(spread(0.2));
    expect(spread(0.05)).toBe(0);
  });
});

describe('SeededSamplingProcessor', () => {
  it('leaves exactly one finite logit per row', () => {
    const processor = new SeededSamplingProcessor({ temperature: 1, topP: 1, seed: 5 });
    const batch = new Tensor('float32', Float32Array.from([...logits, ...logits]), [2, logits.length]);
    const result = processor._call([], batch);
    const data = Array.from(result.data, Number);
    for (const row of [data.slice(0, logits.length), data.slice(logits.length)]) {
      expect(row.filter((value) => value === 0)).toHaveLength(1);
      expect(row.filter((value) => value === -Infinity)).toHaveLength(logits.length - 1);
    }
  });
});
