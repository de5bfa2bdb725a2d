/** Length buckets: every input in exactly one run, and the split only where padding costs more than a run. */
import { describe, expect, it } from 'vitest';

import { lengthBuckets } from './length-buckets.ts';

const cost = (lengths: number[], runs: number[][], runCost: number) =>
  runs.reduce((sum, run) => sum + runCost + run.length * Math.max(...run.map((index) => lengths[index] ?? 0)), 0);

describe('lengthBuckets', () => {
  it('keeps a batch of similar lengths in one run', () => {
    expect(lengthBuckets([8, 9, 11, 10, 7], 48)).toEqual([[4, 0, 1, 3, 2]]);
  });

  it('runs one long input on its own instead of padding every short one to it', () => {
    const lengths = [...Array.from({ length: 31 }, () => 10), 128];
    expect(lengthBuckets(lengths, 48)).toEqual([Array.from({ length: 31 }, (_, index) => index), [31]]);
  });

  it('splits only when the padding saved outweighs the cost of another run', () => {
    expect(lengthBuckets([10, 10, 20, 20], 25)).toEqual([[0, 1, 2, 3]]);
    expect(lengthBuckets([10, 10, 20, 20], 15)).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('finds the cheapest split: no other partition into runs of sorted lengths costs less', () => {
    const lengths = [4, 7, 8, 9, 9, 10, 12, 13, 17, 21, 21, 40, 64, 128, 5, 30];
    const runs = lengthBuckets(lengths, 48);
    expect(runs.flat().sort((left, right) => left - right)).toEqual(lengths.map((_, index) => index));
    const sorted = lengths.map((_, index) => index).sort((left, right) => (lengths[left] ?? 0) - (lengths[right] ?? 0));
    // Brute force over every way to cut the sorted order (2^15 cut sets).
    let best = Number.POSITIVE_INFINITY;
    for (let cuts = 0; cuts < 2 ** (sorted.length - 1); cuts++) {
      const candidate: number[][] = [[]];
      sorted.forEach((index, position) => {
        candidate.at(-1)?.push(index);
        if (position < sorted.length - 1 && cuts & (1 << position)) candidate.push([]);
      });
      best = Math.min(best, cost(lengths, candidate, 48));
    }
    expect(cost(lengths, runs, 48)).toBe(best);
  });

  it('returns no runs for no inputs', () => {
    expect(lengthBuckets([], 48)).toEqual([]);
  });
});
