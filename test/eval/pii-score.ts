/**
 * Precision, recall and F1 for PII findings, the same rules for every system:
 * - token level (as Presidio's own evaluator does): every word or number token inside a labeled
 *   span should carry that type, and every token a system marks should be labeled so; this is fair
 *   to sets that label an address as one span in one sentence and as several parts in another;
 * - span level: a prediction matches a labeled span of the same type when their character overlap
 *   is at least half of their union (IoU >= 0.5), one to one.
 */
import type { PiiSpan, PiiType } from '../../shared/pii/index.ts';
import type { FlagCase, GoldSpan, SpanDocument } from './pii-data.ts';

export const MIN_IOU = 0.5;

export interface Counts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface Metrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export function emptyCounts(): Counts {
  return { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
}

export function metricsOf({ truePositives, falsePositives, falseNegatives }: Counts): Metrics {
  const precision = truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives);
  const recall = truePositives + falseNegatives === 0 ? 1 : truePositives / (truePositives + falseNegatives);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, support: truePositives + falseNegatives };
}

export function addCounts(into: Counts, from: Counts): void {
  into.truePositives += from.truePositives;
  into.falsePositives += from.falsePositives;
  into.falseNegatives += from.falseNegatives;
}

function intersectionOverUnion(left: { start: number; end: number }, right: { start: number; end: number }): number {
  const overlap = Math.min(left.end, right.end) - Math.max(left.start, right.start);
  if (overlap <= 0) return 0;
  return overlap / (Math.max(left.end, right.end) - Math.min(left.start, right.start));
}

/** Matches one document's predictions of one type against its labels. */
function matchType(gold: readonly GoldSpan[], predicted: readonly PiiSpan[]): Counts {
  const pairs: { gold: number; predicted: number; iou: number }[] = [];
  gold.forEach((goldSpan, goldIndex) => {
    predicted.forEach((span, predictedIndex) => {
      const iou = intersectionOverUnion(goldSpan, span);
      if (iou >= MIN_IOU) pairs.push({ gold: goldIndex, predicted: predictedIndex, iou });
    });
  });
  pairs.sort((left, right) => right.iou - left.iou);
  const usedGold = new Set<number>();
  const usedPredicted = new Set<number>();
  for (const pair of pairs) {
    if (usedGold.has(pair.gold) || usedPredicted.has(pair.predicted)) continue;
    usedGold.add(pair.gold);
    usedPredicted.add(pair.predicted);
  }
  return { truePositives: usedGold.size, falsePositives: predicted.length - usedPredicted.size, falseNegatives: gold.length - usedGold.size };
}

/** Per-type counts over span-labeled documents; predictions of types a document does not label are ignored. */
export function scoreSpans(documents: readonly SpanDocument[], predictions: readonly PiiSpan[][]): Map<PiiType, Counts> {
  const byType = new Map<PiiType, Counts>();
  documents.forEach((document, index) => {
    const predicted = predictions[index] ?? [];
    for (const type of document.scored) {
      const counts = matchType(
        document.gold.filter((span) => span.type === type),
        predicted.filter((span) => span.type === type),
      );
      const total = byType.get(type) ?? emptyCounts();
      addCounts(total, counts);
      byType.set(type, total);
    }
  });
  return byType;
}

/** Both kinds of credential: a secret found as either counts as flagged. */
const SECRET_TYPES: ReadonlySet<PiiType> = new Set(['API_KEY', 'URL_WITH_CREDENTIALS']);

/**
 * Case-level counts: flagged means at least one finding of the case's type (for a secret, either
 * credential type: `https://user:key@host` is a URL with credentials to us). Grouped by `group`.
 */
export function scoreFlags(cases: readonly FlagCase[], predictions: readonly PiiSpan[][], group: (flagCase: FlagCase) => string): Map<string, Counts> {
  const byGroup = new Map<string, Counts>();
  cases.forEach((flagCase, index) => {
    const accepts = (type: PiiType) => type === flagCase.type || (SECRET_TYPES.has(flagCase.type) && SECRET_TYPES.has(type));
    const flagged = (predictions[index] ?? []).some((span) => accepts(span.type));
    const counts = byGroup.get(group(flagCase)) ?? emptyCounts();
    if (flagged && flagCase.shouldFlag) counts.truePositives++;
    else if (flagged) counts.falsePositives++;
    else if (flagCase.shouldFlag) counts.falseNegatives++;
    byGroup.set(group(flagCase), counts);
  });
  return byGroup;
}

const TOKEN = /[\p{L}\p{N}]+/gu;

function typeAt(spans: readonly { type: PiiType; start: number; end: number }[], start: number, end: number): PiiType | undefined {
  for (const span of spans) if (span.start < end && start < span.end) return span.type;
  return undefined;
}

/** Token-level counts per type; predictions of types a document does not label are ignored. */
export function scoreTokens(documents: readonly SpanDocument[], predictions: readonly PiiSpan[][]): Map<PiiType, Counts> {
  const byType = new Map<PiiType, Counts>();
  const countsFor = (type: PiiType) => {
    let counts = byType.get(type);
    if (!counts) {
      counts = emptyCounts();
      byType.set(type, counts);
    }
    return counts;
  };
  documents.forEach((document, index) => {
    for (const type of document.scored) countsFor(type);
    const predicted = (predictions[index] ?? []).filter((span) => document.scored.includes(span.type));
    for (const match of document.text.matchAll(TOKEN)) {
      const start = match.index;
      const end = start + match[0].length;
      const gold = typeAt(document.gold, start, end);
      const guess = typeAt(predicted, start, end);
      if (gold && gold === guess) countsFor(gold).truePositives++;
      else {
        if (guess) countsFor(guess).falsePositives++;
        if (gold) countsFor(gold).falseNegatives++;
      }
    }
  });
  return byType;
}
