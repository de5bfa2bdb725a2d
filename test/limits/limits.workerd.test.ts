/**
 * Keys, limits and budgets inside workerd: API keys from KV and the config, counts in the
 * SQLite-backed Durable Objects, through the real Worker entry (SELF.fetch, and worker.fetch with
 * a config that declares limits). The Node twin is limits.test.ts.
 */
import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { KV_KEY_PREFIX, type KvKeyRecord } from '../../edge/adapters/kv-key-store.ts';
import { durableObjectLimiter, type LimitsNamespace } from '../../edge/adapters/limits-durable-object.ts';
import { createEdgeApp } from '../../edge/app.ts';
import { createJwtVerifier } from '../../edge/stages/02-auth/index.ts';
import worker from '../../edge/worker.ts';
import { parseConfig } from '../../shared/config/parse.ts';
import type { SwitchyardConfigInput } from '../../shared/config/schema.ts';
import { sha256Hex } from '../../shared/crypto/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { CONTRACT_KEYS } from '../contract/edge-contract.ts';
import {
  authorized,
  BUDGET_USD,
  LIMIT_KEYS,
  limitsConfig,
  PRICE,
  SLOW_CHAT,
  SMALL_CHAT,
  SMALL_CHAT_RESERVED_NANO_USD,
  statusCounts,
  TENANT_REQUESTS_PER_MINUTE,
  type EnvelopeBody,
} from './limits-config.ts';

interface KvWriter {
  put(key: string, value: string): Promise<void>;
}

const keys = env.SWITCHYARD_KEYS as KvWriter;
const contractConfig = JSON.parse(String(env.SWITCHYARD_CONFIG)) as SwitchyardConfigInput;
const limitedEnv = limitsConfig(contractConfig).then((config) => ({ ...env, SWITCHYARD_CONFIG: JSON.stringify(config) }));

async function putKvKey(key: string, entry: Omit<KvKeyRecord['entry'], 'sha256'>, tenantId = 'acme', filedUnder = key): Promise<void> {
  const record: KvKeyRecord = { tenantId, entry: { ...entry, sha256: await sha256Hex(key) } };
  await keys.put(`${KV_KEY_PREFIX}${await sha256Hex(filedUnder)}`, JSON.stringify(record));
}

const viaSelf = (path: string, key: string, body?: string) =>
  SELF.fetch(new Request(`http://edge.test${path}`, authorized(key, body === undefined ? {} : { method: 'POST', body })));

/** The Worker entry with the limits config; waits for work after the response (settlement), as Workers would. */
async function viaWorker(path: string, key: string, body?: string): Promise<Response> {
  const context = createExecutionContext();
  const request = new Request(`http://edge.test${path}`, authorized(key, body === undefined ? {} : { method: 'POST', body }));
  const response = (await worker.fetch(request as never, (await limitedEnv) as never, context as never)) as unknown as Response;
  const buffered = new Response(await response.arrayBuffer(), response);
  await waitOnExecutionContext(context);
  return buffered;
}

describe('API keys from KV inside workerd (SELF.fetch)', () => {
  it('admits exactly N of 200 concurrent requests for a KV key limited to N per minute', async () => {
    await putKvKey('sk-kv-requests-0001', { id: 'kv-requests', scopes: ['models', 'chat'], limits: { requestsPerMinute: 20 } });
    const responses = await Promise.all(Array.from({ length: 200 }, () => viaSelf('/v1/models', 'sk-kv-requests-0001')));
    expect(statusCounts(responses)).toEqual({ 200: 20, 429: 180 });
    const refused = responses.find((response) => response.status === 429);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(50);
    expect(refused?.headers.get('x-ratelimit-limit-requests')).toBe('20');
    expect(refused?.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(((await refused?.json()) as EnvelopeBody).error).toMatchObject({ type: 'rate_limit_exceeded', code: 'rate_limit_exceeded' });
  });

  it('refuses revoked, expired, out-of-scope, mis-filed and foreign-tenant KV keys', async () => {
    await putKvKey('sk-kv-revoked-0002', { id: 'kv-revoked', revoked: true });
    await putKvKey('sk-kv-expired-0003', { id: 'kv-expired', expiresAt: '2021-01-01T00:00:00Z' });
    await putKvKey('sk-kv-chat-only-0004', { id: 'kv-chat', scopes: ['chat'] });
    await putKvKey('sk-kv-real-0005', { id: 'kv-misfiled' }, 'acme', 'sk-kv-other-0006');
    await putKvKey('sk-kv-foreign-0007', { id: 'kv-foreign' }, 'not-declared');
    await keys.put(`${KV_KEY_PREFIX}${await sha256Hex('sk-kv-broken-0008')}`, '{"tenantId":"acme"}');

    const cases: [string, number, string][] = [
      ['sk-kv-revoked-0002', 401, 'api_key_revoked'],
      ['sk-kv-expired-0003', 401, 'api_key_expired'],
      ['sk-kv-chat-only-0004', 403, 'insufficient_scope'],
      ['sk-kv-other-0006', 401, 'invalid_api_key'],
      ['sk-kv-foreign-0007', 403, 'unknown_tenant'],
      ['sk-kv-broken-0008', 503, 'key_record_invalid'],
      ['sk-kv-never-stored-0009', 401, 'invalid_api_key'],
    ];
    for (const [key, status, code] of cases) {
      const response = await viaSelf('/v1/models', key);
      expect({ key, status: response.status, code: ((await response.json()) as EnvelopeBody).error.code }).toEqual({ key, status, code });
    }
    // The config's own keys keep working next to KV.
    expect((await viaSelf('/v1/models', CONTRACT_KEYS.valid)).status).toBe(200);
  });
});

describe('limits and budgets inside workerd (Durable Objects)', () => {
  it('holds a tenant limit across its keys: exactly N of 200, with a key and a tenant object per request', async () => {
    const responses = await Promise.all(Array.from({ length: 200 }, (_, index) => viaWorker('/v1/models', index % 2 ? LIMIT_KEYS.tenantA : LIMIT_KEYS.tenantB)));
    expect(statusCounts(responses)).toEqual({ 200: TENANT_REQUESTS_PER_MINUTE, 429: 200 - TENANT_REQUESTS_PER_MINUTE });
  });

  it('admits exactly what a budget covers under 200 concurrent requests, then answers 402', async () => {
    const responses = await Promise.all(Array.from({ length: 200 }, () => viaWorker('/v1/chat/completions', LIMIT_KEYS.concurrentBudget, SLOW_CHAT)));
    const covered = Math.floor((BUDGET_USD * 1e9) / SMALL_CHAT_RESERVED_NANO_USD);
    expect(statusCounts(responses)).toEqual({ 200: covered, 402: 200 - covered });
    const body = (await responses.find((response) => response.status === 402)?.json()) as EnvelopeBody;
    expect(body.error).toMatchObject({ type: 'insufficient_quota', code: 'budget_exceeded' });
  });

  it('settles real usage after each response, so a sequential budget lasts longer than its reservations suggest', async () => {
    let spentNanoUsd = 0;
    let admitted = 0;
    for (;;) {
      const response = await viaWorker('/v1/chat/completions', LIMIT_KEYS.budget, SMALL_CHAT);
      expect(response.status).toBe(spentNanoUsd + SMALL_CHAT_RESERVED_NANO_USD <= BUDGET_USD * 1e9 ? 200 : 402);
      if (response.status !== 200) break;
      const { usage } = (await response.json()) as { usage: { prompt_tokens: number; completion_tokens: number } };
      spentNanoUsd += usage.prompt_tokens * PRICE.inputPer1kTokensUsd * 1e6 + usage.completion_tokens * PRICE.outputPer1kTokensUsd * 1e6;
      admitted += 1;
    }
    expect(admitted).toBeGreaterThan(Math.floor((BUDGET_USD * 1e9) / SMALL_CHAT_RESERVED_NANO_USD));
  });
});

describe('JWT callers inside workerd', () => {
  const hsSecret = 'jwt-test-secret-with-enough-entropy-0123456789';
  const config = parseConfig({
    ...contractConfig,
    jwtIssuers: [
      { issuer: 'https://idp.test/hs', algorithm: 'HS256', secretEnv: 'JWT_TEST_SECRET', audience: 'switchyard', limits: { requestsPerMinute: 3 } },
      { issuer: 'https://idp.test/rs', algorithm: 'RS256', jwksUrl: 'https://idp.test/rs/jwks.json', tenant: 'acme' },
    ],
  });
  let app: ReturnType<typeof createEdgeApp>;
  let privateKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const publicJwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'RS256' };
    app = createEdgeApp({
      config,
      runnerContext: { env: { ...env } },
      logger: silentLogger,
      jwt: createJwtVerifier({
        issuers: config.jwtIssuers,
        tenants: new Set(['acme']),
        env: { JWT_TEST_SECRET: hsSecret },
        keySets: { 'https://idp.test/rs': createLocalJWKSet({ keys: [publicJwk] }) },
      }),
      limiter: durableObjectLimiter(env.SWITCHYARD_LIMITS as LimitsNamespace),
    });
  });

  const hsToken = (claims: Record<string, unknown>, { secret = hsSecret, expiresIn = '5m', subject = 'user@example.com' } = {}) =>
    new SignJWT({ tenant: 'acme', scope: 'models chat', ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('https://idp.test/hs')
      .setAudience('switchyard')
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(new TextEncoder().encode(secret));
  const models = async (token: string) => {
    const response = await app.request('/v1/models', { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, code: response.status === 200 ? null : ((await response.json()) as EnvelopeBody).error.code };
  };

  it('accepts HS256 and RS256 tokens and maps their claims to tenant and scopes', async () => {
    expect(await models(await hsToken({}))).toEqual({ status: 200, code: null });
    const rsToken = await new SignJWT({ scope: ['models'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer('https://idp.test/rs')
      .setSubject('svc-1')
      .setExpirationTime('5m')
      .sign(privateKey);
    expect(await models(rsToken)).toEqual({ status: 200, code: null });
  });

  it('refuses wrong signatures, expired tokens, unknown issuers and tenants, and missing scopes', async () => {
    expect(await models(await hsToken({}, { secret: 'another-secret-of-the-same-kind-0123456789' }))).toEqual({ status: 401, code: 'invalid_token' });
    expect(await models(await hsToken({}, { expiresIn: '-2m' }))).toEqual({ status: 401, code: 'token_expired' });
    expect(await models(await hsToken({ tenant: 'nobody' }))).toEqual({ status: 403, code: 'unknown_tenant' });
    expect(await models(await hsToken({ scope: 'chat' }))).toEqual({ status: 403, code: 'insufficient_scope' });
    const foreign = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('https://evil.test').setSubject('x').setExpirationTime('5m').sign(new TextEncoder().encode(hsSecret));
    expect(await models(foreign)).toEqual({ status: 401, code: 'invalid_token' });
  });

  it("limits each token subject by the issuer's limits", async () => {
    const token = await hsToken({}, { subject: 'limited-subject@example.com' });
    const results = [];
    for (let index = 0; index < 4; index++) results.push((await models(token)).status);
    expect(results).toEqual([200, 200, 200, 429]);
    expect((await models(await hsToken({}, { subject: 'another-subject@example.com' }))).status).toBe(200);
  });

  it('needs a limits store for an issuer with limits', () => {
    expect(() => createEdgeApp({ config, runnerContext: { env: {} }, logger: silentLogger })).toThrow(/limits store/);
  });
});
