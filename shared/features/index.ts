/**
 * Hashed n-gram features for the edge classifier: word unigrams and bigrams, character n-grams,
 * and "squashed" character n-grams over letters only (defeats s p a c e d and dotted.out words),
 * hashed into a fixed number of buckets. Used by training, the edge and the node runtime alike.
 */
import { z } from 'zod';
import { isAscii, normalizeText } from './normalize.ts';

export { normalizeText } from './normalize.ts';

export const FeatureConfig = z.strictObject({
  /** Number of hash buckets, a power of two (ids are `hash & (buckets - 1)`). Padding is id 0 with weight 0. */
  buckets: z.int().min(2).refine((value) => (value & (value - 1)) === 0, 'must be a power of two'),
  /** Most features kept per text (the highest-weighted ones). */
  maxFeatures: z.int().min(1),
  wordNgrams: z.array(z.int().min(1).max(3)),
  charNgrams: z.array(z.int().min(1).max(8)),
  squashedCharNgrams: z.array(z.int().min(1).max(8)),
  /** Longer texts keep their head and tail (injections often sit at the end of a document). */
  maxChars: z.int().min(16),
});
export type FeatureConfig = z.infer<typeof FeatureConfig>;

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  buckets: 32_768,
  maxFeatures: 1024,
  wordNgrams: [1, 2],
  charNgrams: [3, 4, 5],
  squashedCharNgrams: [5],
  maxChars: 4096,
};

export interface Features {
  /** Bucket ids, ascending, no duplicates. */
  ids: Int32Array;
  /** One weight per id: sublinear term frequency, L2-normalized over the text. */
  weights: Float32Array;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashRange(seed: number, text: string, start: number, end: number): number {
  let hash = seed;
  for (let index = start; index < end; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

function namespaceSeed(namespace: string, n: number): number {
  return hashRange(FNV_OFFSET, `${namespace}${n}:`, 0, namespace.length + String(n).length + 1);
}

function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const head = Math.floor(maxChars * 0.75);
  return `${text.slice(0, head)} ${text.slice(text.length - (maxChars - head - 1))}`;
}

// Reused count buffers per bucket count: a typed array plus the list of touched buckets is several
// times faster than a Map on the per-request path.
const scratchByBuckets = new Map<number, { counts: Float32Array; touched: Int32Array }>();

function scratchFor(buckets: number, capacity: number): { counts: Float32Array; touched: Int32Array } {
  let scratch = scratchByBuckets.get(buckets);
  if (!scratch || scratch.touched.length < capacity) {
    scratch = { counts: scratch?.counts ?? new Float32Array(buckets), touched: new Int32Array(Math.max(capacity, 4096)) };
    scratchByBuckets.set(buckets, scratch);
  }
  return scratch;
}

/** Features of one text. Empty or whitespace-only text gives no features. */
export function featurize(text: string, config: FeatureConfig): Features {
  // Cut before normalizing (with room for characters NFKC removes) so a 1 MB prompt costs no more than a long one.
  const normalized = truncate(normalizeText(truncate(text, config.maxChars * 2)), config.maxChars);
  // For ASCII text (already lower-cased) the ASCII classes match exactly what the Unicode ones would, faster.
  const ascii = isAscii(normalized);
  const words = (ascii ? normalized.match(/[a-z0-9]+|[^\sa-z0-9]/g) : normalized.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu)) ?? [];
  const padded = ` ${normalized} `;
  const squashed = ascii ? normalized.replace(/[^a-z0-9]+/g, '') : normalized.replace(/[^\p{L}\p{N}]+/gu, '');
  const capacity =
    words.length * config.wordNgrams.length + padded.length * config.charNgrams.length + squashed.length * config.squashedCharNgrams.length + 1;
  const scratch = scratchFor(config.buckets, capacity);
  const { counts, touched } = scratch;
  const mask = config.buckets - 1;
  let touchedCount = 0;

  const wordHashes: number[] = [];
  for (const n of config.wordNgrams) {
    const seed = namespaceSeed('w', n);
    for (let index = 0; index + n <= words.length; index++) {
      let hash = seed;
      for (let offset = 0; offset < n; offset++) {
        const word = words[index + offset] ?? '';
        hash = hashRange(hash, word, 0, word.length);
        hash = Math.imul(hash ^ 0x20, FNV_PRIME) >>> 0;
      }
      wordHashes.push(hash);
    }
  }
  for (const hash of wordHashes) {
    const id = hash & mask;
    if (counts[id] === 0) touched[touchedCount++] = id;
    counts[id]! += 1;
  }
  touchedCount = addCharNgrams(padded, config.charNgrams, 'c', mask, scratch, touchedCount);
  touchedCount = addCharNgrams(squashed, config.squashedCharNgrams, 'q', mask, scratch, touchedCount);

  let kept = touched.slice(0, touchedCount);
  if (kept.length > config.maxFeatures) {
    const byWeight = Array.from(kept).sort((left, right) => counts[right]! - counts[left]! || left - right);
    kept = Int32Array.from(byWeight.slice(0, config.maxFeatures));
  }
  kept.sort();
  const weights = new Float32Array(kept.length);
  let norm = 0;
  for (let index = 0; index < kept.length; index++) {
    const weight = 1 + Math.log(counts[kept[index]!]!);
    weights[index] = weight;
    norm += weight * weight;
  }
  norm = Math.sqrt(norm) || 1;
  for (let index = 0; index < weights.length; index++) weights[index]! /= norm;
  for (let index = 0; index < touchedCount; index++) counts[touched[index]!] = 0;
  return { ids: kept, weights };
}

/**
 * Character n-grams of every size in `sizes`, hashed incrementally: the hash of text[i..i+n) is
 * extended by one character to get text[i..i+n+1), so each start position is walked once.
 * Returns the new count of touched buckets.
 */
function addCharNgrams(
  text: string,
  sizes: readonly number[],
  namespace: string,
  mask: number,
  { counts, touched }: { counts: Float32Array; touched: Int32Array },
  touchedCount: number,
): number {
  if (sizes.length === 0) return touchedCount;
  const ordered = [...sizes].sort((left, right) => left - right);
  const seeds = Int32Array.from(ordered.map((n) => namespaceSeed(namespace, n) | 0));
  const hashes = new Int32Array(ordered.length);
  const longest = ordered[ordered.length - 1]!;
  for (let start = 0; start < text.length; start++) {
    hashes.set(seeds);
    const limit = Math.min(longest, text.length - start);
    for (let length = 1; length <= limit; length++) {
      const code = text.charCodeAt(start + length - 1);
      for (let sizeIndex = 0; sizeIndex < ordered.length; sizeIndex++) {
        const size = ordered[sizeIndex]!;
        if (length > size) continue;
        const next = Math.imul(hashes[sizeIndex]! ^ code, FNV_PRIME);
        hashes[sizeIndex] = next;
        if (length === size) {
          const id = next & mask;
          if (counts[id] === 0) touched[touchedCount++] = id;
          counts[id]! += 1;
        }
      }
    }
  }
  return touchedCount;
}

export interface FeatureBatch {
  /** Row-major [batch, width] bucket ids, 0 = padding (int64 for ONNX Gather). */
  ids: BigInt64Array;
  /** Row-major [batch, width] weights, 0 for padding. */
  weights: Float32Array;
  batch: number;
  width: number;
}

/** Features of several texts, padded to the widest row. */
export function featurizeBatch(texts: readonly string[], config: FeatureConfig): FeatureBatch {
  const rows = texts.map((text) => featurize(text, config));
  const width = Math.max(1, ...rows.map((row) => row.ids.length));
  const ids = new BigInt64Array(rows.length * width);
  const weights = new Float32Array(rows.length * width);
  rows.forEach((row, rowIndex) => {
    for (let index = 0; index < row.ids.length; index++) {
      ids[rowIndex * width + index] = BigInt(row.ids[index] ?? 0);
      weights[rowIndex * width + index] = row.weights[index] ?? 0;
    }
  });
  return { ids, weights, batch: rows.length, width };
}
