/**
 * The audit table, shared by the SQLite sink (Node) and the D1 sink (Workers): a few columns to
 * filter and prune on, and the whole record as JSON.
 */
import type { AuditRecord } from './record.ts';

export const AUDIT_SCHEMA_STATEMENTS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS audit_records (
    seq INTEGER PRIMARY KEY,
    time_ms INTEGER NOT NULL,
    request_id TEXT NOT NULL,
    tenant_id TEXT,
    kind TEXT NOT NULL,
    status INTEGER NOT NULL,
    version INTEGER NOT NULL,
    record TEXT NOT NULL
  )`,
  'CREATE INDEX IF NOT EXISTS audit_records_by_time ON audit_records (time_ms)',
  'CREATE INDEX IF NOT EXISTS audit_records_by_tenant ON audit_records (tenant_id, time_ms)',
  'CREATE INDEX IF NOT EXISTS audit_records_by_request ON audit_records (request_id)',
];

export const INSERT_AUDIT_RECORD = 'INSERT INTO audit_records (time_ms, request_id, tenant_id, kind, status, version, record) VALUES (?, ?, ?, ?, ?, ?, ?)';

/** Deletes records that arrived before the bound parameter (milliseconds since the epoch). */
export const PRUNE_AUDIT_RECORDS = 'DELETE FROM audit_records WHERE time_ms < ?';

/** Deletes all but the newest N records; bind N - 1 (an offset). Fewer records: nothing goes. */
export const PRUNE_AUDIT_RECORDS_BEYOND = 'DELETE FROM audit_records WHERE seq < (SELECT seq FROM audit_records ORDER BY seq DESC LIMIT 1 OFFSET ?)';

/** The newest records first; bind the limit. */
export const RECENT_AUDIT_RECORDS = 'SELECT record FROM audit_records ORDER BY seq DESC LIMIT ?';

/** The newest records of one tenant first; bind the tenant id and the limit. */
export const RECENT_TENANT_AUDIT_RECORDS = 'SELECT record FROM audit_records WHERE tenant_id = ? ORDER BY seq DESC LIMIT ?';

/** How often a sink prunes, at most. */
export const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

export type AuditRow = [timeMs: number, requestId: string, tenantId: string | null, kind: string, status: number, version: number, record: string];

/** The values for INSERT_AUDIT_RECORD, in order. */
export function auditRow(record: AuditRecord): AuditRow {
  return [Date.parse(record.time), record.requestId, record.tenantId ?? null, record.kind, record.status, record.version, JSON.stringify(record)];
}

/** Records that arrived before this instant are past their retention. */
export function retentionCutoff(now: number, retentionDays: number): number {
  return now - retentionDays * 86_400_000;
}
