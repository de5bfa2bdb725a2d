/**
 * Finds every run of digits and number separators once per scan; several recognizers read them.
 * Stored as parallel typed arrays: a 1 MB prompt can hold tens of thousands of runs, and one
 * object per run would cost more in garbage collection than the scan itself.
 */

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

// The regex engine skips the text between numbers far faster than a loop over characters would;
// `test` finds the next digit without allocating a match array, and a loop reads the run from
// there. A run is `[+(]?\d[\d \t\u00a0().\/-]*`: linear, whatever the input.
const DIGIT = /\d/g;

/** The characters a run continues with: digits, spaces, brackets, `.`, `/` and `-`. */
function continuesRun(code: number): boolean {
  return (code >= 48 && code <= 57) || code === 32 || code === 9 || code === 0xa0 || code === 40 || code === 41 || code === 46 || code === 47 || code === 45;
}

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
  DIGIT.lastIndex = 0;
  let searchFrom = 0;
  while (DIGIT.test(text)) {
    const digit = DIGIT.lastIndex - 1;
    // Text before the digit holds no digit since the last run, so only a `+` or `(` right before it can start the run.
    const previous = digit > searchFrom ? text.charCodeAt(digit - 1) : 0;
    const start = previous === 43 || previous === 40 ? digit - 1 : digit;
    let hasOpening = previous === 40;
    let rawEnd = digit + 1;
    let digits = 1;
    let spaced = false;
    while (rawEnd < text.length) {
      const code = text.charCodeAt(rawEnd);
      if (code >= 48 && code <= 57) digits++;
      else if (!continuesRun(code)) break;
      else if (code === 40) hasOpening = true;
      else if (isSpaceCode(code)) spaced = true;
      rawEnd++;
    }
    searchFrom = rawEnd;
    DIGIT.lastIndex = rawEnd;
    let end = rawEnd;
    // Trailing separators belong to the sentence, not the number; a closing `)` only when one opened.
    while (end > start) {
      const code = text.charCodeAt(end - 1);
      if ((code >= 48 && code <= 57) || (code === 41 && hasOpening)) break;
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
    runs.runDigits[index] = digits;
    if (!spaced) {
      // Most runs (`2024`, `555-0100`) have no space: one piece, the whole run.
      if (pieces >= runs.pieceStart.length) {
        runs.pieceStart = grow(runs.pieceStart, pieces + 1);
        runs.pieceEnd = grow(runs.pieceEnd, pieces + 1);
      }
      runs.pieceStart[pieces] = start;
      runs.pieceEnd[pieces] = end;
      pieces++;
      runs.runPieceCount[index] = 1;
      continue;
    }
    let pieceStart = -1;
    for (let cursor = start; cursor <= end; cursor++) {
      const current = cursor < end ? text.charCodeAt(cursor) : 32;
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
    runs.runPieceCount[index] = pieces - (runs.runFirstPiece[index] as number);
  }
  return runs;
}
