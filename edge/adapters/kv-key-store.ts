/**
 * API keys in Workers KV, so keys can be added and revoked without redeploying the config.
 * One entry per key, named by the SHA-256 of the key: `key:<sha256>` → `{ tenantId, entry }`.
 * `switchyard keys create --kv` prints the `wrangler kv key put` command that writes one.
 */
import { z } from 'zod';
import { ApiKeyEntry } from '../../shared/config/schema.ts';
import { sha256Hex, timingSafeEqual } from '../../shared/crypto/index.ts';
import { PermissionError, ServiceUnavailableError } from '../../shared/errors/index.ts';
import type { KeyStore, KeyStoreOptions } from '../stages/02-auth/key-store.ts';

export const KV_KEY_PREFIX = 'key:';

export const KvKeyRecord = z.strictObject({ tenantId: z.string().min(1), entry: ApiKeyEntry });
export type KvKeyRecord = z.input<typeof KvKeyRecord>;

/** The slice of a KV namespace binding this store reads. */
export interface KvReader {
  get(key: string, type: 'json'): Promise<unknown>;
}

export interface KvKeyStoreOptions extends KeyStoreOptions {
  namespace: KvReader;
  /** Tenant ids declared in the config; a KV key naming any other tenant is refused. */
  tenants: ReadonlySet<string>;
}

/**
 * A key store over KV. Revocations reach every location within KV's propagation time (up to a
 * minute); the config's own keys take effect with the next deploy.
 *
 * @example chainKeyStores(configKeyStore(config), kvKeyStore({ namespace: env.SWITCHYARD_KEYS, tenants }))
 */
export function kvKeyStore({ namespace, tenants, compare = timingSafeEqual }: KvKeyStoreOptions): KeyStore {
  if (!namespace) throw new Error('kvKeyStore requires "namespace"');
  return {
    async find(presentedKey) {
      const hash = await sha256Hex(presentedKey);
      const raw = await namespace.get(`${KV_KEY_PREFIX}${hash}`, 'json');
      if (raw === null || raw === undefined) return undefined;
      const parsed = KvKeyRecord.safeParse(raw);
      if (!parsed.success) {
        throw new ServiceUnavailableError({
          message: 'The stored record for this API key is not valid. Re-create the key with "switchyard keys create --kv".',
          code: 'key_record_invalid',
        });
      }
      const record = parsed.data;
      // The record must vouch for the same hash it is filed under: a mis-filed entry grants nothing.
      if (!compare(record.entry.sha256, hash)) return undefined;
      if (!tenants.has(record.tenantId)) {
        throw new PermissionError({ message: "This API key's tenant is not declared in the config. Add the tenant under \"tenants\".", code: 'unknown_tenant' });
      }
      return record;
    },
  };
}
