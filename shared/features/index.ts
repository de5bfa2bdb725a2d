/**
 * Hashed n-gram features for the edge classifier: word unigrams and bigrams, character n-grams,
 * and "squashed" character n-grams over letters only (defeats s p a c e d and dotted.out words),
 * hashed into a fixed number of buckets. Used by training, the edge and the node runtime alike.
 */
import { z } from 'zod';
import { FNV_OFFSET, hashString, NgramCounter } from './ngram-counter.ts';
import { normalizeAsciiInto, normalizeText } from './normalize.ts';

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

// Seeds of every namespace and n-gram size a config allows, hashed once rather than per call.
const SEEDS = { w: new Int32Array(9), c: new Int32Array(9), q: new Int32Array(9) };
for (const namespace of ['w', 'c', 'q'] as const) {
  for (let n = 1; n <= 8; n++) SEEDS[namespace][n] = hashString(FNV_OFFSET, `${namespace}${n}:`);
}

// For ASCII code units, by the same classes the Unicode tokenizer uses: 0 = whitespace, 1 = letter or digit, 2 = other.
const ASCII_CLASS = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const character = String.fromCharCode(code);
  ASCII_CLASS[code] = /\s/.test(character) ? 0 : /[\p{L}\p{N}]/u.test(character) ? 1 : 2;
}

// Tokens of non-ASCII text: a run of letters/digits (group 1), or any one other non-space character.
const UNICODE_TOKEN = /([\p{L}\p{N}]+)|[^\s\p{L}\p{N}]/gu;

function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const head = Math.floor(maxChars * 0.75);
  return `${text.slice(0, head)} ${text.slice(text.length - (maxChars - head - 1))}`;
}

// Reused per-call buffers (featurize is synchronous, so one text at a time): the padded text as
// code units, its letters and digits alone ("squashed"), token boundaries, and the kept features.
let units = new Uint16Array(0);
let squashed = new Uint16Array(0);
let tokenStarts = new Int32Array(0);
let tokenEnds = new Int32Array(0);
let keptIds = new Int32Array(0);
let keptWeights = new Float32Array(0);
const counters = new Map<number, NgramCounter>();

function ensureTextCapacity(length: number): void {
  if (units.length >= length + 2) return;
  const capacity = Math.max(length + 2, units.length * 2, 1024);
  units = new Uint16Array(capacity);
  squashed = new Uint16Array(capacity);
  tokenStarts = new Int32Array(capacity);
  tokenEnds = new Int32Array(capacity);
}

/**
 * Writes ` ${normalized} ` into units[0..length + 2), where normalized is the text cut to
 * 2 × maxChars, normalized, then cut to maxChars. ASCII text is normalized straight into the buffer;
 * `normalized` is returned only when the text is not ASCII (it is then tokenized by regex).
 */
function normalizeIntoUnits(text: string, maxChars: number): { length: number; normalized: string | undefined } {
  // Cut before normalizing (with room for characters NFKC removes) so a 1 MB prompt costs no more than a long one.
  const source = truncate(text, maxChars * 2);
  ensureTextCapacity(Math.max(source.length, maxChars));
  let length = normalizeAsciiInto(source, units, 1);
  let normalized: string | undefined;
  if (length >= 0) {
    if (length > maxChars) {
      // truncate() on the code units: head, one space, tail.
      const head = Math.floor(maxChars * 0.75);
      const tail = maxChars - head - 1;
      units.copyWithin(head + 2, 1 + length - tail, 1 + length);
      units[1 + head] = 32;
      length = maxChars;
    }
  } else {
    normalized = truncate(normalizeText(source), maxChars);
    length = normalized.length;
    ensureTextCapacity(length);
    let ascii = true;
    for (let index = 0; index < length; index++) {
      const code = normalized.charCodeAt(index);
      units[index + 1] = code;
      if (code >= 128) ascii = false;
    }
    // NFKC and homoglyph folding can turn a text into ASCII; the ASCII tokenizer then gives the same tokens.
    if (ascii) normalized = undefined;
  }
  units[0] = 32;
  units[length + 1] = 32;
  return { length, normalized };
}

/** Splits units[1..length] into word tokens and copies their letters and digits into `squashed`. */
function tokenize(length: number, normalized: string | undefined): { tokenCount: number; squashedLength: number } {
  let tokenCount = 0;
  let squashedLength = 0;
  if (normalized === undefined) {
    const end = length + 1;
    let index = 1;
    while (index < end) {
      const kind = ASCII_CLASS[units[index]!];
      if (kind === 0) {
        index++;
        continue;
      }
      tokenStarts[tokenCount] = index;
      if (kind === 2) index++;
      else while (index < end && ASCII_CLASS[units[index]!] === 1) squashed[squashedLength++] = units[index++]!;
      tokenEnds[tokenCount++] = index;
    }
    return { tokenCount, squashedLength };
  }
  for (const match of normalized.matchAll(UNICODE_TOKEN)) {
    const start = match.index + 1;
    const end = start + match[0].length;
    tokenStarts[tokenCount] = start;
    tokenEnds[tokenCount++] = end;
    if (match[1] !== undefined) for (let index = start; index < end; index++) squashed[squashedLength++] = units[index]!;
  }
  return { tokenCount, squashedLength };
}

/** Featurizes into keptIds/keptWeights and returns the number of features. */
function featurizeIntoScratch(text: string, config: FeatureConfig): number {
  const { length, normalized } = normalizeIntoUnits(text, config.maxChars);
  const { tokenCount, squashedLength } = tokenize(length, normalized);
  let counter = counters.get(config.buckets);
  if (!counter) {
    counter = new NgramCounter(config.buckets);
    counters.set(config.buckets, counter);
  }
  // Allocated before counting: nothing may throw between the first count and the read-out that
  // resets the counter, or the next text would start from this one's counts.
  if (keptIds.length < config.maxFeatures) {
    keptIds = new Int32Array(config.maxFeatures);
    keptWeights = new Float32Array(config.maxFeatures);
  }
  counter.addWordNgrams(units, tokenStarts, tokenEnds, tokenCount, config.wordNgrams, SEEDS.w);
  for (const size of config.charNgrams) counter.addCharNgrams(units, length + 2, size, SEEDS.c[size]!);
  for (const size of config.squashedCharNgrams) counter.addCharNgrams(squashed, squashedLength, size, SEEDS.q[size]!);
  return counter.takeTopFeatures(config.maxFeatures, keptIds, keptWeights);
}

/** Features of one text. Empty or whitespace-only text gives no features. */
export function featurize(text: string, config: FeatureConfig): Features {
  const count = featurizeIntoScratch(text, config);
  return { ids: keptIds.slice(0, count), weights: keptWeights.slice(0, count) };
}

export interface FeatureBatch {
  /** Row-major [batch, width] bucket ids, 0 = padding (int64 for ONNX Gather). */
  ids: BigInt64Array;
  /** Row-major [batch, width] weights, 0 for padding. */
  weights: Float32Array;
  batch: number;
  width: number;
}

// Ids are non-negative int32s, so on a little-endian host an int64 id is the id in its low word, 0 above.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function writeRow(batch: FeatureBatch, row: number, ids: Int32Array, weights: Float32Array, count: number): void {
  const offset = row * batch.width;
  batch.weights.set(weights.subarray(0, count), offset);
  if (LITTLE_ENDIAN) {
    const words = new Int32Array(batch.ids.buffer, batch.ids.byteOffset, batch.ids.length * 2);
    for (let index = 0; index < count; index++) words[2 * (offset + index)] = ids[index]!;
  } else {
    for (let index = 0; index < count; index++) batch.ids[offset + index] = BigInt(ids[index]!);
  }
}

/** Features of several texts, padded to the widest row. */
export function featurizeBatch(texts: readonly string[], config: FeatureConfig): FeatureBatch {
  if (texts.length === 1) {
    // The usual edge call: straight from the scratch buffers into the batch, no per-row arrays.
    const count = featurizeIntoScratch(texts[0] ?? '', config);
    const width = Math.max(1, count);
    const batch = { ids: new BigInt64Array(width), weights: new Float32Array(width), batch: 1, width };
    writeRow(batch, 0, keptIds, keptWeights, count);
    return batch;
  }
  const rows = texts.map((text) => featurize(text, config));
  let width = 1;
  for (const row of rows) width = Math.max(width, row.ids.length);
  const batch = { ids: new BigInt64Array(rows.length * width), weights: new Float32Array(rows.length * width), batch: rows.length, width };
  rows.forEach((row, index) => writeRow(batch, index, row.ids, row.weights, row.ids.length));
  return batch;
}
