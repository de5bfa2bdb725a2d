/**
 * The injection check of the sanitize stage: assesses every caller-controlled text of a chat
 * request (user turns, tool and function results — where indirect injection arrives) and applies
 * the request's policy: allow (skip), flag (x-switchyard-injection header and a log event),
 * block (400 policy_violation whose code is the reason; the matched text is never quoted).
 * With `guards.injection.secondStage`, the texts the edge classifier is unsure of are also scored
 * by a pretrained classifier on a node runtime, whose verdict then decides for them.
 * It runs before PII masking, so it sees the caller's own words.
 */
import type { EdgeClassifier } from '../../../shared/classifier/index.ts';
import type { SwitchyardConfig } from '../../../shared/config/schema.ts';
import { PolicyViolationError } from '../../../shared/errors/index.ts';
import { assessInjection, type AssessedText, type InjectionReason, type SecondStage } from '../../../shared/injection/index.ts';
import { contentText, type ChatCompletionRequest } from '../../../shared/schemas/chat.ts';
import { routingText } from '../07-classify/index.ts';
import type { SanitizeCheck } from './check.ts';
import { requestPolicy } from './pii.ts';

/** The texts a caller (or a tool or document the caller relays) controls; system prompts are the operator's. */
export function assessableTexts(request: ChatCompletionRequest): AssessedText[] {
  return request.messages.flatMap((message, index): AssessedText[] => {
    if (message.role === 'user' || message.role === 'tool' || message.role === 'function') {
      return [{ source: `messages[${index}].${message.role}`, text: contentText(message.content) }];
    }
    return [];
  });
}

export interface InjectionCheckOptions {
  classifier: () => Promise<EdgeClassifier>;
  /** For per-route policies and the tenant policy of JWT and KV callers. */
  config?: SwitchyardConfig;
  /** The node runtime's classifier for the texts the edge classifier is unsure of (guards.injection.secondStage). */
  secondStage?: SecondStage;
}

// The policy_violation code: a rule's reason names itself; a model's verdict is a score.
const BLOCK_CODES: Partial<Record<InjectionReason, string>> = {
  classifier: 'injection_score',
  second_stage: 'injection_score',
  second_stage_unavailable: 'injection_unverified',
};

/**
 * Builds the injection check.
 *
 * @example sanitize({ config, checks: [injectionCheck({ classifier, config, secondStage }), piiCheck({ config })] })
 */
export function injectionCheck({ classifier, config, secondStage }: InjectionCheckOptions): SanitizeCheck {
  if (!classifier) throw new Error('injectionCheck requires "classifier"');
  return {
    name: 'injection',
    async run(c) {
      const body = c.get('body');
      if (body?.kind !== 'chat') return;
      const policy = requestPolicy(c, config).injection;
      if (policy === 'allow') return;
      let loaded: EdgeClassifier | undefined;
      try {
        loaded = await classifier();
      } catch {
        // The rules still run without the model; the failure is logged.
        c.get('logger').log('error', 'classifier-fail', { requestId: c.get('requestId'), check: 'injection' });
      }
      const texts = assessableTexts(body.request);
      const assessment = await assessInjection(texts, { classifier: loaded, secondStage, signal: c.req.raw.signal });
      const failed = assessment.secondStage?.failed;
      if (failed) {
        c.get('logger').log('warn', 'second-stage-fail', { requestId: c.get('requestId'), check: 'injection', model: assessment.secondStage?.model, code: failed });
      }
      c.set('injection', { score: assessment.score, flagged: assessment.flagged, reasons: assessment.reasons });
      // The last user turn is also what the classify stage routes on: hand over its classification.
      const routingIndex = texts.findLastIndex((text) => text.source.endsWith('.user'));
      const routing = routingIndex >= 0 ? assessment.classifications[routingIndex] : undefined;
      if (routing && texts[routingIndex]?.text === routingText(body.request)) c.set('classification', routing);
      if (!assessment.flagged) return;
      const first = assessment.reasons[0];
      const reason = first === undefined ? 'injection_score' : (BLOCK_CODES[first] ?? first);
      c.get('logger').log('warn', 'injection-flag', {
        requestId: c.get('requestId'),
        tenant: c.get('auth')?.tenantId,
        action: policy,
        reasons: assessment.reasons.join(','),
        score: Math.round(assessment.score * 1000) / 1000,
        source: assessment.source,
      });
      if (policy === 'block') {
        throw new PolicyViolationError({
          message: `The request was blocked by the prompt-injection policy (${reason} in ${assessment.source ?? 'the request'})${reason === 'injection_unverified' ? ': the second-stage classifier could not check it; retry shortly' : ''}.`,
          code: reason,
          param: 'messages',
        });
      }
      c.get('responseHeaders')['x-switchyard-injection'] = `flagged; reasons=${assessment.reasons.join(',')}`;
    },
  };
}
