/**
 * Builds a request's audit record from what the stages left in the context: metadata at once
 * (cheap, taken when the response is ready), masked text later (off the request path).
 */
import type { Context } from 'hono';
import { maskedExcerpt, type AuditRecord, type AuditRouteKind } from '../../shared/audit/index.ts';
import { toSwitchyardError } from '../../shared/errors/index.ts';
import { PiiVault } from '../../shared/pii/index.ts';
import type { AppEnv, ParsedBody, ResponseOutcome } from '../context.ts';
import { costNanoUsd, type PriceTable } from '../stages/03-limits/accounting.ts';
import { mapBodyTexts } from '../stages/05-sanitize/request-texts.ts';

const KIND_BY_PATH: Readonly<Record<string, AuditRouteKind>> = {
  '/v1/chat/completions': 'chat',
  '/v1/embeddings': 'embeddings',
  '/v1/guard': 'guard',
  '/v1/models': 'models',
};

const ROUTES = new Set(['edge', 'local', 'cloud'] as const);

function isRoute(value: string | null): value is 'edge' | 'local' | 'cloud' {
  return value !== null && (ROUTES as ReadonlySet<string>).has(value);
}

export interface RecordMoment {
  /** What the request threw, when it did not finish normally (the response is not built yet). */
  thrown?: unknown;
  /** What the respond stage reported, when a model ran. */
  outcome?: ResponseOutcome;
  now: number;
}

/** Everything but the text. */
export function auditMetadata(c: Context<AppEnv>, { thrown, outcome, now }: RecordMoment, prices: PriceTable): AuditRecord {
  const failure = thrown !== undefined ? toSwitchyardError(thrown) : c.error ? toSwitchyardError(c.error) : outcome?.error;
  const status = thrown !== undefined && failure ? failure.statusCode : c.res.status;
  const route = thrown === undefined ? c.res.headers.get('x-switchyard-route') : null;
  const servedModel = thrown === undefined ? c.res.headers.get('x-switchyard-model') : null;
  const auth = c.get('auth');
  const requestedModel = c.get('body')?.request.model;
  const injection = c.get('injection');
  const piiFindings = c.get('piiFindings');
  const startedAt = c.get('startedAt');
  return {
    version: 1,
    time: new Date(startedAt).toISOString(),
    requestId: c.get('requestId'),
    ...(auth ? { tenantId: auth.tenantId, keyId: auth.keyId } : {}),
    kind: KIND_BY_PATH[c.req.path] ?? 'other',
    ...(requestedModel === undefined ? {} : { requestedModel }),
    ...(isRoute(route) && servedModel ? { servedBy: { route, model: servedModel } } : {}),
    status,
    ...(failure ? { error: { type: failure.type, code: failure.code } } : {}),
    ...(outcome?.cancelled ? { cancelled: true } : {}),
    latencyMs: Math.max(0, now - startedAt),
    ...(outcome?.usage ? { usage: usageOf(outcome, requestedModel, prices) } : {}),
    ...(injection ? { injection: { score: injection.score, flagged: injection.flagged, reasons: [...injection.reasons] } } : {}),
    ...(piiFindings && Object.keys(piiFindings).length > 0 ? { pii: { ...piiFindings } } : {}),
  };
}

function usageOf(outcome: ResponseOutcome, requestedModel: string | undefined, prices: PriceTable): NonNullable<AuditRecord['usage']> {
  const promptTokens = outcome.usage?.prompt_tokens ?? 0;
  const completionTokens = outcome.usage?.completion_tokens ?? 0;
  const price = prices.forServed(outcome.model, requestedModel === undefined ? undefined : prices.forRequested(requestedModel));
  return { promptTokens, completionTokens, ...(price ? { costUsd: costNanoUsd(price, promptTokens, completionTokens) / 1e9 } : {}) };
}

/**
 * Every caller-written text of the body as `path: text` lines, as far as `limit` characters: the
 * same texts the PII check masks, so metadata and tool arguments are in it too.
 */
export function requestText(body: ParsedBody | undefined, limit: number): string | undefined {
  if (!body) return undefined;
  const lines: string[] = [];
  let length = 0;
  try {
    mapBodyTexts(body, (text, path) => {
      if (length < limit) {
        // Cut far past what is kept: maskedExcerpt never keeps text near this cut.
        const line = `${path}: ${text.slice(0, limit - length)}`;
        lines.push(line);
        length += line.length + 1;
      }
      return text;
    });
  } catch {
    // A body the sanitize stage refused as too deep: keep what was collected.
  }
  return lines.length === 0 ? undefined : lines.join('\n');
}

/**
 * The record's text: request and output, masked with one vault (the same value gets the same
 * placeholder in both) and cut to `maxChars` each.
 */
export function auditText(request: string | undefined, output: string | undefined, maxChars: number): AuditRecord['text'] {
  if (request === undefined && output === undefined) return undefined;
  const vault = new PiiVault();
  return {
    ...(request === undefined ? {} : { request: maskedExcerpt(request, maxChars, vault) }),
    ...(output === undefined ? {} : { output: maskedExcerpt(output, maxChars, vault) }),
  };
}
