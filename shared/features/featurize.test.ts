/**
 * The committed edge classifier was trained on these features, so featurize() must stay bit-identical
 * (same ids, same float32 weights) to the featurizer as first written. The reference below is that
 * straightforward version (regexes, substrings, a Map, a full sort); the fast one must match it on
 * every input, and both must match digests recorded from the implementation the model was trained with.
 */
import { describe, expect, it } from 'vitest';
import { CASES, CONFIGS, featureDigests, PROSE, RECORDED_DIGESTS, randomCases } from './featurize-cases.ts';
import { DEFAULT_FEATURE_CONFIG, type FeatureConfig, type Features, featurize, featurizeBatch, normalizeText } from './index.ts';

const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/g;
const HOMOGLYPHS: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  ѕ: 's', і: 'i', ї: 'i', ј: 'j', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w',
  ɑ: 'a', ɡ: 'g', ɩ: 'i', ɪ: 'i', ʏ: 'y', ᴀ: 'a', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ᴋ: 'k', ᴍ: 'm', ᴏ: 'o', ᴘ: 'p', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ᴢ: 'z',
};
const HOMOGLYPH_PATTERN = new RegExp(`[${Object.keys(HOMOGLYPHS).join('')}]`, 'g');
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function referenceNormalize(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .toLowerCase()
    .replace(HOMOGLYPH_PATTERN, (character) => HOMOGLYPHS[character] ?? character)
    .replace(/\s+/g, ' ')
    .trim();
}

function hashString(seed: number, text: string): number {
  let hash = seed;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), FNV_PRIME);
  return hash >>> 0;
}

function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const head = Math.floor(maxChars * 0.75);
  return `${text.slice(0, head)} ${text.slice(text.length - (maxChars - head - 1))}`;
}

function referenceFeaturize(text: string, config: FeatureConfig): Features {
  const normalized = truncate(referenceNormalize(truncate(text, config.maxChars * 2)), config.maxChars);
  const words = normalized.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
  const padded = ` ${normalized} `;
  const squashed = normalized.replace(/[^\p{L}\p{N}]+/gu, '');
  const mask = config.buckets - 1;
  const counts = new Map<number, number>();
  const add = (hash: number) => counts.set(hash & mask, (counts.get(hash & mask) ?? 0) + 1);
  for (const n of config.wordNgrams) {
    const seed = hashString(FNV_OFFSET, `w${n}:`);
    for (let index = 0; index + n <= words.length; index++) {
      let hash = seed;
      for (let offset = 0; offset < n; offset++) hash = hashString(hashString(hash, words[index + offset] ?? ''), ' ');
      add(hash);
    }
  }
  for (const [namespace, source, sizes] of [
    ['c', padded, config.charNgrams],
    ['q', squashed, config.squashedCharNgrams],
  ] as const) {
    for (const n of sizes) {
      const seed = hashString(FNV_OFFSET, `${namespace}${n}:`);
      for (let index = 0; index + n <= source.length; index++) add(hashString(seed, source.slice(index, index + n)));
    }
  }
  const byWeight = [...counts.keys()].sort((left, right) => (counts.get(right) ?? 0) - (counts.get(left) ?? 0) || left - right);
  const ids = Int32Array.from(byWeight.slice(0, config.maxFeatures)).sort();
  const weights = new Float32Array(ids.length);
  let norm = 0;
  ids.forEach((id, index) => {
    const weight = 1 + Math.log(counts.get(id) ?? 1);
    weights[index] = weight;
    norm += weight * weight;
  });
  norm = Math.sqrt(norm) || 1;
  for (let index = 0; index < weights.length; index++) weights[index] = (weights[index] ?? 0) / norm;
  return { ids, weights };
}

function expectSameFeatures(text: string, config: FeatureConfig): void {
  const actual = featurize(text, config);
  const expected = referenceFeaturize(text, config);
  const label = JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}… (${text.length} chars)` : text);
  expect(Array.from(actual.ids), label).toEqual(Array.from(expected.ids));
  // Compare bits, not values: -0/+0 or a last-place rounding difference would change the model's input.
  expect(Array.from(new Uint32Array(actual.weights.buffer, actual.weights.byteOffset, actual.weights.length)), label).toEqual(
    Array.from(new Uint32Array(expected.weights.buffer, expected.weights.byteOffset, expected.weights.length)),
  );
}

describe('featurize', () => {
  it('matches the reference featurizer bit for bit on hand-picked inputs, for every config', () => {
    for (const config of Object.values(CONFIGS)) for (const text of CASES) expectSameFeatures(text, config);
  });

  it('matches the reference featurizer on 400 seeded random texts', () => {
    for (const text of randomCases(400)) {
      expectSameFeatures(text, DEFAULT_FEATURE_CONFIG);
      expectSameFeatures(text, CONFIGS.odd);
    }
  });

  it('reproduces the digests recorded from the implementation the committed model was trained with', async () => {
    expect(await featureDigests()).toEqual(RECORDED_DIGESTS);
  });

  it('gives no features for empty or whitespace-only text, and sorted unique ids with unit norm otherwise', () => {
    expect(featurize('', DEFAULT_FEATURE_CONFIG).ids).toHaveLength(0);
    expect(featurize(' \t\n\u3000\u200b', DEFAULT_FEATURE_CONFIG).ids).toHaveLength(0);
    const { ids, weights } = featurize(PROSE, DEFAULT_FEATURE_CONFIG);
    expect(ids.length).toBeGreaterThan(100);
    for (let index = 1; index < ids.length; index++) expect(ids[index]).toBeGreaterThan(ids[index - 1] ?? Infinity);
    expect(weights.reduce((sum, weight) => sum + weight * weight, 0)).toBeCloseTo(1, 5);
  });

  it('returns fresh arrays: a later call does not change an earlier result', () => {
    const first = featurize(PROSE, DEFAULT_FEATURE_CONFIG);
    const copy = { ids: Int32Array.from(first.ids), weights: Float32Array.from(first.weights) };
    featurize('something else entirely, 12345', DEFAULT_FEATURE_CONFIG);
    expect(first).toEqual(copy);
  });
});

describe('normalizeText', () => {
  it('equals the reference normalization', () => {
    for (const text of [...CASES.filter((text) => text.length < 50_000), ...randomCases(200)]) expect(normalizeText(text)).toBe(referenceNormalize(text));
  });
});

describe('featurizeBatch', () => {
  it('pads every row to the widest one with id 0 and weight 0, as int64 ids', () => {
    const texts = ['hi', PROSE, ''];
    const batch = featurizeBatch(texts, DEFAULT_FEATURE_CONFIG);
    const rows = texts.map((text) => referenceFeaturize(text, DEFAULT_FEATURE_CONFIG));
    const width = Math.max(1, ...rows.map((row) => row.ids.length));
    expect([batch.batch, batch.width]).toEqual([3, width]);
    rows.forEach((row, rowIndex) => {
      for (let column = 0; column < width; column++) {
        expect(batch.ids[rowIndex * width + column]).toBe(BigInt(row.ids[column] ?? 0));
        expect(batch.weights[rowIndex * width + column]).toBe(row.weights[column] ?? 0);
      }
    });
    expect(featurizeBatch([''], DEFAULT_FEATURE_CONFIG)).toMatchObject({ batch: 1, width: 1, ids: new BigInt64Array([0n]), weights: new Float32Array([0]) });
  });

  it('gives a single text (the edge path, written straight from scratch buffers) the reference features', () => {
    const batch = featurizeBatch([PROSE], DEFAULT_FEATURE_CONFIG);
    const reference = referenceFeaturize(PROSE, DEFAULT_FEATURE_CONFIG);
    expect([batch.batch, batch.width]).toEqual([1, reference.ids.length]);
    expect(Array.from(batch.ids, Number)).toEqual(Array.from(reference.ids));
    expect(batch.weights).toEqual(reference.weights);
  });
});
