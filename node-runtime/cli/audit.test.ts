/** `switchyard audit tail`: the newest records from the stack's SQLite file, as a table or JSON lines. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditRecord } from '../../shared/audit/index.ts';
import { AUDIT_DATABASE_FILE, openSqliteAuditSink } from '../audit/sqlite-audit-sink.ts';
import { runAuditCommand } from './audit.ts';

function tail(argv: string[], env: Record<string, string> = {}, cwd = tmpdir()) {
  let stdout = '';
  let stderr = '';
  const code = runAuditCommand(argv, { env, cwd, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

async function dataDirWithRecords(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-audit-cli-'));
  const sink = openSqliteAuditSink({ path: join(dataDir, AUDIT_DATABASE_FILE), retentionDays: 30 });
  const base = { version: 1, time: new Date().toISOString(), kind: 'chat', latencyMs: 12.4 } as const;
  await sink.write({ ...base, requestId: 'req_cli_1', status: 401, error: { type: 'authentication_error', code: 'invalid_api_key' } });
  await sink.write({
    ...base,
    requestId: 'req_cli_2',
    tenantId: 'acme',
    keyId: 'ci',
    requestedModel: 'auto',
    servedBy: { route: 'cloud', model: 'gpt-4o-mini' },
    status: 200,
    usage: { promptTokens: 12, completionTokens: 30, costUsd: 0.0000198 },
    injection: { score: 0.91, flagged: true, reasons: ['instruction_override'] },
    pii: { EMAIL: 2 },
    text: { request: { text: 'messages[0].content: mail [EMAIL_1]\nthanks', truncated: false }, output: { text: 'Sent to [EMAIL_1].', truncated: false } },
  });
  await sink.write({ ...base, requestId: 'req_cli_3', tenantId: 'other', keyId: 'k', status: 429, error: { type: 'rate_limit_exceeded', code: 'rate_limit_exceeded' } });
  sink.close();
  return dataDir;
}

describe('switchyard audit tail', () => {
  it('prints the newest records as a table, oldest first, with their masked text', async () => {
    const dataDir = await dataDirWithRecords();
    const run = tail(['tail', '--limit', '2'], { SWITCHYARD_DATA_DIR: dataDir });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+REQUEST\s+TENANT\/KEY\s+KIND\s+MODEL\s+STATUS\s+ERROR\s+MS\s+TOKENS\s+COST\s+GUARDS$/);
    expect(lines[1]).toMatch(/req_cli_2\s+acme\/ci\s+chat\s+auto -> cloud:gpt-4o-mini\s+200\s+-\s+12\s+12\+30\s+\$0\.000020\s+injection 0\.91 instruction_override; pii EMAIL:2/);
    expect(lines[2]).toBe('    request: messages[0].content: mail [EMAIL_1] / thanks');
    expect(lines[3]).toBe('    output: Sent to [EMAIL_1].');
    expect(lines[4]).toMatch(/req_cli_3\s+other\/k\s+chat\s+-\s+429\s+rate_limit_exceeded\/rate_limit_exceeded/);
    expect(run.stdout).not.toContain('req_cli_1');
  });

  it('prints whole records as JSON lines, filtered by tenant', async () => {
    const dataDir = await dataDirWithRecords();
    const run = tail(['tail', '--json', '--tenant', 'acme', '--data-dir', dataDir]);
    expect(run.code).toBe(0);
    const records = run.stdout.trimEnd().split('\n').map((line) => AuditRecord.parse(JSON.parse(line)));
    expect(records.map((record) => record.requestId)).toEqual(['req_cli_2']);
    expect(records[0]?.text?.output?.text).toBe('Sent to [EMAIL_1].');
  });

  it('says what to do when there is no audit file yet, and refuses a bad limit', () => {
    const empty = mkdtempSync(join(tmpdir(), 'switchyard-audit-cli-empty-'));
    const missing = tail(['tail'], {}, empty);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(join(empty, '.data', AUDIT_DATABASE_FILE));
    expect(missing.stderr).toContain('npm start');
    expect(tail(['tail', '--limit', '0'], {}, empty)).toMatchObject({ code: 2, stderr: expect.stringContaining('--limit') });
    expect(tail(['follow'], {}, empty)).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown audit command') });
  });
});
