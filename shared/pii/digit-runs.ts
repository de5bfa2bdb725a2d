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

function createRuns(capacity: number): DigitRuns {
  return {
    count: 0,
    runStart: new Int32Array(capacity),
    runEnd: new Int32Array(capacity),
    runDigits: new Int32Array(capacity),
    runFirstPiece: new Int32Array(capacity),
    runPieceCount: new Int32Array(capacity),
    pieceStart: new Int32Array(capacity * 2),
    pieceEnd: new Int32Array(capacity * 2),
  };
}

/**
 * One set of arrays serves every scan: a scan is synchronous and reads its runs only while it
 * runs, and allocating seven typed arrays per prompt cost more than finding the runs.
 */
let shared: DigitRuns | undefined;

/** Above this many entries, the shared arrays are dropped before a small text rather than kept. */
const KEPT_CAPACITY = 1 << 14;

function sharedRuns(textLength: number): DigitRuns {
  // A huge prompt grew the arrays (runs, or pieces: `1 1 1 …` is one run of many pieces); do not
  // keep megabytes for the small prompts that follow.
  if (shared !== undefined && (shared.runStart.length > KEPT_CAPACITY || shared.pieceStart.length > 2 * KEPT_CAPACITY) && textLength < 1 << 16) shared = undefined;
  return (shared ??= createRuns(256));
}

export interface FindDigitRunsOptions {
  /**
   * Write into the module's shared arrays, which the next reusing call overwrites (read them
   * before another scan starts); false allocates arrays of its own. Default true.
   */
  reuse?: boolean;
}

/** The runs of `text`. */
export function findDigitRuns(text: string, { reuse = true }: FindDigitRunsOptions = {}): DigitRuns {
  const runs = reuse ? sharedRuns(text.length) : createRuns(16);
  runs.count = 0;
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
