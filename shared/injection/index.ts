/**
 * Prompt-injection assessment: the edge classifier's score plus deterministic rules, applied to
 * the text and to what it decodes to (base64, hex, rot13, leetspeak; homoglyphs and zero-width
 * characters are folded by normalization). Every caller-controlled text is assessed, including
 * tool results and documents (indirect injection), not only the last user turn.
 */
import type { Classification, EdgeClassifier } from '../classifier/index.ts';
import { MAX_CLASSIFY_BATCH } from '../classifier/index.ts';
import { normalizeText } from '../features/normalize.ts';
import { decodedVariants } from './decode.ts';
import { matchRules, type InjectionReason } from './rules.ts';

export type { InjectionReason } from './rules.ts';
export { decodedVariants, rot13, unleet } from './decode.ts';
export { matchRules } from './rules.ts';

export interface AssessedText {
  /** Where the text came from: the caller's turn, a tool result, a retrieved document… */
  source: string;
  text: string;
}

export interface InjectionAssessment {
  /** The classifier's full view of each assessed text (not of decoded variants), in input order. */
  classifications: (Classification | undefined)[];
  /** Highest classifier attack probability over the texts and their decoded variants. */
  score: number;
  flagged: boolean;
  /** Why it was flagged, most specific first; empty when not flagged. */
  reasons: InjectionReason[];
  /** The source of the first flagged text. */
  source?: string;
}

export interface AssessOptions {
  /** Without a classifier (it failed to load) only the rules run. */
  classifier?: EdgeClassifier;
  /** Defaults to the classifier manifest's injection threshold. */
  threshold?: number;
}

// Rules scan at most this much per text; injections hide at the start or the end, as the featurizer assumes.
const RULE_WINDOW = 64 * 1024;

function ruleText(text: string): string {
  const normalized = normalizeText(text.length > RULE_WINDOW * 2 ? `${text.slice(0, RULE_WINDOW)} ${text.slice(-RULE_WINDOW)}` : text);
  return normalized.length > RULE_WINDOW * 2 ? `${normalized.slice(0, RULE_WINDOW)} ${normalized.slice(-RULE_WINDOW)}` : normalized;
}

export async function assessInjection(texts: readonly AssessedText[], { classifier, threshold = classifier?.manifest.thresholds.injection ?? 1 }: AssessOptions): Promise<InjectionAssessment> {
  const reasons = new Set<InjectionReason>();
  let firstSource: string | undefined;
  const toClassify: { source: string; text: string; inputIndex?: number }[] = [];
  const classifications: (Classification | undefined)[] = texts.map(() => undefined);

  for (const [inputIndex, { source, text }] of texts.entries()) {
    if (text.trim().length === 0) continue;
    const direct = matchRules(ruleText(text));
    const variants = decodedVariants(text.length > RULE_WINDOW * 2 ? ruleText(text) : text);
    const hidden = variants.flatMap((variant) => matchRules(ruleText(variant.text)));
    if (direct.length > 0 || hidden.length > 0) firstSource ??= source;
    direct.forEach((reason) => reasons.add(reason));
    // A decoded variant counts as an encoded payload only when it says something the plain text did not.
    const onlyHidden = hidden.filter((reason) => !direct.includes(reason));
    if (onlyHidden.length > 0) {
      reasons.add('encoded_payload');
      onlyHidden.forEach((reason) => reasons.add(reason));
    }
    toClassify.push({ source, text, inputIndex });
    // rot13 of ordinary text is gibberish the classifier was never trained on: rules only for it.
    for (const variant of variants) if (variant.encoding !== 'rot13') toClassify.push({ source, text: variant.text });
  }

  let score = 0;
  for (let start = 0; classifier && start < toClassify.length; start += MAX_CLASSIFY_BATCH) {
    const slice = toClassify.slice(start, start + MAX_CLASSIFY_BATCH);
    const results = await classifier.classify(slice.map((item) => item.text));
    results.forEach((result, index) => {
      const inputIndex = slice[index]?.inputIndex;
      if (inputIndex !== undefined) classifications[inputIndex] = result;
      if (result.injection.score > score) score = result.injection.score;
      if (result.injection.score >= threshold) {
        reasons.add('classifier');
        firstSource ??= slice[index]?.source;
      }
    });
  }
  const ordered = [...reasons].sort((left, right) => Number(left === 'classifier') - Number(right === 'classifier'));
  return { score, flagged: ordered.length > 0, reasons: ordered, classifications, ...(firstSource ? { source: firstSource } : {}) };
}
