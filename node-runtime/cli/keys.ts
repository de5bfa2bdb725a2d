/**
 * `switchyard keys <create | list | revoke>`: API keys in the config file (Node and the edge), or,
 * with --kv, the `wrangler kv` command that stores one in the edge's SWITCHYARD_KEYS namespace.
 * A key is printed once at creation; only its SHA-256 is ever stored.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { KV_KEY_PREFIX, KvKeyRecord } from '../../edge/adapters/kv-key-store.ts';
import { ConfigError, parseConfig } from '../../shared/config/parse.ts';
import { ApiKeyEntry, Limits, Scope, type SwitchyardConfig } from '../../shared/config/schema.ts';
import { randomHex, sha256Hex } from '../../shared/crypto/index.ts';
import { DEFAULT_CONFIG_PATH } from '../config/load.ts';

export const KEYS_USAGE = `Usage: switchyard keys <command>

Commands:
  create --tenant T [options]   Make a key, print it once, store its SHA-256 in the config file.
  list [--tenant T]             The keys in the config file (never the keys themselves).
  revoke --id ID [--tenant T]   Mark a key revoked in the config file.

Options for create:
  --id ID                       Key id (default key-<random>); unique within the tenant.
  --scopes LIST                 Comma-separated: ${Scope.options.join(', ')} (default: all).
  --rpm N                       Requests per minute for this key.
  --tpm N                       Tokens (prompt + completion) per minute for this key.
  --budget-usd X                Spend budget in USD, priced from models[].pricing.
  --budget-period P             total, day or month (default month).
  --models LIST                 Model names or route aliases the key may use (default: all).
  --expires-in D                e.g. 30d, 12h, 90m; or --expires-at 2027-01-01T00:00:00Z.
  --kv                          Do not edit the file; print the wrangler command that puts the key
                                into the edge's KV namespace (revoke --kv --sha256 H prints the delete).

Other options:
  --config PATH                 Config file (default: SWITCHYARD_CONFIG, else ${DEFAULT_CONFIG_PATH}).

The edge on Node reads the file at start: restart it. For Workers, upload the file again
(npx wrangler secret put SWITCHYARD_CONFIG < switchyard.config.json) or use --kv.
`;

export interface KeysCommandIo {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  now?: () => number;
}

const OPTIONS = {
  tenant: { type: 'string' },
  id: { type: 'string' },
  scopes: { type: 'string' },
  rpm: { type: 'string' },
  tpm: { type: 'string' },
  'budget-usd': { type: 'string' },
  'budget-period': { type: 'string' },
  models: { type: 'string' },
  'expires-in': { type: 'string' },
  'expires-at': { type: 'string' },
  sha256: { type: 'string' },
  kv: { type: 'boolean', default: false },
  config: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** A problem with what the user typed; the message says what to do. */
class UsageError extends Error {}

/** Runs `switchyard keys …`; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function runKeysCommand(argv: string[], io: KeysCommandIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    const [command] = positionals;
    if (command === undefined || command === 'help') {
      io.stdout(KEYS_USAGE);
      return command === undefined ? 2 : 0;
    }
    const path = resolve(io.cwd, values.config ?? (io.env.SWITCHYARD_CONFIG || DEFAULT_CONFIG_PATH));
    if (command === 'create') return await create(values, path, io);
    if (command === 'list') return listKeys(values, path, io);
    if (command === 'revoke') return revoke(values, path, io);
    throw new UsageError(`Unknown keys command "${command}".\n\n${KEYS_USAGE}`);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`${error.message}\nNothing was changed. Fix the values (or the file) and run the command again.\n`);
      return 1;
    }
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

interface RawConfig {
  tenants?: { id: string; keys?: Record<string, unknown>[] }[];
  [field: string]: unknown;
}

function readConfig(path: string): { raw: RawConfig; config: SwitchyardConfig } {
  if (!existsSync(path)) {
    throw new UsageError(
      `No config file at ${path}. Copy switchyard.config.example.json to switchyard.config.json (or point SWITCHYARD_CONFIG or --config at yours) and run this again.`,
    );
  }
  const text = readFileSync(path, 'utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(path, [{ path: '(root)', message: `not valid JSON: ${(error as Error).message}` }]);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(path, [{ path: '(root)', message: 'must be a JSON object' }]);
  return { raw: raw as RawConfig, config: parseConfig(raw, path) };
}

/** Validates the edited file as a whole, then swaps it in atomically (never a half-written config). */
function writeConfig(path: string, raw: RawConfig): void {
  parseConfig(raw, path);
  const temporary = `${path}.${randomHex(4)}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(raw, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

async function create(values: Values, path: string, io: KeysCommandIo): Promise<number> {
  const tenantId = values.tenant;
  if (!tenantId) throw new UsageError('keys create needs --tenant <id>.');
  const now = io.now?.() ?? Date.now();
  const key = `sy-${randomHex(24)}`;
  const entryInput = {
    id: values.id ?? `key-${randomHex(4)}`,
    sha256: await sha256Hex(key),
    ...(values.scopes ? { scopes: splitList(values.scopes) } : {}),
    createdAt: new Date(now).toISOString(),
    ...expiry(values, now),
    ...limitsFrom(values),
    ...(values.models ? { models: splitList(values.models) } : {}),
  };
  const entry = ApiKeyEntry.safeParse(entryInput);
  if (!entry.success) throw new ConfigError('keys create', entry.error.issues.map((issue) => ({ path: issue.path.join('.') || '(key)', message: issue.message })));

  if (values.kv) {
    const config = existsSync(path) ? readConfig(path).config : undefined;
    if (config && !config.tenants.some((tenant) => tenant.id === tenantId)) {
      throw new UsageError(`Tenant "${tenantId}" is not declared in ${path}; the edge refuses KV keys of undeclared tenants. Add it under "tenants" first.`);
    }
    const record = KvKeyRecord.parse({ tenantId, entry: entryInput });
    io.stdout(keyBanner(key, record.entry.id, tenantId, record.entry.sha256));
    io.stdout('Store it in the edge\'s KV namespace (drop --remote to write to the local "wrangler dev" store):\n\n');
    io.stdout(`  npx wrangler kv key put --binding SWITCHYARD_KEYS --remote ${shellQuote(`${KV_KEY_PREFIX}${record.entry.sha256}`)} ${shellQuote(JSON.stringify({ tenantId, entry: entryInput }))}\n\n`);
    if (!config) io.stdout(`(No config file at ${path}: make sure tenant "${tenantId}" is declared in the config the edge runs with.)\n`);
    return 0;
  }

  const { raw } = readConfig(path);
  raw.tenants ??= [];
  let tenant = raw.tenants.find((candidate) => candidate.id === tenantId);
  if (!tenant) {
    tenant = { id: tenantId, keys: [] };
    raw.tenants.push(tenant);
    io.stdout(`Added tenant "${tenantId}" to ${path}.\n`);
  }
  tenant.keys ??= [];
  if (tenant.keys.some((existing) => existing.id === entryInput.id)) throw new UsageError(`Tenant "${tenantId}" already has a key "${entryInput.id}". Pick another --id.`);
  tenant.keys.push(entryInput);
  writeConfig(path, raw);
  io.stdout(keyBanner(key, entryInput.id, tenantId, entryInput.sha256));
  io.stdout(`Stored its SHA-256 in ${path}. Restart the edge on Node, or for Workers run:\n  npx wrangler secret put SWITCHYARD_CONFIG < ${path}\n`);
  return 0;
}

function keyBanner(key: string, id: string, tenantId: string, sha256: string): string {
  return [
    '',
    `API key "${id}" for tenant "${tenantId}":`,
    '',
    `  ${key}`,
    '',
    'This is the only time it is shown. Store it somewhere safe now; only its SHA-256 is kept:',
    `  ${sha256}`,
    '',
    '',
  ].join('\n');
}

function splitList(text: string): string[] {
  return text.split(',').map((item) => item.trim()).filter(Boolean);
}

function listKeys(values: Values, path: string, io: KeysCommandIo): number {
  const { config } = readConfig(path);
  const now = io.now?.() ?? Date.now();
  const rows = config.tenants
    .filter((tenant) => !values.tenant || tenant.id === values.tenant)
    .flatMap((tenant) =>
      tenant.keys.map((key) => [
        tenant.id,
        key.id,
        key.revoked ? 'revoked' : key.expiresAt && Date.parse(key.expiresAt) <= now ? 'expired' : 'active',
        key.scopes.join(','),
        describeLimits(key.limits),
        key.expiresAt ?? '-',
        `${key.sha256.slice(0, 12)}…`,
      ]),
    );
  if (rows.length === 0) {
    io.stdout(`No keys in ${path}${values.tenant ? ` for tenant "${values.tenant}"` : ''}. Create one with: switchyard keys create --tenant <id>\n`);
    return 0;
  }
  io.stdout(table([['TENANT', 'ID', 'STATUS', 'SCOPES', 'LIMITS', 'EXPIRES', 'SHA-256'], ...rows]));
  return 0;
}

function revoke(values: Values, path: string, io: KeysCommandIo): number {
  if (values.kv) {
    if (!values.sha256 || !/^[a-f0-9]{64}$/.test(values.sha256)) throw new UsageError('keys revoke --kv needs --sha256 <the key\'s hash>, as printed by keys create --kv.');
    io.stdout(`Delete the key from the edge's KV namespace (revoked within KV's propagation time, up to a minute):\n\n  npx wrangler kv key delete --binding SWITCHYARD_KEYS --remote ${shellQuote(`${KV_KEY_PREFIX}${values.sha256}`)}\n`);
    return 0;
  }
  if (!values.id && !values.sha256) throw new UsageError('keys revoke needs --id <key id> (and --tenant when ids repeat across tenants) or --sha256 <hash>.');
  const { raw } = readConfig(path);
  const matches = (raw.tenants ?? []).flatMap((tenant) =>
    (tenant.keys ?? [])
      .filter((key) => (!values.tenant || tenant.id === values.tenant) && (values.id ? key.id === values.id : key.sha256 === values.sha256))
      .map((key) => ({ tenant, key })),
  );
  const [match] = matches;
  if (!match) throw new UsageError(`No key matches in ${path}. "switchyard keys list" shows the ids.`);
  if (matches.length > 1) throw new UsageError(`Key id "${values.id}" exists in several tenants (${matches.map((found) => found.tenant.id).join(', ')}); add --tenant.`);
  match.key.revoked = true;
  writeConfig(path, raw);
  io.stdout(`Revoked key "${String(match.key.id)}" of tenant "${match.tenant.id}" in ${path}. Restart the edge on Node, or upload the config to Workers again.\n`);
  return 0;
}

function expiry(values: Values, now: number): { expiresAt?: string } {
  if (values['expires-at']) return { expiresAt: values['expires-at'] };
  if (!values['expires-in']) return {};
  const match = /^(\d+)([dhm])$/.exec(values['expires-in']);
  if (!match?.[1] || !match[2]) throw new UsageError(`--expires-in takes a number and a unit (d, h or m), e.g. 30d; got "${values['expires-in']}".`);
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[match[2] as 'd' | 'h' | 'm'];
  return { expiresAt: new Date(now + Number(match[1]) * unit).toISOString() };
}

const FLAG_OF_LIMIT: Record<string, string> = { requestsPerMinute: '--rpm', tokensPerMinute: '--tpm', budgetUsd: '--budget-usd', budgetPeriod: '--budget-period' };

function limitsFrom(values: Values): { limits?: z.input<typeof Limits> } {
  const number = (flag: 'rpm' | 'tpm' | 'budget-usd') => {
    const text = values[flag];
    if (text === undefined) return undefined;
    const parsed = Number(text);
    if (!Number.isFinite(parsed)) throw new UsageError(`--${flag} takes a number; got "${text}".`);
    return parsed;
  };
  const requestsPerMinute = number('rpm');
  const tokensPerMinute = number('tpm');
  const budgetUsd = number('budget-usd');
  const period = values['budget-period'];
  const budgetPeriod = period === undefined ? undefined : Limits.shape.budgetPeriod.unwrap().safeParse(period);
  if (budgetPeriod && !budgetPeriod.success) throw new UsageError(`--budget-period takes total, day or month; got "${period}".`);
  if (budgetPeriod && budgetUsd === undefined) throw new UsageError('--budget-period needs --budget-usd.');
  if (requestsPerMinute === undefined && tokensPerMinute === undefined && budgetUsd === undefined) return {};
  // Only what was given goes into the file; defaults are applied when it is read.
  const limits: z.input<typeof Limits> = {
    ...(requestsPerMinute === undefined ? {} : { requestsPerMinute }),
    ...(tokensPerMinute === undefined ? {} : { tokensPerMinute }),
    ...(budgetUsd === undefined ? {} : { budgetUsd }),
    ...(budgetPeriod?.success ? { budgetPeriod: budgetPeriod.data } : {}),
  };
  const parsed = Limits.safeParse(limits);
  if (!parsed.success) {
    throw new ConfigError('keys create', parsed.error.issues.map((issue) => ({ path: FLAG_OF_LIMIT[String(issue.path[0])] ?? 'limits', message: issue.message })));
  }
  return { limits };
}

function describeLimits(limits: Limits | undefined): string {
  if (!limits) return '-';
  const parts = [
    limits.requestsPerMinute === undefined ? undefined : `${limits.requestsPerMinute} rpm`,
    limits.tokensPerMinute === undefined ? undefined : `${limits.tokensPerMinute} tpm`,
    limits.budgetUsd === undefined ? undefined : `$${limits.budgetUsd}/${limits.budgetPeriod}`,
  ];
  return parts.filter(Boolean).join(', ') || '-';
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return `${rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n')}\n`;
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
