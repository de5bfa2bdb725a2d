/**
 * Finds every run of digits and number separators once per scan; several recognizers read them.
 * Stored as parallel typed arrays: a 1 MB prompt can hold tens of thousands of runs, and one
 * object per run would cost more in garbage collection than the scan itself.
 */
import { isDigitCode } from './text.ts';

/** Runs like `+1 (415) 555-0132` or `4111 1111 1111 1111`, and their space-separated pieces. */
export interface DigitRuns {
  count: number;
  runStart: Int32Array;
  runEnd: Int32Array;
  runDigits: Int32Array;
  /** Index of the run's first piece in the piece arrays. */
  runFirstPiece: Int32Array;
  runPieceCount: Int32Array;
  pieceStart: Int32Array;
  pieceEnd: Int32Array;
}

// One character class and no alternation inside the loop: linear, whatever the input; the
// regex engine skips the text between numbers far faster than a loop over characters would.
const RUN = /[+(]?\d[\d \t\u00a0().\/-]*/g;

function isSpaceCode(code: number): boolean {
  return code === 32 || code === 9 || code === 0xa0;
}

function grow(array: Int32Array, needed: number): Int32Array {
  if (needed <= array.length) return array;
  const larger = new Int32Array(Math.max(needed, array.length * 2));
  larger.set(array);
  return larger;
}

export function findDigitRuns(text: string): DigitRuns {
  // Sized for about one number per eight characters of text; grows past that.
  const capacity = Math.max(16, Math.min(text.length >> 3, 1 << 16));
  const runs: DigitRuns = {
    count: 0,
    runStart: new Int32Array(capacity),
    runEnd: new Int32Array(capacity),
    runDigits: new Int32Array(capacity),
    runFirstPiece: new Int32Array(capacity),
    runPieceCount: new Int32Array(capacity),
    pieceStart: new Int32Array(capacity),
    pieceEnd: new Int32Array(capacity),
  };
  let pieces = 0;
  RUN.lastIndex = 0;
  for (let match = RUN.exec(text); match; match = RUN.exec(text)) {
    const start = match.index;
    let end = start + match[0].length;
    // Trailing separators belong to the sentence, not the number; a closing `)` only when one opened.
    while (end > start && !isDigitCode(text.charCodeAt(end - 1))) {
      if (text.charCodeAt(end - 1) === 41 && match[0].includes('(')) break;
      end--;
    }
    const index = runs.count++;
    if (index >= runs.runStart.length) {
      runs.runStart = grow(runs.runStart, index + 1);
      runs.runEnd = grow(runs.runEnd, index + 1);
      runs.runDigits = grow(runs.runDigits, index + 1);
      runs.runFirstPiece = grow(runs.runFirstPiece, index + 1);
      runs.runPieceCount = grow(runs.runPieceCount, index + 1);
    }
    runs.runStart[index] = start;
    runs.runEnd[index] = end;
    runs.runFirstPiece[index] = pieces;
    let digits = 0;
    let pieceStart = -1;
    for (let cursor = start; cursor <= end; cursor++) {
      const current = cursor < end ? text.charCodeAt(cursor) : 32;
      if (isDigitCode(current)) digits++;
      const space = isSpaceCode(current);
      if (space && pieceStart >= 0) {
        if (pieces >= runs.pieceStart.length) {
          runs.pieceStart = grow(runs.pieceStart, pieces + 1);
          runs.pieceEnd = grow(runs.pieceEnd, pieces + 1);
        }
        runs.pieceStart[pieces] = pieceStart;
        runs.pieceEnd[pieces] = cursor;
        pieces++;
        pieceStart = -1;
      } else if (!space && pieceStart < 0) {
        pieceStart = cursor;
      }
    }
    runs.runDigits[index] = digits;
    runs.runPieceCount[index] = pieces - (runs.runFirstPiece[index] as number);
  }
  return runs;
}
