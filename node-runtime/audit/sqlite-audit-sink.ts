/**
 * The Node audit store: SQLite (better-sqlite3) in the data directory next to the limits ledger.
 * Records that arrive together are written in one transaction with one prepared insert; records
 * past retention or beyond the cap are deleted at open and then at most once an hour. WAL keeps
 * readers (such as `switchyard audit tail`) from blocking the writer.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../../shared/log/index.ts';
import {
  AUDIT_SCHEMA_STATEMENTS,
  auditRow,
  INSERT_AUDIT_RECORD,
  PRUNE_AUDIT_RECORDS,
  PRUNE_AUDIT_RECORDS_BEYOND,
  PRUNE_INTERVAL_MS,
  RECENT_AUDIT_RECORDS,
  RECENT_TENANT_AUDIT_RECORDS,
  retentionCutoff,
  StoredAuditRecord,
  type AuditRecord,
  type AuditRow,
  type AuditSink,
} from '../../shared/audit/index.ts';

export const AUDIT_DATABASE_FILE = 'audit.sqlite';

export interface SqliteAuditSinkOptions {
  /** The database file (its folder is created), or `:memory:`. */
  path: string;
  retentionDays: number;
  /** Most records kept (the oldest go first); no cap when absent. */
  maxRecords?: number;
  now?: () => number;
  /** Where a failed prune is reported (class name only); silent by default. */
  logger?: Logger;
}

export interface SqliteAuditSink extends AuditSink {
  /** Writes what is queued now, in one transaction. */
  flush(): void;
  /** Transactions committed so far (each holds every record queued when it ran). */
  readonly transactions: number;
  /** Flushes, then closes the database; later writes are refused. */
  close(): void;
}

interface Pending {
  row: AuditRow;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function openDatabase(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  // Like the limits ledger: commits are not fsynced one by one; a power cut may lose the last moments, never corrupts.
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  for (const statement of AUDIT_SCHEMA_STATEMENTS) database.exec(statement);
  return database;
}

/**
 * Opens (or creates) the audit database.
 *
 * @example const sink = openSqliteAuditSink({ path: '.data/audit.sqlite', retentionDays: 30 })
 */
export function openSqliteAuditSink({ path, retentionDays, maxRecords, now = Date.now, logger }: SqliteAuditSinkOptions): SqliteAuditSink {
  const database = openDatabase(path);
  const insert = database.prepare(INSERT_AUDIT_RECORD);
  const pruneOld = database.prepare(PRUNE_AUDIT_RECORDS);
  const pruneBeyond = database.prepare(PRUNE_AUDIT_RECORDS_BEYOND);
  const prune = (moment: number) => {
    pruneOld.run(retentionCutoff(moment, retentionDays));
    if (maxRecords !== undefined) pruneBeyond.run(maxRecords - 1);
  };
  let prunedAt = now();
  prune(prunedAt);
  const insertAll = database.transaction((rows: readonly AuditRow[]) => {
    for (const row of rows) insert.run(...row);
  });

  let queue: Pending[] = [];
  let transactions = 0;
  let closed = false;

  const flush = () => {
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    try {
      insertAll(batch.map((pending) => pending.row));
      transactions += 1;
      for (const pending of batch) pending.resolve();
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
    const moment = now();
    if (moment - prunedAt >= PRUNE_INTERVAL_MS) {
      prunedAt = moment;
      // flush runs from setImmediate: a throw here (a locked or full disk) would end the process.
      try {
        prune(moment);
      } catch (error) {
        logger?.log('error', 'audit-prune-fail', { cause: error instanceof Error ? error.name : typeof error, fix: `check that ${path} is writable and its disk has room; pruning is tried again in an hour` });
      }
    }
  };

  return {
    write(record: AuditRecord) {
      if (closed) return Promise.reject(new Error(`The audit store ${path} is closed.`));
      return new Promise<void>((resolve, reject) => {
        // The first record of a batch schedules the flush; records of the same moment join it.
        if (queue.push({ row: auditRow(record), resolve, reject }) === 1) setImmediate(flush);
      });
    },
    flush,
    get transactions() {
      return transactions;
    },
    close() {
      if (closed) return;
      flush();
      closed = true;
      database.close();
    },
  };
}

export interface ReadAuditOptions {
  path: string;
  limit: number;
  tenantId?: string;
}

/** A stored record, or the raw JSON when it is of a version this build does not know. */
export type ReadAuditRecord = { record: StoredAuditRecord } | { unreadable: string };

/** The newest records, oldest first (as `tail` prints them). The file must exist. */
export function readRecentAuditRecords({ path, limit, tenantId }: ReadAuditOptions): ReadAuditRecord[] {
  const database = new Database(path, { fileMustExist: true });
  try {
    database.pragma('busy_timeout = 5000');
    const rows: unknown[] =
      tenantId === undefined ? database.prepare(RECENT_AUDIT_RECORDS).all(limit) : database.prepare(RECENT_TENANT_AUDIT_RECORDS).all(tenantId, limit);
    return rows.reverse().map((row) => {
      const json = typeof row === 'object' && row !== null && 'record' in row ? String(row.record) : '';
      try {
        return { record: StoredAuditRecord.parse(JSON.parse(json)) };
      } catch {
        return { unreadable: json };
      }
    });
  } finally {
    database.close();
  }
}
