/**
 * Turns detector scores on the evaluation sets into the numbers and Markdown tables of the
 * classifier report (metrics come from models/classifier/metrics.ts, as in training).
 */
import { binaryMetrics, recallAtFalsePositiveRate, rocAuc } from '../../models/classifier/metrics.ts';
import type { Detection } from './classifier-peers.ts';
import type { InjectionSet } from './classifier-data.ts';

export interface SetResult {
  set: InjectionSet;
  /** Detector name → one detection per text. */
  detections: Map<string, Detection[]>;
  /** Detector name → mean microseconds per text. */
  microseconds: Map<string, number>;
}

export interface InjectionSummary {
  f1?: number;
  falsePositiveRate?: number;
  recall?: number;
  recallAt1?: number;
  recallAt3?: number;
  auc?: number;
  confusion?: { truePositives: number; falsePositives: number; trueNegatives: number; falseNegatives: number };
}

/**
 * Metrics at the detector's own verdict, plus threshold-free ones where the set has both classes
 * (left out with `verdictOnly`: for a decision that is not one score against one threshold).
 */
export function summarize(set: InjectionSet, detections: readonly Detection[], { verdictOnly = false }: { verdictOnly?: boolean } = {}): InjectionSummary {
  const verdicts = detections.map((detection) => (detection.flagged ? 1 : 0));
  const atOwn = binaryMetrics(verdicts, set.attack, 1);
  if (set.kind === 'benign-only') return { falsePositiveRate: atOwn.falsePositiveRate };
  if (set.kind === 'attack-only') return { recall: atOwn.recall };
  const confusion = { truePositives: atOwn.truePositives, falsePositives: atOwn.falsePositives, trueNegatives: atOwn.trueNegatives, falseNegatives: atOwn.falseNegatives };
  if (verdictOnly) return { f1: atOwn.f1, falsePositiveRate: atOwn.falsePositiveRate, recall: atOwn.recall, confusion };
  const scores = detections.map((detection) => detection.score);
  return {
    f1: atOwn.f1,
    falsePositiveRate: atOwn.falsePositiveRate,
    recall: atOwn.recall,
    recallAt1: recallAtFalsePositiveRate(scores, set.attack, 0.01).recall,
    recallAt3: recallAtFalsePositiveRate(scores, set.attack, 0.03).recall,
    auc: rocAuc(scores, set.attack),
    confusion,
  };
}

export const format = (value: number | undefined, digits = 3): string => (value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits));

interface MetricRow {
  label: string;
  pick: (summary: InjectionSummary) => number | undefined;
  higherIsBetter: boolean;
}

const MIXED_ROWS: MetricRow[] = [
  { label: 'F1 at own threshold', pick: (summary) => summary.f1, higherIsBetter: true },
  { label: 'recall (TPR) at own threshold', pick: (summary) => summary.recall, higherIsBetter: true },
  { label: 'FPR at own threshold', pick: (summary) => summary.falsePositiveRate, higherIsBetter: false },
  { label: 'TPR at 1% FPR ¹', pick: (summary) => summary.recallAt1, higherIsBetter: true },
  { label: 'TPR at 3% FPR ¹', pick: (summary) => summary.recallAt3, higherIsBetter: true },
  { label: 'ROC AUC', pick: (summary) => summary.auc, higherIsBetter: true },
];
const BENIGN_ROWS: MetricRow[] = [{ label: 'false-positive rate at own threshold', pick: (summary) => summary.falsePositiveRate, higherIsBetter: false }];
const ATTACK_ROWS: MetricRow[] = [{ label: 'recall at own threshold', pick: (summary) => summary.recall, higherIsBetter: true }];

export function rowsFor(kind: InjectionSet['kind']): MetricRow[] {
  return kind === 'mixed' ? MIXED_ROWS : kind === 'benign-only' ? BENIGN_ROWS : ATTACK_ROWS;
}

/** One table: every set, every metric, every detector; the best value per row in bold. */
export function injectionTable(results: readonly SetResult[], detectorNames: readonly string[], verdictOnly: ReadonlySet<string> = new Set()): string {
  const lines = [`| set (n) | metric | ${detectorNames.join(' | ')} |`, `|---|---|${detectorNames.map(() => '---:').join('|')}|`];
  for (const result of results) {
    const summaries = detectorNames.map((name) => summarize(result.set, result.detections.get(name) ?? [], { verdictOnly: verdictOnly.has(name) }));
    rowsFor(result.set.kind).forEach((row, rowIndex) => {
      const values = summaries.map((summary) => row.pick(summary));
      const defined = values.filter((value): value is number => value !== undefined);
      const best = defined.length ? (row.higherIsBetter ? Math.max(...defined) : Math.min(...defined)) : undefined;
      const cells = values.map((value) => (value !== undefined && value === best ? `**${format(value)}**` : format(value)));
      const setCell = rowIndex === 0 ? `${result.set.name} (${result.set.texts.length})` : '';
      lines.push(`| ${setCell} | ${row.label} | ${cells.join(' | ')} |`);
    });
  }
  return lines.join('\n');
}

export function confusionTable(title: string, confusion: InjectionSummary['confusion']): string {
  if (!confusion) return '';
  return [
    `| ${title} | predicted benign | predicted attack |`,
    '|---|---:|---:|',
    `| actual benign | ${confusion.trueNegatives} | ${confusion.falsePositives} |`,
    `| actual attack | ${confusion.falseNegatives} | ${confusion.truePositives} |`,
  ].join('\n');
}

export function matrixTable(title: string, labels: readonly string[], confusion: readonly (readonly number[])[]): string {
  const lines = [`| ${title} | ${labels.map((label) => `→ ${label}`).join(' | ')} |`, `|---|${labels.map(() => '---:').join('|')}|`];
  confusion.forEach((row, index) => lines.push(`| ${labels[index]} | ${row.join(' | ')} |`));
  return lines.join('\n');
}
