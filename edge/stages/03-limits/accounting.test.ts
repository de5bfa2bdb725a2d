/** Reservations from prices and token estimates, and the rate-limit headers. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../shared/config/parse.ts';
import { ChatCompletionRequest } from '../../../shared/schemas/chat.ts';
import { EmbeddingsRequest } from '../../../shared/schemas/embeddings.ts';
import { costNanoUsd, estimateTokens, PriceTable } from './accounting.ts';
import { formatDuration, rateLimitHeaders } from './headers.ts';

const config = parseConfig({
  providers: [{ id: 'cloud', type: 'openai', passthrough: true }],
  models: [
    { id: 'cheap', provider: 'cloud', upstreamModel: 'cheap-2026', pricing: { inputPer1kTokensUsd: 0.1, outputPer1kTokensUsd: 0.2 } },
    { id: 'dear', provider: 'cloud', pricing: { inputPer1kTokensUsd: 3, outputPer1kTokensUsd: 15 } },
    { id: 'free-local', provider: 'cloud' },
    { id: 'cheap-then-dear', provider: 'cloud', upstreamModel: 'x', fallbacks: ['dear'], pricing: { inputPer1kTokensUsd: 0.1, outputPer1kTokensUsd: 0.2 } },
  ],
  routes: [{ id: 'auto', targets: ['free-local', 'cheap'] }],
});

const chat = (fields: Record<string, unknown>) => ({ kind: 'chat' as const, request: ChatCompletionRequest.parse({ model: 'cheap', messages: [{ role: 'user', content: 'x'.repeat(30) }], ...fields }) });

describe('PriceTable', () => {
  const prices = new PriceTable(config);

  it('reserves at the dearest model a name can end up on', () => {
    expect(prices.forRequested('cheap')).toEqual({ input: 100_000, output: 200_000 });
    expect(prices.forRequested('cheap-then-dear')).toEqual({ input: 3_000_000, output: 15_000_000 });
    expect(prices.forRequested('auto')).toEqual({ input: 100_000, output: 200_000 });
    expect(prices.forRequested('free-local')).toBeUndefined();
    expect(prices.forRequested('cloud/anything')).toBeUndefined();
  });

  it('charges the model that answered, by config id or upstream name; an unknown one at the reserved price', () => {
    const reserved = { input: 1, output: 2 };
    expect(prices.forServed('cheap-2026', reserved)).toEqual({ input: 100_000, output: 200_000 });
    expect(prices.forServed('free-local', reserved)).toBeUndefined();
    expect(prices.forServed('something-else', reserved)).toBe(reserved);
  });

  it('rounds cost up to the next nano-dollar', () => {
    expect(costNanoUsd({ input: 0.5, output: 0 }, 3, 0)).toBe(2);
    expect(costNanoUsd(undefined, 1000, 1000)).toBe(0);
  });
});

describe('estimateTokens', () => {
  it('counts the prompt generously and reserves max_tokens for every choice', () => {
    expect(estimateTokens(chat({ max_tokens: 50 }), { defaultMaxTokens: 1024 })).toEqual({ promptTokens: 14, completionTokens: 50 });
    expect(estimateTokens(chat({ max_completion_tokens: 20, n: 3 }), { defaultMaxTokens: 1024 })).toEqual({ promptTokens: 14, completionTokens: 60 });
  });

  it('uses the default when max_tokens is absent, but never more than the tokens-per-minute limit leaves', () => {
    expect(estimateTokens(chat({}), { defaultMaxTokens: 1024 }).completionTokens).toBe(1024);
    expect(estimateTokens(chat({}), { defaultMaxTokens: 1024, tokensPerMinute: 100 }).completionTokens).toBe(86);
  });

  it('counts embeddings input, text or token ids, with no completion', () => {
    const embeddings = (input: unknown) => ({ kind: 'embeddings' as const, request: EmbeddingsRequest.parse({ model: 'e', input }) });
    expect(estimateTokens(embeddings(['abcdef', 'abc']), { defaultMaxTokens: 1024 })).toEqual({ promptTokens: 3, completionTokens: 0 });
    expect(estimateTokens(embeddings([[1, 2, 3], [4]]), { defaultMaxTokens: 1024 })).toEqual({ promptTokens: 4, completionTokens: 0 });
  });
});

describe('rate-limit headers', () => {
  it('report the tightest subject of each kind, in OpenAI duration format', () => {
    const headers = rateLimitHeaders([
      { subject: 'key:a/b', requests: { limit: 100, remaining: 40, resetMs: 60_000 }, tokens: { limit: 1000, remaining: 10, resetMs: 1500 } },
      { subject: 'tenant:a', requests: { limit: 50, remaining: 3, resetMs: 250 }, budget: { limitNanoUsd: 5e9, remainingNanoUsd: 1_250_000_000 } },
    ]);
    expect(headers).toEqual({
      'x-ratelimit-limit-requests': '50',
      'x-ratelimit-remaining-requests': '3',
      'x-ratelimit-reset-requests': '250ms',
      'x-ratelimit-limit-tokens': '1000',
      'x-ratelimit-remaining-tokens': '10',
      'x-ratelimit-reset-tokens': '1.5s',
      'x-switchyard-budget-remaining-usd': '1.250000',
    });
    expect(formatDuration(60_000)).toBe('1m0s');
    expect(formatDuration(0)).toBe('0ms');
  });
});
