import type { MiddlewareHandler } from 'hono';
import type { Scope } from '../../../shared/config/schema.ts';
import { AuthenticationError, PermissionError } from '../../../shared/errors/index.ts';
import { keyPolicy } from '../../../shared/pii/policy.ts';
import type { AppEnv } from '../../context.ts';
import { looksLikeJwt, type JwtVerifier } from './jwt.ts';
import type { KeyStore } from './key-store.ts';

export { chainKeyStores, configKeyStore, type KeyStore, type KeyStoreOptions, type StoredKey } from './key-store.ts';
export { createJwtVerifier, looksLikeJwt, type JwtVerifier, type JwtVerifierOptions } from './jwt.ts';
export { requireModelAccess } from './model-access.ts';

export interface AuthOptions {
  keys: KeyStore;
  /** Accepts bearer JWTs from the config's issuers; without it, every credential is an API key. */
  jwt?: JwtVerifier;
  now?: () => number;
}

const MAX_KEY_LENGTH = 512;
const MAX_TOKEN_LENGTH = 16 * 1024;

/** The presented key from `Authorization: Bearer <key>` or, for Anthropic-style clients, `x-api-key`. */
function presentedKey(authorization: string | undefined, apiKeyHeader: string | undefined): string {
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match?.[1]) {
      throw new AuthenticationError({
        message: 'Malformed Authorization header. Send your API key as "Authorization: Bearer <key>".',
        code: 'invalid_authorization_header',
      });
    }
    return match[1];
  }
  if (apiKeyHeader) return apiKeyHeader.trim();
  throw new AuthenticationError({
    message: 'Missing API key. Send it as "Authorization: Bearer <key>".',
    code: 'missing_api_key',
  });
}

/**
 * Stage 2: resolves the API key (or a JWT from a configured issuer) to a tenant, its scopes,
 * limits and allowed models. Unknown, revoked and expired credentials get 401; the key is never
 * echoed back or logged.
 *
 * @example app.use('/v1/*', auth({ keys: configKeyStore(config), jwt: createJwtVerifier({ … }) }))
 */
export const auth = ({ keys, jwt, now = Date.now }: AuthOptions): MiddlewareHandler<AppEnv> => {
  if (!keys) throw new Error('auth requires "keys"');
  return async function auth(c, next) {
    const key = presentedKey(c.req.header('authorization'), c.req.header('x-api-key'));
    if (jwt && key.length <= MAX_TOKEN_LENGTH && looksLikeJwt(key)) {
      c.set('auth', await jwt.verify(key));
      await next();
      return;
    }
    const found = key.length <= MAX_KEY_LENGTH ? await keys.find(key) : undefined;
    if (!found) throw new AuthenticationError({ message: 'Incorrect API key provided.', code: 'invalid_api_key' });
    const { entry } = found;
    if (entry.revoked) throw new AuthenticationError({ message: 'This API key has been revoked.', code: 'api_key_revoked' });
    if (entry.expiresAt && Date.parse(entry.expiresAt) <= now()) {
      throw new AuthenticationError({ message: 'This API key has expired.', code: 'api_key_expired' });
    }
    c.set('auth', {
      tenantId: found.tenantId,
      keyId: entry.id,
      scopes: entry.scopes,
      ...(entry.limits ? { limits: entry.limits } : {}),
      ...(entry.models ? { models: entry.models } : {}),
      ...(found.tenantPolicy || entry.policy ? { policy: keyPolicy(found.tenantPolicy, entry.policy) } : {}),
    });
    await next();
  };
};

/** Refuses keys that lack `scope` with 403. Runs after `auth`. */
export const requireScope = (scope: Scope): MiddlewareHandler<AppEnv> =>
  async function requireScope(c, next) {
    if (!c.get('auth').scopes.includes(scope)) {
      throw new PermissionError({ message: `This API key lacks the "${scope}" scope.`, code: 'insufficient_scope' });
    }
    await next();
  };
