/**
 * POST /v1/guard: screens text without calling a model. For each input: the classifier's
 * injection score and routing view, and (once the PII guard is wired) detected PII spans and the
 * masked text.
 */
import type { Handler } from 'hono';
import { z } from 'zod';
import { MAX_CLASSIFY_BATCH, type EdgeClassifier } from '../../shared/classifier/index.ts';
import { ServiceUnavailableError } from '../../shared/errors/index.ts';
import { assessInjection } from '../../shared/injection/index.ts';
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
}

export const guardRoute = ({ classifier, pii, maxBodyBytes }: GuardRouteOptions): Handler<AppEnv> =>
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
    // The score is the classifier's; `flagged` also counts the deterministic rules and decoded payloads.
    const assessments = await Promise.all(inputs.map((text) => assessInjection([{ source: 'input', text }], { classifier: loaded })));
    return c.json({
      results: inputs.map((text, index) => {
        const classification = classifications[index];
        const assessment = assessments[index];
        const scanned = pii?.scan(text) ?? { pii: [], masked: text };
        return {
          injection: { score: classification?.injection.score ?? 0, flagged: assessment?.flagged ?? false },
          route: classification?.route,
          pii: scanned.pii,
          masked: scanned.masked,
        };
      }),
    });
  };
