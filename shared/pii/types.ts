import type { DigitRuns } from './digit-runs.ts';
import type { Markers } from './markers.ts';

/** The kinds of personal data and secrets the PII scanner reports, exactly as `/v1/guard` names them. */
export const PII_TYPES = [
  'EMAIL',
  'PHONE',
  'CREDIT_CARD',
  'SSN',
  'IBAN',
  'IP_ADDRESS',
  'API_KEY',
  'URL_WITH_CREDENTIALS',
  'PASSPORT',
  'DATE_OF_BIRTH',
  'PERSON',
  'ADDRESS',
] as const;

export type PiiType = (typeof PII_TYPES)[number];

/** One finding. Offsets are UTF-16 code units of the scanned text, `end` exclusive. */
export interface PiiSpan {
  type: PiiType;
  start: number;
  end: number;
  /** Confidence in [0, 1]: checksummed or vendor-prefixed values score high, context-only guesses lower. */
  score: number;
}

export interface DetectPiiOptions {
  /** Only look for these types (default: all). */
  types?: readonly PiiType[];
  /** Drop findings scored below this (default 0.5). */
  minimumScore?: number;
  /**
   * Regions tried, in order, for phone numbers written without a country code (default: a
   * list covering North America and the larger European and Asian numbering plans).
   */
  phoneRegions?: readonly string[];
}

/** What a recognizer may read; built once per scan. */
export interface ScanContext {
  text: string;
  /** Types wanted by the caller. */
  wants(type: PiiType): boolean;
  /** Records a candidate; overlaps are resolved after every recognizer ran. */
  add(type: PiiType, start: number, end: number, score: number): void;
  phoneRegions: readonly string[];
  /** Runs of digits and the separators numbers are written with, found once and shared. */
  digitRuns(): DigitRuns;
  /** The text lower-cased with every offset kept (cue words are searched in it once, without case-insensitive regexes). */
  lower(): string;
  /** Where the literal words rules start from occur, found once in `lower()`. */
  markers(): Markers;
}

/** One family of rules (emails, numbers, secrets, ...). */
export interface Recognizer {
  /** The types it can produce; skipped entirely when none is wanted. */
  types: readonly PiiType[];
  scan(context: ScanContext): void;
}
