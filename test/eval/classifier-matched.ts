/**
 * The classifier against each peer at the peer's own operating point. A detector that flags little
 * wins on a benign-only set and loses on attack-only sets at the same time, so "better on every set"
 * at each detector's own threshold compares trade-offs, not detectors. Here the classifier's
 * threshold is moved until its NotInject false-positive rate is no higher than the peer's (equal
 * over-defense), and every set is scored at that threshold against the peer's own verdicts.
 *
 * The threshold is chosen on NotInject itself, an oracle like the TPR-at-FPR rows: it shows what
 * the scores can separate, not what the shipped threshold does.
 */
import { binaryMetrics, recallAtFalsePositiveRate } from '../../models/classifier/metrics.ts';
import { format, summarize, type SetResult } from './classifier-report.ts';

/** The benign-only set that fixes the operating point. */
const REFERENCE_SET = 'NotInject';

export interface MatchedComparison {
  peer: string;
  /** The peer's false-positive rate on the reference set, and the classifier threshold that matches it. */
  referenceFalsePositiveRate: number;
  threshold: number;
  sets: { name: string; kind: SetResult['set']['kind']; ours: number; peer: number; oursWins: boolean }[];
}

/**
 * For each peer, the classifier at equal over-defense: per set the primary metric (F1 on mixed
 * sets, false-positive rate on benign-only, recall on attack-only) of both. Undefined when the
 * reference set is missing.
 */
export function matchedOperatingPoints(results: readonly SetResult[], ours: string, peers: readonly string[]): MatchedComparison[] | undefined {
  const reference = results.find((result) => result.set.name === REFERENCE_SET);
  if (!reference) return undefined;
  const referenceScores = (reference.detections.get(ours) ?? []).map((detection) => detection.score);
  return peers.map((peer) => {
    const referenceFalsePositiveRate = summarize(reference.set, reference.detections.get(peer) ?? [], { verdictOnly: true }).falsePositiveRate ?? 0;
    const { threshold } = recallAtFalsePositiveRate(referenceScores, reference.set.attack, referenceFalsePositiveRate);
    const sets = results.map((result) => {
      const scores = (result.detections.get(ours) ?? []).map((detection) => detection.score);
      const oursAt = binaryMetrics(scores, result.set.attack, threshold);
      const peerAt = binaryMetrics((result.detections.get(peer) ?? []).map((detection) => (detection.flagged ? 1 : 0)), result.set.attack, 1);
      const kind = result.set.kind;
      const [oursValue, peerValue] = kind === 'mixed' ? [oursAt.f1, peerAt.f1] : kind === 'benign-only' ? [oursAt.falsePositiveRate, peerAt.falsePositiveRate] : [oursAt.recall, peerAt.recall];
      const oursWins = kind === 'benign-only' ? oursValue <= peerValue : oursValue > peerValue;
      return { name: result.set.name, kind, ours: oursValue, peer: peerValue, oursWins };
    });
    return { peer, referenceFalsePositiveRate, threshold, sets };
  });
}

/** One row per peer: "classifier / peer" per set, the classifier's cell in bold where it is better (or equal, on the reference set). */
export function matchedTable(comparisons: readonly MatchedComparison[], ours: string): string {
  const first = comparisons[0];
  if (!first) return '';
  const header = first.sets.map((set) => `${set.name} ${set.kind === 'mixed' ? 'F1' : set.kind === 'benign-only' ? 'FPR' : 'recall'}`);
  const lines = [`| at the ${REFERENCE_SET} FPR of | ${ours} threshold | ${header.join(' | ')} |`, `|---|---:|${header.map(() => '---:').join('|')}|`];
  for (const comparison of comparisons) {
    const cells = comparison.sets.map((set) => `${set.oursWins ? `**${format(set.ours)}**` : format(set.ours)} / ${format(set.peer)}`);
    lines.push(`| ${comparison.peer} (${format(comparison.referenceFalsePositiveRate)}) | ${format(comparison.threshold)} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
