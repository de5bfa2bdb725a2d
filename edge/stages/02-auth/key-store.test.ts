/** Key lookup: by SHA-256 only, through a constant-time compare, from the config and from KV. */
import { describe, expect, it } from 'vitest';
import { kvKeyStore, KV_KEY_PREFIX, type KvReader } from '../../adapters/kv-key-store.ts';
import { parseConfig } from '../../../shared/config/parse.ts';
import { ALL_SCOPES } from '../../../shared/config/schema.ts';
import { sha256Hex, timingSafeEqual } from '../../../shared/crypto/index.ts';
import { chainKeyStores, configKeyStore } from './key-store.ts';

const KEY = 'sk-key-store-test-0001';

/** KV as a Map, for the store's logic; the real binding runs in test/limits/limits.workerd.test.ts. */
function memoryKv(entries: Record<string, unknown>): KvReader {
  return { get: async (key) => entries[key] ?? null };
}

function recordingCompare() {
  const calls: [string, string][] = [];
  const compare = (stored: string, presented: string) => {
    calls.push([stored, presented]);
    return timingSafeEqual(stored, presented);
  };
  return { calls, compare };
}

describe('timingSafeEqual', () => {
  it('is true only for identical strings, wherever they differ', () => {
    const hash = 'a'.repeat(64);
    expect(timingSafeEqual(hash, hash)).toBe(true);
    expect(timingSafeEqual(hash, `b${hash.slice(1)}`)).toBe(false);
    expect(timingSafeEqual(hash, `${hash.slice(0, 63)}b`)).toBe(false);
    expect(timingSafeEqual(hash, hash.slice(1))).toBe(false);
  });
});

describe('key stores', () => {
  it('the config store finds a key by its hash and decides through the constant-time compare', async () => {
    const hash = await sha256Hex(KEY);
    const config = parseConfig({ tenants: [{ id: 'acme', keys: [{ id: 'k', sha256: hash }] }] });
    const { calls, compare } = recordingCompare();
    expect(await configKeyStore(config, { compare }).find(KEY)).toMatchObject({ tenantId: 'acme', entry: { id: 'k' } });
    expect(calls).toEqual([[hash, hash]]);
    expect(await configKeyStore(config, { compare: () => false }).find(KEY)).toBeUndefined();
    expect(await configKeyStore(config).find('sk-other')).toBeUndefined();
  });

  it('the config store remembers a verified key but still decides every lookup through the compare', async () => {
    const hash = await sha256Hex(KEY);
    const config = parseConfig({ tenants: [{ id: 'acme', keys: [{ id: 'k', sha256: hash }] }] });
    let accept = true;
    const calls: [string, string][] = [];
    const store = configKeyStore(config, {
      compare: (stored, presented) => {
        calls.push([stored, presented]);
        return accept && timingSafeEqual(stored, presented);
      },
    });
    expect((await store.find(KEY))?.entry.id).toBe('k');
    expect((await store.find(KEY))?.entry.id).toBe('k');
    accept = false;
    expect(await store.find(KEY)).toBeUndefined();
    expect(calls).toEqual([
      [hash, hash],
      [hash, hash],
      [hash, hash],
    ]);
    expect(await store.find(`${KEY}x`)).toBeUndefined();
  });

  it('the KV store reads key:<sha256>, applies defaults, and refuses a record filed under another hash', async () => {
    const hash = await sha256Hex(KEY);
    const otherHash = await sha256Hex('sk-other');
    const kv = memoryKv({
      [`${KV_KEY_PREFIX}${hash}`]: { tenantId: 'acme', entry: { id: 'kv', sha256: hash } },
      [`${KV_KEY_PREFIX}${otherHash}`]: { tenantId: 'acme', entry: { id: 'misfiled', sha256: hash } },
    });
    const { calls, compare } = recordingCompare();
    const store = kvKeyStore({ namespace: kv, tenants: new Set(['acme']), compare });
    expect(await store.find(KEY)).toEqual({ tenantId: 'acme', entry: { id: 'kv', sha256: hash, scopes: [...ALL_SCOPES], revoked: false } });
    expect(calls).toEqual([[hash, hash]]);
    expect(await store.find('sk-other')).toBeUndefined();
    expect(await store.find('sk-never-stored')).toBeUndefined();
  });

  it('chains stores in order', async () => {
    const hash = await sha256Hex(KEY);
    const config = parseConfig({ tenants: [{ id: 'acme', keys: [{ id: 'from-config', sha256: hash }] }] });
    const kv = kvKeyStore({ namespace: memoryKv({ [`${KV_KEY_PREFIX}${hash}`]: { tenantId: 'acme', entry: { id: 'from-kv', sha256: hash } } }), tenants: new Set(['acme']) });
    expect((await chainKeyStores(configKeyStore(config), kv).find(KEY))?.entry.id).toBe('from-config');
    expect((await chainKeyStores(configKeyStore(parseConfig({})), kv).find(KEY))?.entry.id).toBe('from-kv');
  });
});
