/**
 * Metrics, calibration and threshold choice for the classifier, shared by training (dev split)
 * and `npm run eval` (public sets), so both report the same quantities the same way.
 */

export interface BinaryCounts {
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
}

export interface BinaryMetrics extends BinaryCounts {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  falsePositiveRate: number;
}

const ratio = (numerator: number, denominator: number): number => (denominator === 0 ? 0 : numerator / denominator);

/** Positive = label true; a score at or above the threshold is flagged. */
export function binaryMetrics(scores: readonly number[], labels: readonly boolean[], threshold: number): BinaryMetrics {
  const counts: BinaryCounts = { truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0 };
  scores.forEach((score, index) => {
    const flagged = score >= threshold;
    if (labels[index]) counts[flagged ? 'truePositives' : 'falseNegatives'] += 1;
    else counts[flagged ? 'falsePositives' : 'trueNegatives'] += 1;
  });
  const precision = ratio(counts.truePositives, counts.truePositives + counts.falsePositives);
  const recall = ratio(counts.truePositives, counts.truePositives + counts.falseNegatives);
  return {
    ...counts,
    accuracy: ratio(counts.truePositives + counts.trueNegatives, scores.length),
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    falsePositiveRate: ratio(counts.falsePositives, counts.falsePositives + counts.trueNegatives),
  };
}

/**
 * The lowest threshold whose false-positive rate is at most `maxFalsePositiveRate` (so the highest
 * recall allowed), with the recall and rate it achieves. Ties in score are never split.
 */
export function recallAtFalsePositiveRate(scores: readonly number[], labels: readonly boolean[], maxFalsePositiveRate: number): { threshold: number; recall: number; falsePositiveRate: number } {
  const negatives = scores.filter((_, index) => !labels[index]).sort((left, right) => right - left);
  const allowed = Math.floor(maxFalsePositiveRate * negatives.length + 1e-9);
  // Just above the first negative that must stay unflagged.
  const boundary = negatives[allowed];
  const threshold = boundary === undefined ? 0 : nextAbove(boundary);
  const metrics = binaryMetrics(scores, labels, threshold);
  return { threshold, recall: metrics.recall, falsePositiveRate: metrics.falsePositiveRate };
}

function nextAbove(value: number): number {
  return value + Math.max(Math.abs(value) * 1e-9, 1e-12);
}

/** Area under the ROC curve (probability a random positive outscores a random negative; ties count half). */
export function rocAuc(scores: readonly number[], labels: readonly boolean[]): number {
  const order = scores.map((score, index) => ({ score, positive: labels[index] ?? false })).sort((left, right) => left.score - right.score);
  let positives = 0;
  let negativesBelow = 0;
  let area = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end < order.length && order[end]?.score === order[start]?.score) end++;
    const group = order.slice(start, end);
    const groupPositives = group.filter((item) => item.positive).length;
    const groupNegatives = group.length - groupPositives;
    area += groupPositives * (negativesBelow + groupNegatives / 2);
    positives += groupPositives;
    negativesBelow += groupNegatives;
    start = end;
  }
  return ratio(area, positives * negativesBelow);
}

export interface MulticlassMetrics {
  accuracy: number;
  macroF1: number;
  /** confusion[actual][predicted] */
  confusion: number[][];
}

export function multiclassMetrics(predicted: readonly number[], actual: readonly number[], classCount: number): MulticlassMetrics {
  const confusion = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  predicted.forEach((prediction, index) => {
    const row = confusion[actual[index] ?? 0];
    if (row) row[prediction] = (row[prediction] ?? 0) + 1;
  });
  let correct = 0;
  let f1Sum = 0;
  let present = 0;
  for (let label = 0; label < classCount; label++) {
    const truePositives = confusion[label]?.[label] ?? 0;
    correct += truePositives;
    const actualCount = (confusion[label] ?? []).reduce((sum, value) => sum + value, 0);
    const predictedCount = confusion.reduce((sum, row) => sum + (row[label] ?? 0), 0);
    if (actualCount === 0 && predictedCount === 0) continue;
    present += 1;
    const precision = ratio(truePositives, predictedCount);
    const recall = ratio(truePositives, actualCount);
    f1Sum += ratio(2 * precision * recall, precision + recall);
  }
  return { accuracy: ratio(correct, predicted.length), macroF1: ratio(f1Sum, present), confusion };
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let index = 1; index < values.length; index++) if ((values[index] ?? 0) > (values[best] ?? 0)) best = index;
  return best;
}

function negativeLogLikelihood(logits: readonly ArrayLike<number>[], labels: readonly number[], temperature: number): number {
  let total = 0;
  logits.forEach((row, index) => {
    let max = -Infinity;
    for (let column = 0; column < row.length; column++) max = Math.max(max, (row[column] ?? 0) / temperature);
    let sum = 0;
    for (let column = 0; column < row.length; column++) sum += Math.exp((row[column] ?? 0) / temperature - max);
    total -= (row[labels[index] ?? 0] ?? 0) / temperature - max - Math.log(sum);
  });
  return total / Math.max(1, logits.length);
}

/** Temperature scaling: the T in [0.05, 20] minimizing dev negative log-likelihood (golden-section search on log T). */
export function fitTemperature(logits: readonly ArrayLike<number>[], labels: readonly number[]): number {
  if (logits.length === 0) return 1;
  let low = Math.log(0.05);
  let high = Math.log(20);
  const golden = (Math.sqrt(5) - 1) / 2;
  for (let iteration = 0; iteration < 60; iteration++) {
    const left = high - golden * (high - low);
    const right = low + golden * (high - low);
    if (negativeLogLikelihood(logits, labels, Math.exp(left)) <= negativeLogLikelihood(logits, labels, Math.exp(right))) high = right;
    else low = left;
  }
  return Number(Math.exp((low + high) / 2).toFixed(4));
}

/** Expected calibration error over `bins` equal-width confidence bins. */
export function expectedCalibrationError(confidences: readonly number[], correct: readonly boolean[], bins = 10): number {
  let total = 0;
  for (let bin = 0; bin < bins; bin++) {
    const members = confidences.map((confidence, index) => ({ confidence, correct: correct[index] ?? false })).filter(({ confidence }) => Math.min(bins - 1, Math.floor(confidence * bins)) === bin);
    if (members.length === 0) continue;
    const accuracy = members.filter((member) => member.correct).length / members.length;
    const meanConfidence = members.reduce((sum, member) => sum + member.confidence, 0) / members.length;
    total += (members.length / confidences.length) * Math.abs(accuracy - meanConfidence);
  }
  return total;
}

/**
 * The injection threshold: among thresholds with dev false-positive rate <= `maxFalsePositiveRate`,
 * those with the highest recall form an interval between a benign and an attack score; take its
 * middle in logit space (the widest margin on both sides), never below `floor`.
 */
export function pickInjectionThreshold(scores: readonly number[], labels: readonly boolean[], maxFalsePositiveRate: number, floor: number): number {
  const { threshold: lowest } = recallAtFalsePositiveRate(scores, labels, maxFalsePositiveRate);
  const attacksAbove = scores.filter((score, index) => labels[index] && score >= lowest).sort((left, right) => left - right);
  const highest = attacksAbove[0] ?? lowest;
  const logit = (probability: number) => Math.log(Math.max(probability, 1e-9) / Math.max(1 - probability, 1e-9));
  const middle = 1 / (1 + Math.exp(-(logit(lowest) + logit(highest)) / 2));
  return Number(Math.max(floor, Math.min(middle, highest)).toFixed(4));
}

/**
 * The lowest confidence at which dev decisions at or above it are right at least `targetAccuracy`
 * of the time, never below `floor`; returns it with the share of dev decisions it keeps.
 */
export function pickConfidenceThreshold(confidences: readonly number[], correct: readonly boolean[], targetAccuracy: number, floor: number): { threshold: number; coverage: number; accuracy: number } {
  const candidates = [...new Set(confidences.map((value) => Number(value.toFixed(3))))].filter((value) => value >= floor).sort((left, right) => left - right);
  for (const candidate of [floor, ...candidates]) {
    const kept = confidences.map((confidence, index) => ({ confidence, correct: correct[index] ?? false })).filter(({ confidence }) => confidence >= candidate);
    const accuracy = ratio(kept.filter((item) => item.correct).length, kept.length);
    if (kept.length > 0 && accuracy >= targetAccuracy) return { threshold: candidate, coverage: ratio(kept.length, confidences.length), accuracy };
  }
  return { threshold: 1, coverage: 0, accuracy: 0 };
}
