/**
 * What the classification runner needs from a text-classification model, whatever runs it: a
 * batch of texts in, every label's probability per text out, in order.
 */
import type { ExecutionProvider } from '../execution-provider/index.ts';

export interface ClassifiedText {
  /** The most probable label. */
  label: string;
  /** Its probability. */
  score: number;
  /** Every label's probability (softmax over the logits), keyed by label name. */
  scores: Record<string, number>;
  /** Tokens the model read (after truncation to its input limit). */
  tokens: number;
}

export interface TextClassifier {
  /** Label names by logit index (the model config's id2label). */
  readonly labels: readonly string[];
  /** Longest input in tokens; longer inputs are truncated. */
  readonly maxInputTokens: number;
  readonly executionProvider: ExecutionProvider;
  /** Classifies every text; an empty text is classified too. */
  classify(texts: readonly string[]): Promise<ClassifiedText[]>;
  dispose(): Promise<void>;
}

/**
 * Softmax of one row of logits, in double precision, as a ClassifiedText. Ties go to the lower
 * index, so the answer never depends on iteration order.
 */
export function classificationOf(logits: ArrayLike<number>, labels: readonly string[], tokens: number): ClassifiedText {
  if (logits.length !== labels.length) throw new Error(`the model returned ${logits.length} logits for ${labels.length} labels`);
  let largest = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < logits.length; index++) largest = Math.max(largest, logits[index] ?? 0);
  if (!Number.isFinite(largest)) throw new Error('the model returned a non-finite logit');
  const exponentials = Array.from({ length: logits.length }, (_, index) => Math.exp((logits[index] ?? 0) - largest));
  const total = exponentials.reduce((sum, value) => sum + value, 0);
  const scores: Record<string, number> = {};
  let best = 0;
  exponentials.forEach((value, index) => {
    scores[labels[index] ?? `LABEL_${index}`] = value / total;
    if (value > (exponentials[best] ?? 0)) best = index;
  });
  const label = labels[best] ?? `LABEL_${best}`;
  return { label, score: scores[label] ?? 0, scores, tokens };
}
