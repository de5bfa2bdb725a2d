/**
 * Deterministic injection rules: phrases that try to override, extract or hijack, in several
 * languages. They complement the classifier (which generalises) with certainty on the classics.
 * Patterns run on normalized text (see shared/features/normalize.ts) and are linear-time: no
 * nested quantifiers, bounded gaps.
 */

export type InjectionReason =
  | 'instruction_override'
  | 'prompt_extraction'
  | 'jailbreak_persona'
  | 'exfiltration_link'
  | 'tool_hijack'
  | 'encoded_payload'
  | 'classifier'
  /** The node runtime's second-stage classifier flagged a text the edge classifier escalated. */
  | 'second_stage'
  /** The second stage failed and `onError: flag` treats the escalated texts as flagged. */
  | 'second_stage_unavailable';

/** Reasons given by a model's score rather than a deterministic rule. */
export const MODEL_REASONS: ReadonlySet<InjectionReason> = new Set<InjectionReason>(['classifier', 'second_stage', 'second_stage_unavailable']);

interface Rule {
  reason: Exclude<InjectionReason, 'encoded_payload' | 'classifier' | 'second_stage' | 'second_stage_unavailable'>;
  pattern: RegExp;
}

// A short gap of any words between two parts of a phrase ("ignore all of the previous …").
const GAP = '(?:\\s+\\S+){0,4}?\\s+';

const RULES: Rule[] = [
  // English
  // The middle word must point back at the conversation ("previous", "your", "system"), not any noun phrase:
  // "ignore the error messages" and "ignore any instructions printed on the box" are ordinary requests.
  { reason: 'instruction_override', pattern: new RegExp(`\\b(?:ignore|disregard|forget|override|bypass)${GAP}?(?:all (?:of )?)?(?:the )?(?:previous|prior|above|earlier|preceding|foregoing|your|system|original|initial)${GAP}?(?:instructions?|prompts?|rules|directions|guidelines|directives)\\b`) },
  { reason: 'instruction_override', pattern: /\b(?:new|updated|real|actual) (?:system )?instructions? (?:are|follow|:)/ },
  { reason: 'instruction_override', pattern: /\bfrom now on,? (?:you (?:will|must|are)|ignore|respond only)/ },
  { reason: 'prompt_extraction', pattern: new RegExp(`\\b(?:reveal|print|show|repeat|output|display|tell me|give me|leak|dump)${GAP}?(?:your|the|all|initial|hidden|original)${GAP}?(?:system prompt|instructions|prompt|initial prompt|hidden prompt|guidelines)\\b`) },
  { reason: 'prompt_extraction', pattern: /\bwhat (?:is|was|are|were) (?:your|the) (?:system prompt|initial instructions|original instructions)\b/ },
  { reason: 'jailbreak_persona', pattern: /\b(?:you are now|act as|pretend to be|roleplay as|from now on you are)\b.{0,60}\b(?:dan|jailbroken|unfiltered|uncensored|unrestricted|evil|without (?:restrictions|limits|filters|rules)|without any (?:restrictions|limits|filters|rules))\b/ },
  { reason: 'jailbreak_persona', pattern: /\b(?:developer mode (?:enabled|on)|jailbreak mode|dan mode|no (?:ethical|moral) (?:guidelines|restrictions))\b/ },
  // "Do Anything Now" only as the DAN persona, not "you can do anything now that the file is saved".
  { reason: 'jailbreak_persona', pattern: /\bdan\b.{0,80}\bdo anything now\b|\bdo anything now\b.{0,80}\b(?:dan|restrictions?|filters?|censorship|guidelines|policies)\b/ },
  { reason: 'exfiltration_link', pattern: /!\[[^\]]{0,100}\]\(https?:\/\/[^)\s]{1,200}[?&][^)\s=]{1,40}=\{?[^)\s]{0,200}\)/ },
  { reason: 'exfiltration_link', pattern: /\b(?:send|post|upload|forward|exfiltrate|append)\b.{0,60}\b(?:conversation|chat history|api key|password|secrets?|credentials|system prompt)\b.{0,60}\b(?:to|at) (?:https?:\/\/|www\.|[a-z0-9-]+\.[a-z]{2,}\/)/ },
  { reason: 'tool_hijack', pattern: /\b(?:call|invoke|run|execute|use)\b.{0,30}\b(?:tool|function|plugin)\b.{0,60}\b(?:without (?:asking|confirmation|telling)|silently|secretly|immediately)\b/ },
  { reason: 'tool_hijack', pattern: /\b(?:assistant|ai|model|agent)(?:,| -|:)? (?:when you (?:read|see|process) this|upon reading this)\b/ },
  // German
  { reason: 'instruction_override', pattern: /\b(?:ignorier(?:e|en)?|vergiss|missachte)\b.{0,40}\b(?:vorherigen?|bisherigen?|obigen?|alle)\b.{0,30}\b(?:anweisungen|instruktionen|befehle|regeln)\b/ },
  { reason: 'prompt_extraction', pattern: /\b(?:zeig|gib|verrate|nenne)\b.{0,30}\b(?:system ?prompt|anweisungen)\b/ },
  // French
  { reason: 'instruction_override', pattern: /\b(?:ignore[zr]?|oublie[zr]?)\b.{0,30}\b(?:les|tes|vos|toutes)\b.{0,20}\b(?:instructions|consignes|règles|regles)\b.{0,20}\b(?:précédentes|precedentes|antérieures|anterieures|ci-dessus)\b/ },
  // Spanish / Portuguese / Italian
  { reason: 'instruction_override', pattern: /\b(?:ignora|ignore|olvida|esquece|esqueça|dimentica)\b.{0,40}\b(?:instrucciones|instruções|instrucoes|istruzioni)\b/ },
  // Dutch
  { reason: 'instruction_override', pattern: /\b(?:negeer|vergeet)\b.{0,40}\b(?:instructies|opdrachten|regels)\b/ },
  // Russian
  { reason: 'instruction_override', pattern: /(?:игнорируй|забудь|проигнорируй).{0,40}(?:инструкции|указания|правила)/ },
  // Chinese / Japanese
  { reason: 'instruction_override', pattern: /(?:忽略|无视|忘记|無視|忘れ).{0,20}(?:指令|指示|说明|規則|规则|命令)/ },
  { reason: 'prompt_extraction', pattern: /(?:系统提示|系統提示|システムプロンプト)/ },
];

/** The reasons whose rules match `normalizedText` (each reason at most once). */
export function matchRules(normalizedText: string): InjectionReason[] {
  const reasons = new Set<InjectionReason>();
  for (const rule of RULES) if (!reasons.has(rule.reason) && rule.pattern.test(normalizedText)) reasons.add(rule.reason);
  return [...reasons];
}
