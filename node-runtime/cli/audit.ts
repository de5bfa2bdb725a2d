/**
 * `switchyard audit tail`: the newest audit records of the Node stack (the SQLite file in the
 * data directory, next to the limits ledger), as a table or as JSON lines.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { StoredAuditRecord } from '../../shared/audit/index.ts';
import { AUDIT_DATABASE_FILE, readRecentAuditRecords, type ReadAuditRecord } from '../audit/sqlite-audit-sink.ts';

export const AUDIT_USAGE = `Usage: switchyard audit <command>

Commands:
  tail [options]        The newest audit records, oldest first.

Options:
  --limit N             How many records (default 20, at most 10000).
  --tenant T            Only this tenant's records.
  --json                One JSON record per line (the whole record, text included when stored).
  --data-dir PATH       Where the stack keeps its SQLite files (default: SWITCHYARD_DATA_DIR, else ./.data).

Records are written by "switchyard start" (npm start) when audit.enabled is on (the default).
On Workers they are in the D1 database bound as AUDIT_DB:
  npx wrangler d1 execute switchyard-audit --remote --command "SELECT record FROM audit_records ORDER BY seq DESC LIMIT 20"
`;

export interface AuditCommandIo {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const OPTIONS = {
  limit: { type: 'string' },
  tenant: { type: 'string' },
  json: { type: 'boolean', default: false },
  'data-dir': { type: 'string' },
} as const;

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 10_000;
const SNIPPET_CHARS = 160;

/** Runs `switchyard audit …`; returns the exit code (0 ok, 1 failed, 2 usage). */
export function runAuditCommand(argv: string[], io: AuditCommandIo): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n\n${AUDIT_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command] = positionals;
  if (command === undefined || command === 'help') {
    io.stdout(AUDIT_USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'tail') {
    io.stderr(`Unknown audit command "${command}".\n\n${AUDIT_USAGE}`);
    return 2;
  }
  const limit = values.limit === undefined ? DEFAULT_LIMIT : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    io.stderr(`--limit takes a whole number from 1 to ${MAX_LIMIT}; got "${values.limit}".\n`);
    return 2;
  }
  const path = resolve(io.cwd, values['data-dir'] ?? (io.env.SWITCHYARD_DATA_DIR || '.data'), AUDIT_DATABASE_FILE);
  if (!existsSync(path)) {
    io.stderr(`No audit records yet: ${path} does not exist. Start Switchyard (npm start) and send a request, or point --data-dir (or SWITCHYARD_DATA_DIR) at the folder it writes to.\n`);
    return 1;
  }
  let rows: ReadAuditRecord[];
  try {
    rows = readRecentAuditRecords({ path, limit, tenantId: values.tenant });
  } catch (error) {
    io.stderr(`Could not read ${path} (${error instanceof Error ? error.message : String(error)}). Is it a Switchyard audit database?\n`);
    return 1;
  }
  if (values.json) {
    for (const row of rows) io.stdout(`${'record' in row ? JSON.stringify(row.record) : row.unreadable}\n`);
    return 0;
  }
  if (rows.length === 0) {
    io.stdout(`No audit records in ${path}${values.tenant ? ` for tenant "${values.tenant}"` : ''}.\n`);
    return 0;
  }
  io.stdout(render(rows));
  return 0;
}

const HEADER = ['TIME', 'REQUEST', 'TENANT/KEY', 'KIND', 'MODEL', 'STATUS', 'ERROR', 'MS', 'TOKENS', 'COST', 'GUARDS'];

function render(rows: readonly ReadAuditRecord[]): string {
  const table: string[][] = [HEADER];
  const texts: string[][] = [[]];
  for (const row of rows) {
    if (!('record' in row)) {
      table.push(['(a record of a version this build cannot read; see --json)']);
      texts.push([]);
      continue;
    }
    table.push(columns(row.record));
    texts.push(textLines(row.record));
  }
  const widths = HEADER.map((_, column) => Math.max(...table.filter((cells) => cells.length > 1).map((cells) => (cells[column] ?? '').length)));
  return table
    .map((cells, index) => {
      const line = cells.length === 1 ? (cells[0] ?? '') : cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
      return [line, ...(texts[index] ?? [])].join('\n');
    })
    .join('\n')
    .concat('\n');
}

function columns(record: StoredAuditRecord): string[] {
  const who = record.tenantId === undefined ? '-' : `${record.tenantId}/${record.keyId ?? '-'}`;
  const served = record.servedBy ? `${record.servedBy.route}:${record.servedBy.model}` : undefined;
  const model = [record.requestedModel, served].filter(Boolean).join(' -> ') || '-';
  const error = record.error ? `${record.error.type}${record.error.code ? `/${record.error.code}` : ''}${record.cancelled ? ' (cancelled)' : ''}` : record.cancelled ? 'cancelled' : '-';
  const tokens = record.usage ? `${record.usage.promptTokens}+${record.usage.completionTokens}` : '-';
  const cost = record.usage?.costUsd === undefined ? '-' : `$${record.usage.costUsd.toFixed(6)}`;
  const guards = [
    record.injection?.flagged ? `injection ${record.injection.score.toFixed(2)} ${record.injection.reasons.join(',')}` : undefined,
    record.pii ? `pii ${Object.entries(record.pii).map(([type, count]) => `${type}:${count}`).join(',')}` : undefined,
  ].filter(Boolean);
  return [record.time.slice(0, 19).replace('T', ' '), record.requestId, who, record.kind, model, String(record.status), error, String(Math.round(record.latencyMs)), tokens, cost, guards.join('; ') || '-'];
}

function textLines(record: StoredAuditRecord): string[] {
  const lines: string[] = [];
  for (const [label, excerpt] of [['request', record.text?.request], ['output', record.text?.output]] as const) {
    if (!excerpt) continue;
    const flat = excerpt.text.replace(/\s*\n\s*/g, ' / ');
    const cut = flat.length > SNIPPET_CHARS || excerpt.truncated;
    lines.push(`    ${label}: ${flat.slice(0, SNIPPET_CHARS)}${cut ? '…' : ''}`);
  }
  return lines;
}
