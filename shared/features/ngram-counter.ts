/**
 * Counting hashed n-grams into buckets and reading back the heaviest buckets, for featurize().
 * Hashes are 32-bit FNV-1a over UTF-16 code units; a bucket is `hash & (buckets - 1)`. Nothing
 * here allocates per call once warm: counts live in a reused typed array, a bitmap remembers which
 * buckets were touched (and lists them in ascending order for free), and the top-k selection is a
 * counting sort over the small integer counts instead of a comparison sort.
 */

export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SPACE = 0x20;

/** FNV-1a of a string's code units, continuing from `seed`. */
export function hashString(seed: number, text: string): number {
  let hash = seed;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), FNV_PRIME);
  return hash >>> 0;
}

// 1 + ln(count) for the counts that occur in practice, from the same Math.log as the rest.
const SUBLINEAR = new Float64Array(256);
for (let count = 1; count < SUBLINEAR.length; count++) SUBLINEAR[count] = 1 + Math.log(count);

function add(hash: number, times: number, mask: number, counts: Int32Array, touched: Int32Array): void {
  const id = hash & mask;
  counts[id]! += times;
  touched[id >>> 5]! |= 1 << (id & 31);
}

// One loop per common size, the hash written out over the last few code units kept in locals: a
// loop of unknown length per n-gram costs about twice as much, and these are featurize()'s hottest lines.
function countTrigrams(source: Uint16Array, length: number, seed: number, mask: number, counts: Int32Array, touched: Int32Array): void {
  if (length < 3) return;
  let previous = source[1]!;
  let earlier = source[0]!;
  for (let index = 2; index < length; index++) {
    const current = source[index]!;
    add(Math.imul(Math.imul(Math.imul(seed ^ earlier, FNV_PRIME) ^ previous, FNV_PRIME) ^ current, FNV_PRIME), 1, mask, counts, touched);
    earlier = previous;
    previous = current;
  }
}

function countFourGrams(source: Uint16Array, length: number, seed: number, mask: number, counts: Int32Array, touched: Int32Array): void {
  if (length < 4) return;
  let back1 = source[2]!;
  let back2 = source[1]!;
  let back3 = source[0]!;
  for (let index = 3; index < length; index++) {
    const current = source[index]!;
    const hash = Math.imul(Math.imul(Math.imul(seed ^ back3, FNV_PRIME) ^ back2, FNV_PRIME) ^ back1, FNV_PRIME);
    add(Math.imul(hash ^ current, FNV_PRIME), 1, mask, counts, touched);
    back3 = back2;
    back2 = back1;
    back1 = current;
  }
}

function countFiveGrams(source: Uint16Array, length: number, seed: number, mask: number, counts: Int32Array, touched: Int32Array): void {
  if (length < 5) return;
  let back1 = source[3]!;
  let back2 = source[2]!;
  let back3 = source[1]!;
  let back4 = source[0]!;
  for (let index = 4; index < length; index++) {
    const current = source[index]!;
    const hash = Math.imul(Math.imul(Math.imul(seed ^ back4, FNV_PRIME) ^ back3, FNV_PRIME) ^ back2, FNV_PRIME);
    add(Math.imul(Math.imul(hash ^ back1, FNV_PRIME) ^ current, FNV_PRIME), 1, mask, counts, touched);
    back4 = back3;
    back3 = back2;
    back2 = back1;
    back1 = current;
  }
}

function countNgrams(source: Uint16Array, length: number, size: number, seed: number, mask: number, counts: Int32Array, touched: Int32Array): void {
  for (let start = 0; start + size <= length; start++) {
    let hash = seed;
    for (let index = start; index < start + size; index++) hash = Math.imul(hash ^ source[index]!, FNV_PRIME);
    add(hash, 1, mask, counts, touched);
  }
}

/** Bucket counts for one bucket size, reused across texts (featurize is synchronous, so one at a time). */
export class NgramCounter {
  private readonly mask: number;
  // Integer counts equal the float32 counts the model was trained with up to 2^24 per bucket, far
  // beyond any text: a text cut to maxChars yields a handful of n-grams per character.
  private readonly counts: Int32Array;
  /** Bit `id` is set when counts[id] > 0. */
  private readonly touched: Int32Array;
  /** N-grams counted since the last read-out: an upper bound on any count and on the buckets touched. */
  private counted = 0;
  private foundIds = new Int32Array(0);
  private foundCounts = new Int32Array(0);
  private histogram = new Int32Array(0);

  constructor(buckets: number) {
    this.mask = buckets - 1;
    this.counts = new Int32Array(buckets);
    this.touched = new Int32Array(Math.ceil(buckets / 32));
  }

  /** Counts every n-gram of `size` code units in source[0..length), hashed from `seed`. */
  addCharNgrams(source: Uint16Array, length: number, size: number, seed: number): void {
    if (length < size) return;
    this.counted += length - size + 1;
    const { mask, counts, touched } = this;
    if (size === 3) countTrigrams(source, length, seed, mask, counts, touched);
    else if (size === 4) countFourGrams(source, length, seed, mask, counts, touched);
    else if (size === 5) countFiveGrams(source, length, seed, mask, counts, touched);
    else countNgrams(source, length, size, seed, mask, counts, touched);
  }

  /**
   * Counts word n-grams of the given sizes (1 to 3, repeats counted again) over the tokens
   * units[starts[i]..ends[i]). An n-gram hashes each of its tokens followed by a space, from the
   * size's seed in `seeds`. One pass over the tokens carries every open n-gram's hash along.
   */
  addWordNgrams(units: Uint16Array, starts: Int32Array, ends: Int32Array, tokenCount: number, sizes: readonly number[], seeds: Int32Array): void {
    let times1 = 0;
    let times2 = 0;
    let times3 = 0;
    for (const size of sizes) {
      if (size === 1) times1++;
      else if (size === 2) times2++;
      else times3++;
    }
    this.counted += times1 * tokenCount + times2 * Math.max(0, tokenCount - 1) + times3 * Math.max(0, tokenCount - 2);
    const { mask, counts, touched } = this;
    const seed1 = seeds[1]!;
    const seed2 = seeds[2]!;
    const seed3 = seeds[3]!;
    // Hashes of the n-grams that continue into the next token: a pair begun at the previous token,
    // a triple begun at the previous token, and one begun the token before that.
    let pairOpen = 0;
    let tripleOpen = 0;
    let tripleOpenLonger = 0;
    for (let token = 0; token < tokenCount; token++) {
      let single = seed1;
      let pairStart = seed2;
      let pairEnd = pairOpen;
      let tripleStart = seed3;
      let tripleMiddle = tripleOpen;
      let tripleEnd = tripleOpenLonger;
      const end = ends[token]!;
      for (let index = starts[token]!; index <= end; index++) {
        const code = index < end ? units[index]! : SPACE;
        single = Math.imul(single ^ code, FNV_PRIME);
        pairStart = Math.imul(pairStart ^ code, FNV_PRIME);
        pairEnd = Math.imul(pairEnd ^ code, FNV_PRIME);
        tripleStart = Math.imul(tripleStart ^ code, FNV_PRIME);
        tripleMiddle = Math.imul(tripleMiddle ^ code, FNV_PRIME);
        tripleEnd = Math.imul(tripleEnd ^ code, FNV_PRIME);
      }
      if (times1 !== 0) add(single, times1, mask, counts, touched);
      if (times2 !== 0 && token >= 1) add(pairEnd, times2, mask, counts, touched);
      if (times3 !== 0 && token >= 2) add(tripleEnd, times3, mask, counts, touched);
      pairOpen = pairStart;
      tripleOpenLonger = tripleMiddle;
      tripleOpen = tripleStart;
    }
  }

  /**
   * Writes the `keep` buckets with the highest counts (ties: lowest ids first) into ids, ascending,
   * with weights 1 + ln(count) L2-normalized; returns how many. Resets the counter for the next text.
   * ids and weights must hold `keep` entries.
   */
  takeTopFeatures(keep: number, ids: Int32Array, weights: Float32Array): number {
    const { counts, touched } = this;
    const capacity = Math.min(this.counted, counts.length);
    if (this.foundIds.length < capacity) {
      this.foundIds = new Int32Array(Math.max(capacity, this.foundIds.length * 2));
      this.foundCounts = new Int32Array(this.foundIds.length);
    }
    if (this.histogram.length <= this.counted) this.histogram = new Int32Array(Math.max(this.counted + 1, this.histogram.length * 2));
    const { foundIds, foundCounts, histogram } = this;
    let found = 0;
    let ones = 0;
    let maxCount = 1;
    for (let word = 0; word < touched.length; word++) {
      let bits = touched[word]!;
      if (bits === 0) continue;
      touched[word] = 0;
      do {
        const lowest = bits & -bits;
        bits ^= lowest;
        const id = (word << 5) | (31 - Math.clz32(lowest));
        const count = counts[id]!;
        counts[id] = 0;
        foundIds[found] = id;
        foundCounts[found++] = count;
        // Most buckets hold a single n-gram: counting those in a register avoids a serial chain of
        // increments on histogram[1].
        if (count === 1) ones++;
        else {
          histogram[count]!++;
          if (count > maxCount) maxCount = count;
        }
      } while (bits !== 0);
    }
    this.counted = 0;
    histogram[1] = ones;

    // Keep every count above the threshold, and the first `ties` buckets (lowest ids) at it.
    let threshold = 0;
    let ties = found;
    if (found > keep) {
      let above = 0;
      threshold = maxCount;
      while (above + histogram[threshold]! < keep) above += histogram[threshold--]!;
      ties = keep - above;
    }
    histogram.fill(0, 0, maxCount + 1);

    let kept = 0;
    let norm = 0;
    for (let index = 0; index < found; index++) {
      const count = foundCounts[index]!;
      if (count < threshold || (count === threshold && ties-- <= 0)) continue;
      const weight = count < SUBLINEAR.length ? SUBLINEAR[count]! : 1 + Math.log(count);
      ids[kept] = foundIds[index]!;
      weights[kept++] = weight;
      // From the unrounded weight, in ascending id order: the exact sum the model was trained with.
      norm += weight * weight;
    }
    norm = Math.sqrt(norm) || 1;
    for (let index = 0; index < kept; index++) weights[index]! /= norm;
    return kept;
  }
}
