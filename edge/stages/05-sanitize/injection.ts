/**
 * The injection half of the sanitize stage: assesses every caller-controlled text of a chat
 * request (user turns, tool and function results — where indirect injection arrives) and applies
 * the key's policy: allow (skip), flag (annotate and log), block (400 policy_violation).
 */
import type { EdgeClassifier } from '../../../shared/classifier/index.ts';
import { PolicyViolationError } from '../../../shared/errors/index.ts';
import { assessInjection, type AssessedText, type InjectionAssessment } from '../../../shared/injection/index.ts';
import { contentText, type ChatCompletionRequest } from '../../../shared/schemas/chat.ts';

export type InjectionPolicy = 'allow' | 'flag' | 'block';

/** The texts a caller (or a tool or document the caller relays) controls; system prompts are the operator's. */
export function assessableTexts(request: ChatCompletionRequest): AssessedText[] {
  return request.messages.flatMap((message, index): AssessedText[] => {
    if (message.role === 'user' || message.role === 'tool' || message.role === 'function') {
      return [{ source: `messages[${index}].${message.role}`, text: contentText(message.content) }];
    }
    return [];
  });
}

export interface InjectionVerdict {
  assessment: InjectionAssessment;
  /** Header value for flagged requests, e.g. `flagged; reasons=instruction_override`. */
  header?: string;
}

/**
 * Assesses and enforces. Throws PolicyViolationError (code = the first reason) under `block`;
 * the message names the reason and the message index, never the matched text.
 */
export async function enforceInjectionPolicy(
  request: ChatCompletionRequest,
  { classifier, policy }: { classifier: EdgeClassifier; policy: InjectionPolicy },
): Promise<InjectionVerdict | undefined> {
  if (policy === 'allow') return undefined;
  const assessment = await assessInjection(assessableTexts(request), { classifier });
  if (!assessment.flagged) return { assessment };
  const reason = assessment.reasons[0] === 'classifier' ? 'injection_score' : (assessment.reasons[0] ?? 'injection_score');
  if (policy === 'block') {
    throw new PolicyViolationError({
      message: `The request was blocked by the prompt-injection policy (${reason} in ${assessment.source ?? 'the request'}).`,
      code: reason,
      param: 'messages',
    });
  }
  return { assessment, header: `flagged; reasons=${assessment.reasons.join(',')}` };
}
