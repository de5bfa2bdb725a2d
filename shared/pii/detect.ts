/**
 * The PII scan: every recognizer proposes candidates in one linear pass of its own, then
 * overlapping candidates are settled so the result is sorted and non-overlapping.
 */
import { findDigitRuns, type DigitRuns } from './digit-runs.ts';
import { findMarkers, type Markers } from './markers.ts';
import { lowerCaseKeepingOffsets } from './text.ts';
import { addressRecognizer } from './recognizers/address.ts';
import { emailRecognizer } from './recognizers/email.ts';
import { ibanRecognizer } from './recognizers/iban.ts';
import { ipv6Recognizer } from './recognizers/ipv6.ts';
import { keywordSecretRecognizer } from './recognizers/keyword-secrets.ts';
import { numberRecognizer } from './recognizers/numbers.ts';
import { cuedNumberRecognizer } from './recognizers/cued-numbers.ts';
import { personRecognizer } from './recognizers/person.ts';
import { secretRecognizer } from './recognizers/secrets.ts';
import { urlCredentialRecognizer } from './recognizers/url-credentials.ts';
import { PII_TYPES, type DetectPiiOptions, type PiiSpan, type PiiType, type Recognizer, type ScanContext } from './types.ts';

const RECOGNIZERS: readonly Recognizer[] = [
  urlCredentialRecognizer,
  emailRecognizer,
  secretRecognizer,
  keywordSecretRecognizer,
  ibanRecognizer,
  numberRecognizer,
  ipv6Recognizer,
  cuedNumberRecognizer,
  addressRecognizer,
  personRecognizer,
];

/** North America first (the most common plan in English text), then large plans elsewhere. */
export const DEFAULT_PHONE_REGIONS: readonly string[] = ['US', 'GB', 'DE', 'FR', 'ES', 'IT', 'NL', 'IN', 'AU', 'BR', 'MX', 'JP', 'CN'];

/** Same score: the more specific type wins (a checksum beats a shape). */
const TYPE_RANK: Record<PiiType, number> = {
  PASSPORT: 0,
  URL_WITH_CREDENTIALS: 1,
  API_KEY: 2,
  EMAIL: 3,
  IBAN: 4,
  CREDIT_CARD: 5,
  SSN: 6,
  DATE_OF_BIRTH: 7,
  IP_ADDRESS: 8,
  PHONE: 9,
  ADDRESS: 10,
  PERSON: 11,
};

const ALL_TYPES = new Set<PiiType>(PII_TYPES);

/**
 * Finds personal data and secrets in `text`.
 *
 * Offsets are UTF-16 code units of the input; spans are sorted and never overlap. Runs the same
 * on Node and in workerd (Web standards only; phone numbers use libphonenumber-js `max` metadata,
 * the precise per-region patterns, because `min` only checks lengths and over-matches).
 *
 * @param options.types only these types (default all)
 * @param options.minimumScore drop findings below this confidence (default 0.5)
 * @example detectPii('mail jane@example.com') // [{ type: 'EMAIL', start: 5, end: 21, score: 0.95 }]
 */
export function detectPii(text: string, options: DetectPiiOptions = {}): PiiSpan[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  // Only the outermost scan may use the shared digit-run arrays: a scan started from inside another
  // (a recognizer that ever calls detectPii) would overwrite the runs its caller is still reading.
  const scan = new Scan(text, options, scansRunning === 0);
  scansRunning++;
  try {
    for (const recognizer of RECOGNIZERS) {
      if (scan.wanted === ALL_TYPES || recognizer.types.some((type) => scan.wanted.has(type))) recognizer.scan(scan);
    }
  } finally {
    scansRunning--;
  }
  return settleOverlaps(scan.candidates);
}

let scansRunning = 0;

/**
 * One scan's state. Recognizers take its members apart (`{ text, add }`), so the methods are bound
 * once per scan; binding costs less than an arrow-function field, which bundlers wrap to keep its name.
 */
class Scan implements ScanContext {
  readonly candidates: PiiSpan[] = [];
  readonly wanted: ReadonlySet<PiiType>;
  readonly phoneRegions: readonly string[];
  private readonly minimumScore: number;
  private runs: DigitRuns | undefined;
  private lowered: string | undefined;
  private found: Markers | undefined;

  constructor(
    readonly text: string,
    options: DetectPiiOptions,
    private readonly reuseDigitRuns: boolean,
  ) {
    this.wanted = options.types ? new Set(options.types) : ALL_TYPES;
    this.minimumScore = options.minimumScore ?? 0.5;
    this.phoneRegions = options.phoneRegions ?? DEFAULT_PHONE_REGIONS;
    this.wants = this.wants.bind(this);
    this.add = this.add.bind(this);
    this.digitRuns = this.digitRuns.bind(this);
    this.lower = this.lower.bind(this);
    this.markers = this.markers.bind(this);
  }

  wants(type: PiiType): boolean {
    return this.wanted.has(type);
  }

  add(type: PiiType, start: number, end: number, score: number): void {
    if (end > start && score >= this.minimumScore && this.wanted.has(type)) this.candidates.push({ type, start, end, score });
  }

  digitRuns(): DigitRuns {
    return (this.runs ??= findDigitRuns(this.text, { reuse: this.reuseDigitRuns }));
  }

  lower(): string {
    return (this.lowered ??= lowerCaseKeepingOffsets(this.text));
  }

  markers(): Markers {
    return (this.found ??= findMarkers(this.lower()));
  }
}

function contains(outer: PiiSpan, inner: PiiSpan): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

function outranks(challenger: PiiSpan, holder: PiiSpan): boolean {
  // A name inside an address names the street or the town (`12 Maria Lopez Street`).
  if (challenger.type === 'ADDRESS' && holder.type === 'PERSON' && contains(challenger, holder)) return true;
  if (holder.type === 'ADDRESS' && challenger.type === 'PERSON' && contains(holder, challenger)) return false;
  if (challenger.score !== holder.score) return challenger.score > holder.score;
  const lengthDifference = challenger.end - challenger.start - (holder.end - holder.start);
  if (lengthDifference !== 0) return lengthDifference > 0;
  return TYPE_RANK[challenger.type] < TYPE_RANK[holder.type];
}

/**
 * Sorts by start, then within each run of chained overlaps keeps the best candidates greedily
 * (score, then length, then type). Runs are short, so the quadratic step inside one is cheap.
 */
export function settleOverlaps(candidates: PiiSpan[]): PiiSpan[] {
  if (candidates.length <= 1) return candidates;
  candidates.sort((left, right) => left.start - right.start || right.end - left.end);
  const settled: PiiSpan[] = [];
  // A group is candidates[groupStart..index); no per-group arrays for the common lone candidate.
  let groupStart = 0;
  let groupEnd = -1;
  for (let index = 0; index < candidates.length; index++) {
    const candidate = candidates[index] as PiiSpan;
    if (candidate.start >= groupEnd) {
      flushGroup(candidates, groupStart, index, settled);
      groupStart = index;
      groupEnd = candidate.end;
    } else if (candidate.end > groupEnd) {
      groupEnd = candidate.end;
    }
  }
  flushGroup(candidates, groupStart, candidates.length, settled);
  return settled;
}

function flushGroup(candidates: readonly PiiSpan[], start: number, end: number, settled: PiiSpan[]): void {
  if (end - start === 1) settled.push(candidates[start] as PiiSpan);
  else if (end - start > 1) settled.push(...pickBest(candidates.slice(start, end)));
}

/** Kept spans stay sorted and disjoint, so one binary search tells whether a candidate still fits. */
function pickBest(group: PiiSpan[]): PiiSpan[] {
  const ranked = group.sort((left, right) => (outranks(left, right) ? -1 : outranks(right, left) ? 1 : 0));
  const kept: PiiSpan[] = [];
  for (const candidate of ranked) {
    let low = 0;
    let high = kept.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((kept[middle] as PiiSpan).start < candidate.start) low = middle + 1;
      else high = middle;
    }
    const previous = kept[low - 1];
    const next = kept[low];
    if ((previous === undefined || previous.end <= candidate.start) && (next === undefined || candidate.end <= next.start)) {
      kept.splice(low, 0, candidate);
    }
  }
  return kept;
}
