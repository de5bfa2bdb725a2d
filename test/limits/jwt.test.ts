/** JWT callers on Node: RS256 keys fetched from a real JWKS endpoint, HS256 from an environment secret. */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEdgeApp } from '../../edge/app.ts';
import { openSqliteLimiter, type SqliteLimiter } from '../../node-runtime/limits/sqlite-limiter.ts';
import { parseConfig } from '../../shared/config/parse.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { freePort } from '../helpers/ports.ts';
import { startTestIdentityProvider, type TestIdentityProvider } from './jwks-server.ts';
import type { EnvelopeBody } from './limits-config.ts';

const HS_SECRET = 'node-jwt-secret-0123456789-abcdefghij';

describe('JWT callers on Node', () => {
  let idp: TestIdentityProvider;
  let limiter: SqliteLimiter;
  let app: ReturnType<typeof createEdgeApp>;
  let unreachableApp: ReturnType<typeof createEdgeApp>;

  beforeAll(async () => {
    idp = await startTestIdentityProvider();
    limiter = openSqliteLimiter({ path: ':memory:' });
    const tenants = [{ id: 'acme', keys: [] }, { id: 'globex', limits: { requestsPerMinute: 2 } }];
    const config = parseConfig({
      tenants,
      jwtIssuers: [
        { issuer: 'https://idp.test', algorithm: 'RS256', jwksUrl: idp.jwksUrl, audience: 'switchyard', tenantClaim: 'org', scopesClaim: 'permissions' },
        { issuer: 'https://hs.test', algorithm: 'HS256', secretEnv: 'HS_SECRET', tenant: 'globex' },
        { issuer: 'https://unset.test', algorithm: 'HS256', secretEnv: 'UNSET_SECRET', tenant: 'acme' },
      ],
    });
    app = createEdgeApp({ config, runnerContext: { env: { HS_SECRET } }, logger: silentLogger, limiter });
    const unreachable = parseConfig({ tenants, jwtIssuers: [{ issuer: 'https://idp.test', algorithm: 'RS256', jwksUrl: `http://127.0.0.1:${await freePort()}/jwks.json` }] });
    unreachableApp = createEdgeApp({ config: unreachable, runnerContext: { env: {} }, logger: silentLogger, limiter });
  });

  afterAll(async () => {
    limiter?.close();
    await idp?.close();
  });

  const models = async (token: string, target = app) => {
    const response = await target.request('/v1/models', { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, code: response.status === 200 ? null : ((await response.json()) as EnvelopeBody).error.code };
  };
  const rsToken = (claims: Record<string, unknown> = {}, options?: { expiresIn?: string; kid?: string }) =>
    idp.sign({ iss: 'https://idp.test', aud: 'switchyard', sub: 'user-1', org: 'acme', permissions: ['models', 'chat', 'not-a-scope'], ...claims }, options);

  it('verifies RS256 tokens against the issuer JWKS (fetched over HTTP) and maps claims to tenant and scopes', async () => {
    expect(await models(await rsToken())).toEqual({ status: 200, code: null });
    expect(idp.requests.filter((request) => request.path === '/jwks.json').length).toBeGreaterThan(0);
  });

  it('refuses tokens that do not verify, with what went wrong', async () => {
    expect(await models(await rsToken({ aud: 'someone-else' }))).toEqual({ status: 401, code: 'invalid_token' });
    expect(await models(await rsToken({}, { expiresIn: '-5m' }))).toEqual({ status: 401, code: 'token_expired' });
    expect(await models(await rsToken({}, { kid: 'unknown-key' }))).toEqual({ status: 401, code: 'invalid_token' });
    expect(await models(await rsToken({ sub: undefined }))).toEqual({ status: 401, code: 'invalid_token' });
    expect(await models(await rsToken({ org: 'initech' }))).toEqual({ status: 403, code: 'unknown_tenant' });
    expect(await models(await rsToken({ permissions: 'chat' }))).toEqual({ status: 403, code: 'insufficient_scope' });
    // An RS256 issuer must not accept an HS256 token signed with its public key material or anything else.
    const confused = await new SignJWT({ org: 'acme', permissions: ['models'] }).setProtectedHeader({ alg: 'HS256' }).setIssuer('https://idp.test').setAudience('switchyard').setSubject('x').setExpirationTime('5m').sign(new TextEncoder().encode(HS_SECRET));
    expect(await models(confused)).toEqual({ status: 401, code: 'invalid_token' });
    expect(await models('eyJhbGciOiJIUzI1NiJ9.not-json.sig')).toEqual({ status: 401, code: 'invalid_token' });
  });

  it('verifies HS256 with the secret from the environment; a fixed tenant gets its limits', async () => {
    const token = await new SignJWT({ scope: 'models' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('https://hs.test').setSubject('svc').setExpirationTime('5m').sign(new TextEncoder().encode(HS_SECRET));
    expect([await models(token), await models(token), await models(token)].map((result) => result.status)).toEqual([200, 200, 429]);
  });

  it('says which variable to set when an HS256 secret is missing, and when the JWKS cannot be fetched', async () => {
    const unset = await new SignJWT({ scope: 'models' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('https://unset.test').setSubject('svc').setExpirationTime('5m').sign(new TextEncoder().encode('anything-at-all-0123456789'));
    const response = await app.request('/v1/models', { headers: { authorization: `Bearer ${unset}` } });
    expect(response.status).toBe(503);
    expect(((await response.json()) as EnvelopeBody).error.message).toContain('UNSET_SECRET');
    expect(await models(await rsToken(), unreachableApp)).toEqual({ status: 503, code: 'jwks_unavailable' });
  });
});
