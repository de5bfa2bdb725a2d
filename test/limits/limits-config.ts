/**
 * The tenants, keys and prices the limits tests use, added on top of the contract config, so the
 * same cases run inside workerd (Durable Objects, KV) and on Node (SQLite).
 */
import type { SwitchyardConfigInput } from '../../shared/config/schema.ts';
import { sha256Hex } from '../../shared/crypto/index.ts';

export const LIMIT_KEYS = {
  requests: 'sk-limits-requests-0001',
  tokens: 'sk-limits-tokens-0002',
  budget: 'sk-limits-budget-0003',
  cloudOnly: 'sk-limits-cloud-only-0004',
  tenantA: 'sk-limits-tenant-a-0005',
  tenantB: 'sk-limits-tenant-b-0006',
  concurrentBudget: 'sk-limits-budget-concurrent-0007',
} as const;

export const REQUESTS_PER_MINUTE = 25;
export const TENANT_REQUESTS_PER_MINUTE = 15;
export const TOKENS_PER_MINUTE = 200;
/** $1 per 1k prompt tokens, $2 per 1k completion tokens on `cloud-model`. */
export const PRICE = { inputPer1kTokensUsd: 1, outputPer1kTokensUsd: 2 };
export const BUDGET_USD = 0.05;

/** A chat request whose reservation is 8 prompt + 8 completion tokens: $0.024 at PRICE. */
export const SMALL_CHAT = JSON.stringify({ model: 'cloud-model', messages: [{ role: 'user', content: 'hello there' }], max_tokens: 8 });
export const SMALL_CHAT_RESERVED_NANO_USD = 24_000_000;
/** The same on a model whose upstream answers after a delay: every concurrent request is reserved before any settles. */
export const SLOW_CHAT = JSON.stringify({ ...JSON.parse(SMALL_CHAT), model: 'cloud-slow' });

export async function limitsConfig(base: SwitchyardConfigInput): Promise<SwitchyardConfigInput> {
  const hash = (key: string) => sha256Hex(key);
  return {
    ...base,
    tenants: [
      ...(base.tenants ?? []),
      {
        id: 'limited',
        keys: [
          { id: 'requests', sha256: await hash(LIMIT_KEYS.requests), limits: { requestsPerMinute: REQUESTS_PER_MINUTE } },
          { id: 'tokens', sha256: await hash(LIMIT_KEYS.tokens), limits: { tokensPerMinute: TOKENS_PER_MINUTE } },
          { id: 'budget', sha256: await hash(LIMIT_KEYS.budget), limits: { budgetUsd: BUDGET_USD, budgetPeriod: 'total' } },
          { id: 'budget-concurrent', sha256: await hash(LIMIT_KEYS.concurrentBudget), limits: { budgetUsd: BUDGET_USD } },
          { id: 'cloud-only', sha256: await hash(LIMIT_KEYS.cloudOnly), models: ['cloud-model'] },
        ],
      },
      {
        id: 'shared',
        limits: { requestsPerMinute: TENANT_REQUESTS_PER_MINUTE },
        keys: [
          { id: 'a', sha256: await hash(LIMIT_KEYS.tenantA) },
          { id: 'b', sha256: await hash(LIMIT_KEYS.tenantB), limits: { requestsPerMinute: 1000 } },
        ],
      },
    ],
    models: [
      ...(base.models ?? []).map((model) => (model.id === 'cloud-model' ? { ...model, pricing: PRICE } : model)),
      { id: 'cloud-slow', provider: 'cloud', upstreamModel: 'slow', pricing: PRICE },
    ],
  };
}

export function authorized(key: string, init: RequestInit = {}): RequestInit {
  return { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers } };
}

export interface EnvelopeBody {
  error: { message: string; type: string; code: string | null; param: string | null };
}

/** Counts responses by status. */
export function statusCounts(responses: readonly Response[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const response of responses) counts[response.status] = (counts[response.status] ?? 0) + 1;
  return counts;
}
