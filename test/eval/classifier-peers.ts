/**
 * The npm peers the edge classifier is compared with, behind one interface: a continuous score
 * (for recall at a fixed false-positive rate) and the peer's own verdict at its own threshold.
 *
 * - llm_guardrail 2.x: TF-IDF + logistic regression models. Score = the higher of its
 *   prompt-injection and jailbreak models' threat probabilities; verdict = either model detects
 *   (its own 0.5 decision).
 * - @andersmyrmel/vard 1.x: regex patterns with a severity per match. Score = the highest
 *   severity of any match (all five threat types, threshold 0); verdict = the default
 *   `vard.moderate()` (threshold 0.7, default actions) rejects the text. maxLength is raised so
 *   long texts are inspected rather than rejected for length.
 */
import vardModule from '@andersmyrmel/vard';
import { z } from 'zod';

export interface Detection {
  score: number;
  flagged: boolean;
}

export interface InjectionDetector {
  name: string;
  /** How the score and the verdict are derived. */
  note: string;
  detect(text: string): Promise<Detection>;
}

const GuardrailResult = z.object({ detected: z.boolean(), probabilities: z.object({ threat: z.number() }) });
const GuardrailModule = z.object({ checkInjection: z.custom<(text: string) => Promise<unknown>>((value) => typeof value === 'function'), checkJailbreak: z.custom<(text: string) => Promise<unknown>>((value) => typeof value === 'function') });

async function llmGuardrail(): Promise<InjectionDetector> {
  const moduleName = 'llm_guardrail';
  const guardrail = GuardrailModule.parse(await import(moduleName));
  return {
    name: 'llm_guardrail',
    note: 'max(injection, jailbreak) threat probability; flagged when either model detects',
    async detect(text) {
      const [injection, jailbreak] = await Promise.all([guardrail.checkInjection(text), guardrail.checkJailbreak(text)]).then((results) => results.map((result) => GuardrailResult.parse(result)));
      return { score: Math.max(injection?.probabilities.threat ?? 0, jailbreak?.probabilities.threat ?? 0), flagged: Boolean(injection?.detected || jailbreak?.detected) };
    },
  };
}

async function vard(): Promise<InjectionDetector> {
  const LONG = 10_000_000;
  const moderate = vardModule.moderate().maxLength(LONG);
  const scorer = (['instructionOverride', 'roleManipulation', 'delimiterInjection', 'systemPromptLeak', 'encoding'] as const).reduce(
    (builder, type) => builder.block(type),
    vardModule().threshold(0).maxLength(LONG),
  );
  return {
    name: 'vard',
    note: 'highest match severity (all threat types, threshold 0); flagged when vard.moderate() rejects',
    async detect(text) {
      const scored = scorer.safeParse(text);
      return { score: scored.safe ? 0 : Math.max(0, ...scored.threats.map((threat) => threat.severity)), flagged: !moderate.safeParse(text).safe };
    },
  };
}

export async function loadPeers(): Promise<InjectionDetector[]> {
  return Promise.all([llmGuardrail(), vard()]);
}
