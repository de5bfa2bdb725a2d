/**
 * The audit store on Workers: a D1 database (binding `AUDIT_DB` in wrangler.toml). The table is
 * created once per isolate (CREATE TABLE IF NOT EXISTS), so a fresh database needs no migration
 * step; records past retention or beyond the cap are deleted at most once an hour per isolate.
 */
import {
  AUDIT_SCHEMA_STATEMENTS,
  auditRow,
  INSERT_AUDIT_RECORD,
  PRUNE_AUDIT_RECORDS,
  PRUNE_AUDIT_RECORDS_BEYOND,
  PRUNE_INTERVAL_MS,
  retentionCutoff,
  type AuditSink,
} from '../../shared/audit/index.ts';
import type { Logger } from '../../shared/log/index.ts';

type D1Value = string | number | null;

/** The slice of D1's binding this sink uses. */
export interface D1PreparedStatement {
  bind(...values: D1Value[]): D1PreparedStatement;
  run(): Promise<unknown>;
  all(): Promise<{ results?: unknown[] }>;
}

export interface D1Database {
  prepare(query: string): D1PreparedStatement;
  batch(statements: D1PreparedStatement[]): Promise<unknown[]>;
}

export interface D1AuditSinkOptions {
  database: D1Database;
  retentionDays: number;
  /** Most records kept (the oldest go first); no cap when absent. */
  maxRecords?: number;
  now?: () => number;
  /** Where a failed prune is reported (class name only); silent by default. */
  logger?: Logger;
}

const schemaReady = new WeakMap<D1Database, Promise<void>>();

function ensureSchema(database: D1Database): Promise<void> {
  let ready = schemaReady.get(database);
  if (!ready) {
    ready = database.batch(AUDIT_SCHEMA_STATEMENTS.map((statement) => database.prepare(statement))).then(() => undefined);
    // A failed attempt is retried by the next write rather than cached.
    ready.catch(() => schemaReady.delete(database));
    schemaReady.set(database, ready);
  }
  return ready;
}

/**
 * Writes audit records to D1, one insert per request (each request writes through its own
 * waitUntil; D1 serializes writes). Pruning runs after an insert, on its own: a prune that fails
 * never costs the record.
 *
 * @example createEdgeApp({ …, audit: d1AuditSink({ database: env.AUDIT_DB, retentionDays: config.audit.retentionDays, maxRecords: config.audit.maxRecords }) })
 */
export function d1AuditSink({ database, retentionDays, maxRecords, now = Date.now, logger }: D1AuditSinkOptions): AuditSink {
  if (!database) throw new Error('d1AuditSink requires "database"');
  let prunedAt = Number.NEGATIVE_INFINITY;
  return {
    async write(record) {
      await ensureSchema(database);
      await database.prepare(INSERT_AUDIT_RECORD).bind(...auditRow(record)).run();
      const moment = now();
      if (moment - prunedAt < PRUNE_INTERVAL_MS) return;
      prunedAt = moment;
      try {
        const prunes = [database.prepare(PRUNE_AUDIT_RECORDS).bind(retentionCutoff(moment, retentionDays))];
        if (maxRecords !== undefined) prunes.push(database.prepare(PRUNE_AUDIT_RECORDS_BEYOND).bind(maxRecords - 1));
        await database.batch(prunes);
      } catch (error) {
        logger?.log('error', 'audit-prune-fail', { cause: error instanceof Error ? error.name : typeof error, fix: 'check the AUDIT_DB binding and the database size in the Cloudflare dashboard; pruning is tried again in an hour' });
      }
    },
  };
}
