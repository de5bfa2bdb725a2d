/**
 * Limits and budgets on Node: the edge app over real HTTP, counts in SQLite, a real upstream.
 * The same cases run inside workerd against Durable Objects in limits.workerd.test.ts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEdgeApp } from '../../edge/app.ts';
import { serveOnNode, type RunningServer } from '../../edge/node-server.ts';
import { openSqliteLimiter, type SqliteLimiter } from '../../node-runtime/limits/sqlite-limiter.ts';
import { ConfigError, parseConfig } from '../../shared/config/parse.ts';
import type { SwitchyardConfig } from '../../shared/config/schema.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { CONTRACT_KEYS, CONTRACT_OPENAI_KEY, CONTRACT_SECRETS, contractConfig } from '../contract/edge-contract.ts';
import { startOpenAICompatibleServer } from '../servers/openai-compatible-server.ts';
import type { TestServer } from '../servers/test-server.ts';
import {
  authorized,
  BUDGET_USD,
  LIMIT_KEYS,
  limitsConfig,
  PRICE,
  REQUESTS_PER_MINUTE,
  SMALL_CHAT,
  SMALL_CHAT_RESERVED_NANO_USD,
  SLOW_CHAT,
  statusCounts,
  TENANT_REQUESTS_PER_MINUTE,
  TOKENS_PER_MINUTE,
  type EnvelopeBody,
} from './limits-config.ts';

interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

describe('limits and budgets on Node (SQLite)', () => {
  let upstream: TestServer;
  let config: SwitchyardConfig;
  let databasePath: string;
  let limiter: SqliteLimiter;
  let server: RunningServer;

  async function startEdge(): Promise<void> {
    limiter = openSqliteLimiter({ path: databasePath });
    const app = createEdgeApp({ config, runnerContext: { env: { ...CONTRACT_SECRETS } }, logger: silentLogger, limiter });
    server = await serveOnNode({ fetch: (request) => app.fetch(request), port: 0, host: '127.0.0.1' });
  }

  async function stopEdge(): Promise<void> {
    await server.close();
    limiter.close();
  }

  const call = (path: string, key: string, body?: string) =>
    fetch(`${server.url}${path}`, authorized(key, body === undefined ? {} : { method: 'POST', body }));

  beforeAll(async () => {
    upstream = await startOpenAICompatibleServer({ apiKey: CONTRACT_OPENAI_KEY, slowMs: 1000 });
    const upstreams = { openaiURL: upstream.url, runtimeURL: 'http://127.0.0.1:9', deadRuntimeURL: 'http://127.0.0.1:9' };
    config = parseConfig(await limitsConfig(contractConfig(upstreams)));
    databasePath = join(mkdtempSync(join(tmpdir(), 'switchyard-limits-')), 'limits.sqlite');
    await startEdge();
  });

  afterAll(async () => {
    await stopEdge();
    await upstream?.close();
  });

  it('admits exactly N of 200 concurrent requests against a key limit of N, and says when to retry', async () => {
    const responses = await Promise.all(Array.from({ length: 200 }, () => call('/v1/models', LIMIT_KEYS.requests)));
    expect(statusCounts(responses)).toEqual({ 200: REQUESTS_PER_MINUTE, 429: 200 - REQUESTS_PER_MINUTE });

    const admitted = responses.filter((response) => response.status === 200);
    const remaining = admitted.map((response) => Number(response.headers.get('x-ratelimit-remaining-requests'))).sort((a, b) => a - b);
    expect(remaining).toEqual(Array.from({ length: REQUESTS_PER_MINUTE }, (_, index) => index));
    expect(admitted[0]?.headers.get('x-ratelimit-limit-requests')).toBe(String(REQUESTS_PER_MINUTE));

    const refused = responses.find((response) => response.status === 429);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(50);
    expect(refused?.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(refused?.headers.get('x-ratelimit-reset-requests')).toMatch(/^(\d{1,2}(\.\d+)?s|1m0s)$/);
    expect(refused?.headers.get('x-request-id')).toBeTruthy();
    const body = (await refused?.json()) as EnvelopeBody;
    expect(body.error).toMatchObject({ type: 'rate_limit_exceeded', code: 'rate_limit_exceeded', param: null });
    expect(body.error.message).toContain(`${REQUESTS_PER_MINUTE} requests per minute`);
  });

  it('holds a tenant limit across the tenant keys (exactly N of 200)', async () => {
    const responses = await Promise.all(Array.from({ length: 200 }, (_, index) => call('/v1/models', index % 2 ? LIMIT_KEYS.tenantA : LIMIT_KEYS.tenantB)));
    expect(statusCounts(responses)).toEqual({ 200: TENANT_REQUESTS_PER_MINUTE, 429: 200 - TENANT_REQUESTS_PER_MINUTE });
    const body = (await responses.find((response) => response.status === 429)?.json()) as EnvelopeBody;
    expect(body.error.message).toContain('tenant "shared"');
  });

  it('admits exactly what a budget covers under 200 concurrent requests, then answers 402', async () => {
    const responses = await Promise.all(Array.from({ length: 200 }, () => call('/v1/chat/completions', LIMIT_KEYS.concurrentBudget, SLOW_CHAT)));
    const covered = Math.floor((BUDGET_USD * 1e9) / SMALL_CHAT_RESERVED_NANO_USD);
    expect(statusCounts(responses)).toEqual({ 200: covered, 402: 200 - covered });
    const refused = responses.find((response) => response.status === 402);
    const body = (await refused?.json()) as EnvelopeBody;
    expect(body.error).toMatchObject({ type: 'insufficient_quota', code: 'budget_exceeded' });
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('charges real usage after the response, so a sequential budget lasts longer than its reservations suggest', async () => {
    let spentNanoUsd = 0;
    let admitted = 0;
    for (;;) {
      const response = await call('/v1/chat/completions', LIMIT_KEYS.budget, SMALL_CHAT);
      const expectAdmitted = spentNanoUsd + SMALL_CHAT_RESERVED_NANO_USD <= BUDGET_USD * 1e9;
      expect(response.status).toBe(expectAdmitted ? 200 : 402);
      if (response.status !== 200) break;
      const { usage } = (await response.json()) as { usage: Usage };
      spentNanoUsd += usage.prompt_tokens * PRICE.inputPer1kTokensUsd * 1e6 + usage.completion_tokens * PRICE.outputPer1kTokensUsd * 1e6;
      admitted += 1;
    }
    expect(admitted).toBeGreaterThan(Math.floor((BUDGET_USD * 1e9) / SMALL_CHAT_RESERVED_NANO_USD));
  });

  it('keeps the spent budget across a restart (the SQLite file is reopened)', async () => {
    await stopEdge();
    await startEdge();
    const response = await call('/v1/chat/completions', LIMIT_KEYS.budget, SMALL_CHAT);
    expect(response.status).toBe(402);
    expect((await call('/v1/models', LIMIT_KEYS.requests)).status).toBe(429);
  });

  it('reserves max_tokens up front and counts the real tokens afterwards, for JSON and streams', async () => {
    const tooLarge = await call('/v1/chat/completions', LIMIT_KEYS.tokens, JSON.stringify({ model: 'cloud-model', messages: [{ role: 'user', content: 'hi' }], max_tokens: TOKENS_PER_MINUTE + 1 }));
    expect(tooLarge.status).toBe(400);
    expect(((await tooLarge.json()) as EnvelopeBody).error).toMatchObject({ code: 'request_exceeds_token_limit', param: 'max_tokens' });

    const first = await call('/v1/chat/completions', LIMIT_KEYS.tokens, SMALL_CHAT);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit-tokens')).toBe(String(TOKENS_PER_MINUTE));
    expect(first.headers.get('x-ratelimit-remaining-tokens')).toBe(String(TOKENS_PER_MINUTE - 16));
    const { usage } = (await first.json()) as { usage: Usage };
    const afterFirst = await call('/v1/models', LIMIT_KEYS.tokens);
    expect(afterFirst.headers.get('x-ratelimit-remaining-tokens')).toBe(String(TOKENS_PER_MINUTE - usage.total_tokens));

    const stream = await call('/v1/chat/completions', LIMIT_KEYS.tokens, JSON.stringify({ ...JSON.parse(SMALL_CHAT), stream: true }));
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const frames = (await stream.text()).split('\n\n').filter(Boolean);
    expect(frames.some((frame) => frame.includes('"usage"'))).toBe(false);
    const afterStream = await call('/v1/models', LIMIT_KEYS.tokens);
    // The caller did not ask for usage, but the stage did: the stream's real count (the same reply) is settled.
    expect(afterStream.headers.get('x-ratelimit-remaining-tokens')).toBe(String(TOKENS_PER_MINUTE - 2 * usage.total_tokens));
  });

  it('releases the reserved tokens when the request fails before any model answers', async () => {
    const before = Number((await call('/v1/models', LIMIT_KEYS.tokens)).headers.get('x-ratelimit-remaining-tokens'));
    const failed = await call('/v1/chat/completions', LIMIT_KEYS.tokens, JSON.stringify({ model: 'dead-no-fallback', messages: [{ role: 'user', content: 'hello there' }], max_tokens: 8 }));
    expect(failed.status).toBe(503);
    expect(failed.headers.get('x-ratelimit-limit-tokens')).toBe(String(TOKENS_PER_MINUTE));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(Number((await call('/v1/models', LIMIT_KEYS.tokens)).headers.get('x-ratelimit-remaining-tokens'))).toBe(before);
  });

  it('refuses models outside the key list with 403', async () => {
    const refused = await call('/v1/chat/completions', LIMIT_KEYS.cloudOnly, JSON.stringify({ ...JSON.parse(SMALL_CHAT), model: 'tiny-random-gpt2' }));
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as EnvelopeBody).error).toMatchObject({ type: 'permission_error', code: 'model_not_allowed', param: 'model' });
    expect((await call('/v1/chat/completions', LIMIT_KEYS.cloudOnly, SMALL_CHAT)).status).toBe(200);
  });

  it('leaves keys without limits alone: no store, no headers', async () => {
    const response = await call('/v1/models', CONTRACT_KEYS.valid);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-limit-requests')).toBeNull();
  });

  it('refuses to build an app whose config declares limits without a store', () => {
    expect(() => createEdgeApp({ config, runnerContext: { env: {} }, logger: silentLogger })).toThrow(ConfigError);
  });
});
