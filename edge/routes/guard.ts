/**
 * POST /v1/guard: screens text without calling a model. For each input: the injection score and
 * verdict, the classifier's routing view, and (once the PII guard is wired) detected PII spans and
 * the masked text. With a second stage configured, one call to the node runtime covers every input.
 */
import type { Handler } from 'hono';
import { z } from 'zod';
import { MAX_CLASSIFY_BATCH, type EdgeClassifier } from '../../shared/classifier/index.ts';
import { ServiceUnavailableError } from '../../shared/errors/index.ts';
import { assessInjectionEach, type SecondStage } from '../../shared/injection/index.ts';
import { assertJsonContentType, parseJsonBody, readBodyText } from '../../shared/http/body.ts';
import type { AppEnv } from '../context.ts';

export const GuardRequest = z.strictObject({
  input: z.union([z.string(), z.array(z.string()).min(1).max(MAX_CLASSIFY_BATCH)]),
});

export interface PiiFinding {
  type: string;
  start: number;
  end: number;
  score: number;
}

/** Finds PII and masks it; filled in by the PII guard. */
export interface PiiScanner {
  scan(text: string): { pii: PiiFinding[]; masked: string };
}

export interface GuardRouteOptions {
  classifier: () => Promise<EdgeClassifier>;
  pii?: PiiScanner;
  maxBodyBytes: number;
  /** The node runtime's classifier for the texts the edge classifier is unsure of (guards.injection.secondStage). */
  secondStage?: SecondStage;
}

export const guardRoute = ({ classifier, pii, maxBodyBytes, secondStage }: GuardRouteOptions): Handler<AppEnv> =>
  async function guard(c) {
    assertJsonContentType(c.req.header('content-type'));
    const request = parseJsonBody(await readBodyText(c.req.raw, maxBodyBytes), GuardRequest);
    const inputs = typeof request.input === 'string' ? [request.input] : request.input;
    let loaded: EdgeClassifier;
    try {
      loaded = await classifier();
    } catch {
      throw new ServiceUnavailableError({ message: 'The edge classifier is not available right now.', code: 'classifier_unavailable', retryAfterSeconds: 5 });
    }
    const classifications = await loaded.classify(inputs);
    // `flagged` also counts the deterministic rules and decoded payloads. The score is the edge classifier's on the
    // text, or with a second stage the decisive one (the second stage's where it answered) over text and decodings.
    const assessments = await assessInjectionEach(
      inputs.map((text) => ({ source: 'input', text })),
      { classifier: loaded, secondStage, signal: c.req.raw.signal },
    );
    const failed = assessments.find((assessment) => assessment.secondStage?.failed)?.secondStage;
    if (failed?.failed) c.get('logger').log('warn', 'second-stage-fail', { requestId: c.get('requestId'), check: 'guard', model: failed.model, code: failed.failed });
    return c.json({
      results: inputs.map((text, index) => {
        const classification = classifications[index];
        const assessment = assessments[index];
        const scanned = pii?.scan(text) ?? { pii: [], masked: text };
        return {
          injection: { score: (secondStage ? assessment?.score : classification?.injection.score) ?? 0, flagged: assessment?.flagged ?? false },
          route: classification?.route,
          pii: scanned.pii,
          masked: scanned.masked,
        };
      }),
    });
  };
