/**
 * Prompt-injection assessment: the edge classifier's score plus deterministic rules, applied to
 * the text and to what it decodes to (base64, hex, rot13, leetspeak; homoglyphs and zero-width
 * characters are folded by normalization). Every caller-controlled text is assessed, including
 * tool results and documents (indirect injection), not only the last user turn.
 */
import type { Classification, EdgeClassifier } from '../classifier/index.ts';
import { MAX_CLASSIFY_BATCH } from '../classifier/index.ts';
import { SwitchyardError } from '../errors/index.ts';
import { normalizeText } from '../features/normalize.ts';
import { decodedVariants } from './decode.ts';
import { matchRules, MODEL_REASONS, type InjectionReason } from './rules.ts';
import type { SecondStage } from './second-stage.ts';

export type { InjectionReason } from './rules.ts';
export { decodedVariants, rot13, unleet } from './decode.ts';
export { matchRules, MODEL_REASONS } from './rules.ts';
export { classificationWindows, createSecondStage, SECOND_STAGE_WINDOW_CHARS, SECOND_STAGE_FAILURES, type NodeRuntimeProvider, type SecondStage, type SecondStageOptions } from './second-stage.ts';

export interface AssessedText {
  /** Where the text came from: the caller's turn, a tool result, a retrieved document… */
  source: string;
  text: string;
}

/** What the second stage did for one assessment. */
export interface SecondStageOutcome {
  /** The runtime's model id. */
  model: string;
  /** Texts and decodings sent to it. */
  escalated: number;
  /** Of those, how many it flagged (every escalated one when it failed under `onError: flag`). */
  flagged: number;
  /** The error code when it failed (never the message). */
  failed?: string;
}

export interface InjectionAssessment {
  /** The classifier's full view of each assessed text (not of decoded variants), in input order. */
  classifications: (Classification | undefined)[];
  /**
   * Highest decisive attack probability over the texts and their decoded variants: the second
   * stage's where it answered, the edge classifier's elsewhere.
   */
  score: number;
  flagged: boolean;
  /** Why it was flagged, most specific first; empty when not flagged. */
  reasons: InjectionReason[];
  /** The source of the first flagged text. */
  source?: string;
  /** Present when a second stage is configured. */
  secondStage?: SecondStageOutcome;
}

export interface AssessOptions {
  /** Without a classifier (it failed to load) only the rules run, and the second stage when configured. */
  classifier?: EdgeClassifier;
  /** Defaults to the classifier manifest's injection threshold. */
  threshold?: number;
  /** A pretrained classifier on a node runtime for the texts the edge classifier is unsure of. */
  secondStage?: SecondStage;
  /** The caller's abort signal, for the second stage's hop. */
  signal?: AbortSignal;
}

// Rules scan at most this much per text; injections hide at the start or the end, as the featurizer assumes.
const RULE_WINDOW = 64 * 1024;

function ruleText(text: string): string {
  const normalized = normalizeText(text.length > RULE_WINDOW * 2 ? `${text.slice(0, RULE_WINDOW)} ${text.slice(-RULE_WINDOW)}` : text);
  return normalized.length > RULE_WINDOW * 2 ? `${normalized.slice(0, RULE_WINDOW)} ${normalized.slice(-RULE_WINDOW)}` : normalized;
}

/** A text or decoding the classifiers look at. */
interface ScoredText {
  source: string;
  text: string;
  /** Set for the assessed text itself, not for its decodings. */
  inputIndex?: number;
  /** The edge classifier's attack probability; absent without a classifier. */
  edgeScore?: number;
  escalated?: boolean;
  /** The second stage's attack probability, when it answered. */
  secondScore?: number;
}

interface Scan {
  reasons: Set<InjectionReason>;
  firstSource?: string;
  items: ScoredText[];
  classifications: (Classification | undefined)[];
}

function scanRules(texts: readonly AssessedText[]): Scan {
  const scan: Scan = { reasons: new Set(), items: [], classifications: texts.map(() => undefined) };
  for (const [inputIndex, { source, text }] of texts.entries()) {
    if (text.trim().length === 0) continue;
    const direct = matchRules(ruleText(text));
    const variants = decodedVariants(text.length > RULE_WINDOW * 2 ? ruleText(text) : text);
    const hidden = variants.flatMap((variant) => matchRules(ruleText(variant.text)));
    if (direct.length > 0 || hidden.length > 0) scan.firstSource ??= source;
    direct.forEach((reason) => scan.reasons.add(reason));
    // A decoded variant counts as an encoded payload only when it says something the plain text did not.
    const onlyHidden = hidden.filter((reason) => !direct.includes(reason));
    if (onlyHidden.length > 0) {
      scan.reasons.add('encoded_payload');
      onlyHidden.forEach((reason) => scan.reasons.add(reason));
    }
    scan.items.push({ source, text, inputIndex });
    // rot13 of ordinary text is gibberish the classifier was never trained on: rules only for it.
    for (const variant of variants) if (variant.encoding !== 'rot13') scan.items.push({ source, text: variant.text });
  }
  return scan;
}

async function scoreWithEdge(scan: Scan, classifier: EdgeClassifier): Promise<void> {
  for (let start = 0; start < scan.items.length; start += MAX_CLASSIFY_BATCH) {
    const slice = scan.items.slice(start, start + MAX_CLASSIFY_BATCH);
    const results = await classifier.classify(slice.map((item) => item.text));
    results.forEach((result, index) => {
      const item = slice[index];
      if (!item) return;
      if (item.inputIndex !== undefined) scan.classifications[item.inputIndex] = result;
      item.edgeScore = result.injection.score;
    });
  }
}

/** Asks the second stage about every escalated item of every scan, in one call; returns the failure code, if any. */
async function escalate(scans: readonly Scan[], secondStage: SecondStage, signal: AbortSignal | undefined): Promise<string | undefined> {
  const [low, high] = secondStage.settings.uncertainBand;
  const all = secondStage.settings.escalate === 'all';
  const items = scans.flatMap((scan) => scan.items);
  // Without an edge score (no classifier) every text is uncertain.
  for (const item of items) item.escalated = all || item.edgeScore === undefined || (item.edgeScore >= low && item.edgeScore < high);
  const escalated = items.filter((item) => item.escalated);
  if (escalated.length === 0) return undefined;
  try {
    const scores = await secondStage.classify(escalated.map((item) => item.text), signal);
    escalated.forEach((item, index) => (item.secondScore = scores[index]));
    return undefined;
  } catch (error) {
    if (signal?.aborted) throw error;
    return SwitchyardError.isInstance(error) && error.code ? error.code : 'second_stage_failed';
  }
}

// Rules first (most specific), then the second stage, then the edge classifier.
const reasonRank = (reason: InjectionReason): number => (reason === 'classifier' ? 2 : MODEL_REASONS.has(reason) ? 1 : 0);

function verdict(scan: Scan, threshold: number, secondStage: SecondStage | undefined, failed: string | undefined): InjectionAssessment {
  const { reasons, items, classifications } = scan;
  let { firstSource } = scan;
  let score = 0;
  let escalatedCount = 0;
  let flaggedCount = 0;
  for (const item of items) {
    let decisive = item.edgeScore ?? 0;
    let flaggedBy: InjectionReason | undefined;
    if (secondStage && item.escalated) {
      escalatedCount += 1;
      if (item.secondScore !== undefined) {
        decisive = item.secondScore;
        if (item.secondScore >= secondStage.settings.threshold) flaggedBy = 'second_stage';
      } else if (secondStage.settings.onError === 'flag') {
        flaggedBy = 'second_stage_unavailable';
      }
      if (flaggedBy) flaggedCount += 1;
    }
    // The edge's verdict stands where the second stage was not asked, and where it failed under `edge-verdict`.
    const edgeDecides = !(secondStage && item.escalated) || (item.secondScore === undefined && secondStage.settings.onError === 'edge-verdict');
    if (edgeDecides && item.edgeScore !== undefined && item.edgeScore >= threshold) flaggedBy = 'classifier';
    if (decisive > score) score = decisive;
    if (flaggedBy) {
      reasons.add(flaggedBy);
      firstSource ??= item.source;
    }
  }
  const ordered = [...reasons].sort((left, right) => reasonRank(left) - reasonRank(right));
  return {
    score,
    flagged: ordered.length > 0,
    reasons: ordered,
    classifications,
    ...(firstSource ? { source: firstSource } : {}),
    ...(secondStage
      ? { secondStage: { model: secondStage.settings.model, escalated: escalatedCount, flagged: flaggedCount, ...(failed && escalatedCount > 0 ? { failed } : {}) } }
      : {}),
  };
}

/**
 * Assesses each group of texts on its own (one verdict per group), with one second-stage call
 * for all of them.
 */
async function assessGroups(groups: readonly (readonly AssessedText[])[], options: AssessOptions): Promise<InjectionAssessment[]> {
  const { classifier, threshold = classifier?.manifest.thresholds.injection ?? 1, secondStage, signal } = options;
  const scans = groups.map(scanRules);
  if (classifier) await Promise.all(scans.map((scan) => scoreWithEdge(scan, classifier)));
  const failed = secondStage ? await escalate(scans, secondStage, signal) : undefined;
  return scans.map((scan) => verdict(scan, threshold, secondStage, failed));
}

/**
 * One verdict over all `texts` (the texts of one request): rules on each text and its decodings,
 * the edge classifier on each text and its decodings, and the second stage, when given, on those
 * it escalates. Without a second stage only the edge classifier's score counts.
 *
 * @example
 * const assessment = await assessInjection([{ source: 'messages[0].user', text }], { classifier, secondStage })
 */
export async function assessInjection(texts: readonly AssessedText[], options: AssessOptions): Promise<InjectionAssessment> {
  const [assessment] = await assessGroups([texts], options);
  if (!assessment) throw new Error('assessInjection: no assessment');
  return assessment;
}

/** One verdict per text (as /v1/guard reports them), with one second-stage call for all of them. */
export function assessInjectionEach(texts: readonly AssessedText[], options: AssessOptions): Promise<InjectionAssessment[]> {
  return assessGroups(texts.map((text) => [text]), options);
}
