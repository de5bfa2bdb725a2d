/**
 * The injection policy production applies (shared/injection `assessInjection`: the classifier on
 * the text and its decoded variants, or-ed with the deterministic rules) as an eval detector, and
 * the breakdown of which reasons fired on each set.
 */
import type { EdgeClassifier } from '../../shared/classifier/index.ts';
import { assessInjection, MODEL_REASONS, type InjectionReason, type SecondStage } from '../../shared/injection/index.ts';
import type { InjectionSet } from './classifier-data.ts';
import type { Detection } from './classifier-peers.ts';
import { format } from './classifier-report.ts';

export const POLICY = 'Switchyard policy (classifier + rules)';

export interface PolicyDetection extends Detection {
  reasons: InjectionReason[];
}

// A Record so that tsc fails here when shared/injection gains a reason the report would miss.
// The eval runs the policy without a second stage: its reasons are counted but get no column.
const REASON_COLUMNS: Record<InjectionReason, number | null> = {
  classifier: 0,
  instruction_override: 1,
  prompt_extraction: 2,
  jailbreak_persona: 3,
  exfiltration_link: 4,
  tool_hijack: 5,
  encoded_payload: 6,
  second_stage: null,
  second_stage_unavailable: null,
};
const ALL_REASONS = Object.keys(REASON_COLUMNS) as InjectionReason[];
export const REASONS = ALL_REASONS.filter((reason) => REASON_COLUMNS[reason] !== null).sort((left, right) => (REASON_COLUMNS[left] ?? 0) - (REASON_COLUMNS[right] ?? 0));

/** Rules fired: any reason other than a model's (rules run whatever the classifiers say). */
export const firedRules = (detection: PolicyDetection): boolean => detection.reasons.some((reason) => !MODEL_REASONS.has(reason));

/** Each text assessed on its own, as the /v1/guard route does, at the manifest threshold. */
export async function assessAll(classifier: EdgeClassifier, texts: readonly string[], onProgress: (done: number) => void = () => {}, secondStage?: SecondStage): Promise<PolicyDetection[]> {
  const out: PolicyDetection[] = [];
  for (const text of texts) {
    const assessment = await assessInjection([{ source: 'input', text }], { classifier, secondStage });
    out.push({ score: assessment.score, flagged: assessment.flagged, reasons: assessment.reasons });
    if (out.length % 250 === 0) onProgress(out.length);
  }
  return out;
}

export interface ReasonCounts {
  flagged: number;
  /** Flagged by at least one rule (the policy without the classifier). */
  rules: number;
  /** Flagged by rules while the classifiers (text and decodings) stayed below their thresholds. */
  rulesOnly: number;
  byReason: Record<InjectionReason, number>;
}

export function countReasons(detections: readonly PolicyDetection[]): ReasonCounts {
  const byReason = Object.fromEntries(ALL_REASONS.map((reason) => [reason, 0])) as Record<InjectionReason, number>;
  for (const detection of detections) for (const reason of detection.reasons) byReason[reason] += 1;
  return {
    flagged: detections.filter((detection) => detection.flagged).length,
    rules: detections.filter(firedRules).length,
    rulesOnly: detections.filter((detection) => firedRules(detection) && !detection.reasons.some((reason) => MODEL_REASONS.has(reason))).length,
    byReason,
  };
}

export interface PolicyResult {
  set: InjectionSet;
  detections: PolicyDetection[];
  /** The classifier alone on the raw text, for comparison with the policy's `classifier` reason. */
  classifier: Detection[];
}

/** Counts per set; on mixed sets each cell reads "on attacks / on benign". */
export function reasonTable(results: readonly PolicyResult[]): string {
  const lines = [
    `| set (n) | policy flagged | classifier alone (raw text) | any rule | rule, classifier not | ${REASONS.map((reason) => `\`${reason}\``).join(' | ')} |`,
    `|---|---:|---:|---:|---:|${REASONS.map(() => '---:').join('|')}|`,
  ];
  for (const { set, detections, classifier } of results) {
    const part = (attack: boolean) => ({
      counts: countReasons(detections.filter((_, index) => set.attack[index] === attack)),
      classifierFlagged: classifier.filter((detection, index) => set.attack[index] === attack && detection.flagged).length,
    });
    const [attacks, benign] = [part(true), part(false)];
    const cell = (pick: (part: { counts: ReasonCounts; classifierFlagged: number }) => number) =>
      set.kind === 'mixed' ? `${pick(attacks)} / ${pick(benign)}` : String(pick(set.kind === 'benign-only' ? benign : attacks));
    lines.push(
      `| ${set.name} (${set.texts.length}) | ${cell(({ counts }) => counts.flagged)} | ${cell(({ classifierFlagged }) => classifierFlagged)} | ${cell(({ counts }) => counts.rules)} | ${cell(({ counts }) => counts.rulesOnly)} | ${REASONS.map((reason) => cell(({ counts }) => counts.byReason[reason])).join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/** Rules alone on a benign-only set, and where the policy's false positives beyond the classifier's come from. */
export function benignNote({ set, detections, classifier }: PolicyResult): string {
  const counts = countReasons(detections);
  const total = set.texts.length;
  const classifierFlagged = classifier.filter((detection) => detection.flagged).length;
  const added = detections.filter((detection, index) => detection.flagged && !classifier[index]?.flagged);
  const addedByRules = added.filter(firedRules).length;
  const byRule = REASONS.filter((reason) => !MODEL_REASONS.has(reason) && counts.byReason[reason] > 0).map((reason) => `\`${reason}\` ${counts.byReason[reason]}`);
  return [
    `Rules alone on ${set.name} (${total} benign prompts): ${counts.rules} flagged, false-positive rate ${format(counts.rules / Math.max(1, total))} (by reason: ${byRule.join(', ') || 'none'}).`,
    `The policy flags ${counts.flagged} there against ${classifierFlagged} for the classifier alone: ${addedByRules} added by rules, ${added.length - addedByRules} by the classifier on decoded variants (base64, hex, leetspeak).`,
  ].join(' ');
}
