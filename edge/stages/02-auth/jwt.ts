/**
 * Bearer JWTs from the config's issuers, for callers that already have an identity provider:
 * HS256 with a shared secret from the environment, or RS256 with the issuer's JWKS. Claims map to
 * a declared tenant and to scopes. Verified with `jose`, which runs in workerd and on Node alike.
 */
import { createRemoteJWKSet, customFetch, decodeJwt, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { Scope, type JwtIssuer } from '../../../shared/config/schema.ts';
import { sha256Hex } from '../../../shared/crypto/index.ts';
import { AuthenticationError, PermissionError, ServiceUnavailableError } from '../../../shared/errors/index.ts';
import type { FetchFunction } from '../../../shared/spec/model-runner.ts';
import type { RequestAuth } from '../../context.ts';

export interface JwtVerifierOptions {
  issuers: readonly JwtIssuer[];
  /** Tenant ids declared in the config; a token naming any other tenant is refused. */
  tenants: ReadonlySet<string>;
  /** Where HS256 secrets are read from (process.env on Node, the Worker env on the edge). */
  env: Readonly<Record<string, unknown>>;
  /** fetch for JWKS downloads. */
  fetch?: FetchFunction;
  /** Key sets by issuer, used instead of downloading `jwksUrl` (keys shipped another way, tests). */
  keySets?: Readonly<Record<string, JWTVerifyGetKey>>;
}

export interface JwtVerifier {
  /** The caller a verified token names; throws 401 (bad token), 403 (unknown tenant) or 503 (issuer unreachable). */
  verify(token: string): Promise<RequestAuth>;
}

const JWT_SHAPE = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Compact JWS shape: three base64url parts, a JSON header first. API keys never look like this. */
export function looksLikeJwt(token: string): boolean {
  return JWT_SHAPE.test(token);
}

type KeyMaterial = Uint8Array | JWTVerifyGetKey;

/**
 * Builds a verifier for the config's `jwtIssuers`. JWKS are fetched on first use and cached by jose.
 *
 * @example const jwt = createJwtVerifier({ issuers: config.jwtIssuers, tenants: new Set(['acme']), env: process.env })
 */
export function createJwtVerifier({ issuers, tenants, env, fetch, keySets = {} }: JwtVerifierOptions): JwtVerifier {
  const byIssuer = new Map<string, { issuer: JwtIssuer; key: () => KeyMaterial }>();
  for (const issuer of issuers) byIssuer.set(issuer.issuer, { issuer, key: keyResolver(issuer, env, fetch, keySets) });

  return {
    async verify(token) {
      const issuerName = unverifiedIssuer(token);
      const found = issuerName === undefined ? undefined : byIssuer.get(issuerName);
      if (!found) throw invalidToken('its issuer is not one this endpoint accepts');
      const { issuer } = found;
      const payload = await verified(token, issuer, found.key());
      if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw invalidToken('it has no "sub" claim');

      const claimedTenant = issuer.tenant ?? payload[issuer.tenantClaim];
      if (typeof claimedTenant !== 'string' || !tenants.has(claimedTenant)) {
        throw new PermissionError({
          message: `The token's "${issuer.tenantClaim}" claim does not name a tenant declared in this endpoint's config.`,
          code: 'unknown_tenant',
        });
      }
      // A hash, not the subject itself: `sub` is often an email address, and key ids reach logs and storage names.
      const subjectHash = (await sha256Hex(`${issuer.issuer}\n${payload.sub}`)).slice(0, 16);
      return {
        tenantId: claimedTenant,
        keyId: `jwt-${subjectHash}`,
        scopes: scopesFrom(payload[issuer.scopesClaim]),
        ...(issuer.limits ? { limits: issuer.limits } : {}),
        ...(issuer.models ? { models: issuer.models } : {}),
      };
    },
  };
}

function keyResolver(issuer: JwtIssuer, env: Readonly<Record<string, unknown>>, fetch: FetchFunction | undefined, keySets: Readonly<Record<string, JWTVerifyGetKey>>): () => KeyMaterial {
  if (issuer.algorithm === 'HS256') {
    const variable = issuer.secretEnv ?? '';
    return () => {
      const secret = env[variable];
      if (typeof secret !== 'string' || secret.length === 0) {
        throw new ServiceUnavailableError({
          message: `JWT issuer "${issuer.issuer}" needs its HS256 secret in the environment variable ${variable}; set it, or remove the issuer from the config.`,
          code: 'jwt_issuer_not_configured',
        });
      }
      return new TextEncoder().encode(secret);
    };
  }
  const injected = keySets[issuer.issuer];
  const remote = injected ?? createRemoteJWKSet(new URL(issuer.jwksUrl ?? ''), fetch ? { [customFetch]: fetch } : {});
  return () => remote;
}

async function verified(token: string, issuer: JwtIssuer, key: KeyMaterial): Promise<JWTPayload> {
  const options = {
    issuer: issuer.issuer,
    algorithms: [issuer.algorithm],
    clockTolerance: issuer.clockToleranceSeconds,
    ...(issuer.audience ? { audience: issuer.audience } : {}),
  };
  try {
    // Two calls because jose's overloads take a key or a key resolver, not a union of both.
    const result = key instanceof Uint8Array ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
    return result.payload;
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      throw new AuthenticationError({ message: 'This token has expired. Get a fresh one from your identity provider.', code: 'token_expired' });
    }
    if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
      throw new ServiceUnavailableError({
        message: `The keys of JWT issuer "${issuer.issuer}" could not be fetched from its jwksUrl. Check that the URL is reachable from the edge.`,
        code: 'jwks_unavailable',
        retryAfterSeconds: 5,
        cause: error,
      });
    }
    throw invalidToken('its signature, algorithm, issuer, audience or dates did not verify');
  }
}

function unverifiedIssuer(token: string): string | undefined {
  try {
    return decodeJwt(token).iss;
  } catch {
    throw invalidToken('it is not a well-formed JWT');
  }
}

function invalidToken(reason: string): AuthenticationError {
  return new AuthenticationError({ message: `Invalid bearer token: ${reason}.`, code: 'invalid_token' });
}

function scopesFrom(claim: unknown): Scope[] {
  const names = typeof claim === 'string' ? claim.split(/\s+/) : Array.isArray(claim) ? claim : [];
  return names.flatMap((name) => {
    const parsed = Scope.safeParse(name);
    return parsed.success ? [parsed.data] : [];
  });
}
