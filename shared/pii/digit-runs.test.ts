/** Digit runs share one set of arrays between scans; a nested scan gets its own, and a huge prompt's growth is not kept. */
import { describe, expect, it } from 'vitest';
import { findDigitRuns } from './digit-runs.ts';

const runsOf = (runs: ReturnType<typeof findDigitRuns>) => Array.from({ length: runs.count }, (_, index) => [runs.runStart[index], runs.runEnd[index], runs.runDigits[index]]);

describe('findDigitRuns', () => {
  it('finds runs and their pieces, trimming the separators that end a sentence', () => {
    const runs = findDigitRuns('Call +1 (415) 555-0132. Card 4111 1111 1111 1111.');
    expect(runsOf(runs)).toEqual([
      [5, 22, 11],
      [29, 48, 16],
    ]);
    expect(runs.runPieceCount[1]).toBe(4);
  });

  it('gives a scan that does not reuse its own arrays, which a reusing call leaves alone', () => {
    const outer = findDigitRuns('order 12345 shipped', { reuse: false });
    const reused = findDigitRuns('call 555 0132 or 555 0199');
    expect(reused.runStart).not.toBe(outer.runStart);
    expect(runsOf(outer)).toEqual([[6, 11, 5]]);
  });

  it('drops arrays a huge prompt grew, for runs and for pieces alike', () => {
    findDigitRuns('1 '.repeat(100_000));
    expect(findDigitRuns('ticket 42').pieceStart.length).toBeLessThanOrEqual(512);
    findDigitRuns('1x'.repeat(100_000));
    expect(findDigitRuns('ticket 42').runStart.length).toBeLessThanOrEqual(256);
  });
});
