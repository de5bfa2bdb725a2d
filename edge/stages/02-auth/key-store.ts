import type { ApiKeyEntry, Policy, SwitchyardConfig } from '../../../shared/config/schema.ts';
import { sha256Hex, timingSafeEqual } from '../../../shared/crypto/index.ts';

export interface StoredKey {
  tenantId: string;
  entry: ApiKeyEntry;
  /** The tenant's policy, when the store knows the tenant (config keys do). */
  tenantPolicy?: Policy;
}

/** Looks API keys up by the SHA-256 of the presented key; keys themselves are never stored. */
export interface KeyStore {
  find(presentedKey: string): Promise<StoredKey | undefined>;
}

export interface KeyStoreOptions {
  /** Compares the stored hash with the presented key's; constant-time by default. */
  compare?: (stored: string, presented: string) => boolean;
}

/** How many verified keys keep their hash, so repeat callers skip the digest. */
const RECENT_KEYS = 256;

/** A key store over the keys declared in the config file. */
export function configKeyStore(config: SwitchyardConfig, { compare = timingSafeEqual }: KeyStoreOptions = {}): KeyStore {
  const byHash = new Map<string, StoredKey>();
  for (const tenant of config.tenants) {
    for (const entry of tenant.keys) byHash.set(entry.sha256, { tenantId: tenant.id, entry, tenantPolicy: tenant.policy });
  }
  // Only keys that matched a configured hash get in, so guessed keys cannot fill it; the entry and
  // the compare below still run on every request (revocation and expiry are decided by the caller).
  const recentHashes = new Map<string, string>();
  return {
    async find(presentedKey) {
      const remembered = recentHashes.get(presentedKey);
      const hash = remembered ?? (await sha256Hex(presentedKey));
      const found = byHash.get(hash);
      // The map lookup is on a hash the caller cannot steer; the compare keeps the check constant-time anyway.
      if (!found || !compare(found.entry.sha256, hash)) return undefined;
      if (remembered === undefined) {
        if (recentHashes.size >= RECENT_KEYS) recentHashes.delete(recentHashes.keys().next().value as string);
        recentHashes.set(presentedKey, hash);
      }
      return found;
    },
  };
}

/** Asks each store in order (e.g. the config's keys, then KV); the first that knows the key answers. */
export function chainKeyStores(...stores: KeyStore[]): KeyStore {
  return {
    async find(presentedKey) {
      for (const store of stores) {
        const found = await store.find(presentedKey);
        if (found) return found;
      }
      return undefined;
    },
  };
}
