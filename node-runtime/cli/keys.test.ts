/** `switchyard keys`: created keys work against the edge, only hashes reach the file, revocation holds. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { KvKeyRecord } from '../../edge/adapters/kv-key-store.ts';
import { createEdgeApp } from '../../edge/app.ts';
import { parseConfigText } from '../../shared/config/parse.ts';
import { sha256Hex } from '../../shared/crypto/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { runKeysCommand } from './keys.ts';
import { openSqliteLimiter } from '../limits/sqlite-limiter.ts';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);

function workspace(config: unknown = { tenants: [{ id: 'acme', keys: [] }], models: [], providers: [] }) {
  const directory = mkdtempSync(join(tmpdir(), 'switchyard-keys-'));
  const path = join(directory, 'switchyard.config.json');
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return { directory, path };
}

async function keys(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runKeysCommand(argv, { env: {}, cwd, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), now: () => NOW });
  return { code, stdout, stderr };
}

const printedKey = (stdout: string) => /^\s+(sy-[a-f0-9]{48})$/m.exec(stdout)?.[1];

describe('switchyard keys', () => {
  it('creates a key that works, prints it once and stores only its hash and limits', async () => {
    const { directory, path } = workspace();
    const run = await keys(['create', '--tenant', 'acme', '--id', 'ci', '--scopes', 'models,chat', '--rpm', '2', '--tpm', '100000', '--budget-usd', '50', '--expires-in', '30d'], directory);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const key = printedKey(run.stdout);
    expect(key).toBeDefined();
    const file = readFileSync(path, 'utf8');
    expect(file).not.toContain(key);
    const config = parseConfigText(file);
    expect(config.tenants[0]?.keys[0]).toMatchObject({
      id: 'ci',
      sha256: await sha256Hex(key ?? ''),
      scopes: ['models', 'chat'],
      limits: { requestsPerMinute: 2, tokensPerMinute: 100000, budgetUsd: 50, budgetPeriod: 'month' },
      expiresAt: new Date(NOW + 30 * 86_400_000).toISOString(),
    });

    const limiter = openSqliteLimiter({ path: ':memory:' });
    const app = createEdgeApp({ config, runnerContext: { env: {} }, logger: silentLogger, limiter });
    const call = () => app.request('/v1/models', { headers: { authorization: `Bearer ${key}` } });
    expect([(await call()).status, (await call()).status, (await call()).status]).toEqual([200, 200, 429]);
    limiter.close();
  });

  it('adds a missing tenant, lists keys without revealing them, and revokes', async () => {
    const { directory, path } = workspace();
    const created = await keys(['create', '--tenant', 'globex', '--id', 'ops'], directory);
    expect(created.stdout).toContain('Added tenant "globex"');
    const key = printedKey(created.stdout) ?? '';

    const listed = await keys(['list'], directory);
    expect(listed.stdout).toMatch(/globex\s+ops\s+active/);
    expect(listed.stdout).not.toContain(key);

    expect((await keys(['revoke', '--id', 'ops'], directory)).code).toBe(0);
    expect((await keys(['list', '--tenant', 'globex'], directory)).stdout).toMatch(/ops\s+revoked/);
    const app = createEdgeApp({ config: parseConfigText(readFileSync(path, 'utf8')), runnerContext: { env: {} }, logger: silentLogger });
    const response = await app.request('/v1/models', { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('api_key_revoked');
  });

  it('with --kv, leaves the file alone and prints the wrangler commands for a valid KV record', async () => {
    const { directory, path } = workspace();
    const before = readFileSync(path, 'utf8');
    const run = await keys(['create', '--kv', '--tenant', 'acme', '--rpm', '600'], directory);
    expect(run.code).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(before);
    const hash = await sha256Hex(printedKey(run.stdout) ?? '');
    const command = /npx wrangler kv key put --binding SWITCHYARD_KEYS --remote 'key:([a-f0-9]{64})' '(.+)'$/m.exec(run.stdout);
    expect(command?.[1]).toBe(hash);
    expect(KvKeyRecord.parse(JSON.parse(command?.[2] ?? '')).entry).toMatchObject({ sha256: hash, limits: { requestsPerMinute: 600 } });

    expect((await keys(['create', '--kv', '--tenant', 'nobody'], directory)).stderr).toContain('not declared');
    expect((await keys(['revoke', '--kv', '--sha256', hash], directory)).stdout).toContain(`npx wrangler kv key delete --binding SWITCHYARD_KEYS --remote 'key:${hash}'`);
  });

  it('refuses bad input without touching the file, and says what to do', async () => {
    const { directory, path } = workspace();
    const before = readFileSync(path, 'utf8');
    expect(await keys(['create'], directory)).toMatchObject({ code: 2, stderr: expect.stringContaining('--tenant') });
    expect(await keys(['create', '--tenant', 'acme', '--rpm', 'lots'], directory)).toMatchObject({ code: 2, stderr: expect.stringContaining('--rpm takes a number') });
    expect(await keys(['create', '--tenant', 'acme', '--rpm', '0'], directory)).toMatchObject({ code: 1, stderr: expect.stringContaining('--rpm') });
    expect(await keys(['create', '--tenant', 'acme', '--models', 'no-such-model'], directory)).toMatchObject({ code: 1, stderr: expect.stringContaining('unknown model or route "no-such-model"') });
    expect(await keys(['create', '--tenant', 'acme', '--scopes', 'admin'], directory)).toMatchObject({ code: 1 });
    expect(await keys(['create', '--tenant', 'acme', '--wat'], directory)).toMatchObject({ code: 2 });
    expect(await keys(['revoke', '--id', 'missing'], directory)).toMatchObject({ code: 2, stderr: expect.stringContaining('keys list') });
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(await keys(['list'], mkdtempSync(join(tmpdir(), 'switchyard-keys-empty-')))).toMatchObject({ code: 2, stderr: expect.stringContaining('No config file') });
  });

  it('runs as `switchyard keys` from the command line', async () => {
    const { directory, path } = workspace();
    // The bin `npx switchyard` runs, from a folder with a switchyard.config.json in it.
    const { stdout } = await promisify(execFile)(process.execPath, [join(process.cwd(), 'node-runtime/cli/switchyard.mjs'), 'keys', 'create', '--tenant', 'acme'], {
      cwd: directory,
      timeout: 20_000,
    });
    const key = printedKey(stdout);
    expect(parseConfigText(readFileSync(path, 'utf8')).tenants[0]?.keys[0]?.sha256).toBe(await sha256Hex(key ?? ''));
  }, 30_000);
});
