import { afterResponse } from '../../after-response.ts';
import type { Context, MiddlewareHandler } from 'hono';
import { ConfigError } from '../../../shared/config/parse.ts';
import type { Limits, SwitchyardConfig } from '../../../shared/config/schema.ts';
import { BudgetExceededError, InvalidRequestError, RateLimitError, ServiceUnavailableError, type SwitchyardError } from '../../../shared/errors/index.ts';
import type { AppEnv, ParsedBody, RequestAuth, ResponseOutcome } from '../../context.ts';
import { costNanoUsd, estimateTokens, PriceTable, usedTokens, type Price } from './accounting.ts';
import { rateLimitHeaders } from './headers.ts';
import type { LimitSubject, Limiter, ReserveDecision, SubjectLimits } from './limiter.ts';

export type { Limiter } from './limiter.ts';

export interface LimitsOptions {
  config: SwitchyardConfig;
  /**
   * Where the counts live: a Durable Object per key and tenant on the edge, SQLite in-process on
   * Node. Required when the config declares limits; without any, the stage passes requests through.
   */
  limiter?: Limiter;
  newReservationId?: () => string;
}

/** True when some tenant, key or JWT issuer in the config has a limit or budget. */
export function declaresLimits(config: SwitchyardConfig): boolean {
  const all = [...config.tenants.flatMap((tenant) => [tenant.limits, ...tenant.keys.map((key) => key.limits)]), ...config.jwtIssuers.map((issuer) => issuer.limits)];
  return all.some(hasAnyLimit);
}

function hasAnyLimit(limits: Limits | undefined): limits is Limits {
  return limits !== undefined && (limits.requestsPerMinute !== undefined || limits.tokensPerMinute !== undefined || limits.budgetUsd !== undefined);
}

function subjectLimits(limits: Limits): SubjectLimits {
  return {
    requestsPerMinute: limits.requestsPerMinute,
    tokensPerMinute: limits.tokensPerMinute,
    budgetNanoUsd: limits.budgetUsd === undefined ? undefined : Math.round(limits.budgetUsd * 1e9),
    budgetPeriod: limits.budgetPeriod,
  };
}

/**
 * Stage 3: requests and tokens per minute and a spend budget, per key and per tenant. Reserves up
 * front (one request, the prompt estimate plus max_tokens, their price) in one atomic step, refuses
 * with 429 (`Retry-After`, `x-ratelimit-*`) or 402 (budget), and settles from the real usage once
 * the response is complete. It needs the parsed body, so it runs right after parse on model routes.
 *
 * @example app.post('/v1/chat/completions', requireScope('chat'), parse(…), limits({ config, limiter }), …)
 */
export const limits = ({ config, limiter, newReservationId = () => crypto.randomUUID() }: LimitsOptions): MiddlewareHandler<AppEnv> => {
  if (!config) throw new Error('limits requires "config"');
  if (!limiter && declaresLimits(config)) {
    throw new ConfigError('limits', [
      { path: '(root)', message: 'the config declares limits but no limits store was given: bind SWITCHYARD_LIMITS (a Durable Object) on the edge; on Node the stack opens SQLite' },
    ]);
  }
  const tenantLimits = new Map(config.tenants.flatMap((tenant) => (hasAnyLimit(tenant.limits) ? [[tenant.id, subjectLimits(tenant.limits)] as const] : [])));
  const prices = new PriceTable(config);
  const { defaultMaxTokens, reservationTimeoutSeconds } = config.accounting;

  return async function limits(c, next) {
    const subjects = subjectsOf(c.get('auth'), tenantLimits);
    if (subjects.length === 0) return next();
    if (!limiter) {
      throw new ServiceUnavailableError({
        message: 'This API key has limits but the edge has no limits store. Bind SWITCHYARD_LIMITS (see wrangler.toml).',
        code: 'limits_unavailable',
      });
    }
    const body: ParsedBody | undefined = c.get('body');
    const tokensPerMinute = tightestTokensPerMinute(subjects);
    const estimate = body ? estimateTokens(body, { defaultMaxTokens, tokensPerMinute }) : { promptTokens: 0, completionTokens: 0 };
    const tokens = estimate.promptTokens + estimate.completionTokens;
    if (tokensPerMinute !== undefined && tokens > tokensPerMinute) {
      throw new InvalidRequestError({
        message: `This request may use up to ${tokens} tokens (prompt estimate plus max_tokens), more than the ${tokensPerMinute} tokens per minute allowed. Lower max_tokens or shorten the input.`,
        code: 'request_exceeds_token_limit',
        param: body?.kind === 'chat' ? 'max_tokens' : 'input',
      });
    }
    const price = body ? prices.forRequested(body.request.model) : undefined;
    const reservation = { tokens, costNanoUsd: costNanoUsd(price, estimate.promptTokens, estimate.completionTokens) };
    const reservationId = newReservationId();
    const decision = await limiter.reserve({ reservationId, subjects, ...reservation, timeoutMs: reservationTimeoutSeconds * 1000 });
    const headers = rateLimitHeaders(decision.subjects);
    if (!decision.admitted) {
      // Set on Hono's placeholder response, these survive onError: Hono copies them onto the error response.
      setHeaders(c, headers);
      throw refusal(decision);
    }

    const subjectIds = subjects.map((subject) => subject.id);
    let settled = reservation.tokens === 0 && reservation.costNanoUsd === 0;
    const settle = async (outcome: ResponseOutcome) => {
      if (settled) return;
      settled = true;
      await limiter.settle({ reservationId, subjectIds, ...charge(outcome, reservation, price, prices) });
    };
    c.get('responseListeners').push(settle);
    await next();
    setHeaders(c, headers);
    // Nobody will call the listener for a response that is not a stream still being written (an error, a cache hit).
    if (!settled && (c.error || !isEventStream(c.res))) afterResponse(c, settle({}), 'limits-settle-fail');
  };
};

function subjectsOf(auth: RequestAuth, tenantLimits: ReadonlyMap<string, SubjectLimits>): LimitSubject[] {
  const subjects: LimitSubject[] = [];
  if (hasAnyLimit(auth.limits)) subjects.push({ id: `key:${auth.tenantId}/${auth.keyId}`, limits: subjectLimits(auth.limits) });
  const tenant = tenantLimits.get(auth.tenantId);
  if (tenant) subjects.push({ id: `tenant:${auth.tenantId}`, limits: tenant });
  return subjects;
}

function tightestTokensPerMinute(subjects: readonly LimitSubject[]): number | undefined {
  const limits = subjects.flatMap((subject) => (subject.limits.tokensPerMinute === undefined ? [] : [subject.limits.tokensPerMinute]));
  return limits.length > 0 ? Math.min(...limits) : undefined;
}

/**
 * What a finished request is charged. Real usage when the model reported it; the whole reservation
 * when a model ran but reported nothing (a cancelled or broken stream may still have been billed
 * upstream); nothing when no model ran (failed before any target answered, or a cache hit).
 */
function charge(outcome: ResponseOutcome, reserved: { tokens: number; costNanoUsd: number }, price: Price | undefined, prices: PriceTable) {
  const used = usedTokens(outcome.usage);
  if (used) {
    const servedPrice = prices.forServed(outcome.model, price);
    return { tokens: used.promptTokens + used.completionTokens, costNanoUsd: costNanoUsd(servedPrice, used.promptTokens, used.completionTokens) };
  }
  if (outcome.servedBy !== undefined || outcome.cancelled) return reserved;
  return { tokens: 0, costNanoUsd: 0 };
}

function describeSubject(subject: string): string {
  if (subject.startsWith('tenant:')) return `tenant "${subject.slice('tenant:'.length)}"`;
  return 'this API key';
}

function refusal(decision: Extract<ReserveDecision, { admitted: false }>): SwitchyardError {
  const who = describeSubject(decision.subject);
  const state = decision.subjects.find((subject) => subject.subject === decision.subject);
  const retryAfterSeconds = decision.retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  const retry = retryAfterSeconds === undefined ? '' : ` Retry after ${retryAfterSeconds} s.`;
  if (decision.reason === 'budget') {
    const budget = state?.budget;
    const amounts = budget ? ` ($${(budget.remainingNanoUsd / 1e9).toFixed(4)} of $${(budget.limitNanoUsd / 1e9).toFixed(2)} left)` : '';
    return new BudgetExceededError({
      message: `The spend budget of ${who} cannot cover this request${amounts}. Raise the budget, lower max_tokens, or wait for the next budget period.${retry}`,
      code: 'budget_exceeded',
      retryAfterSeconds,
    });
  }
  const limit = decision.reason === 'requests' ? state?.requests?.limit : state?.tokens?.limit;
  return new RateLimitError({
    message: `Rate limit reached for ${who}: ${limit ?? 'the'} ${decision.reason} per minute.${retry}`,
    code: 'rate_limit_exceeded',
    retryAfterSeconds,
  });
}

function setHeaders(c: Context<AppEnv>, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
}

function isEventStream(response: Response): boolean {
  return (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
}

