/**
 * The Node limits store: the same ledger as the edge's Durable Objects, in-process over
 * better-sqlite3. Each reserve/settle is one synchronous IMMEDIATE transaction, so concurrent
 * requests in this process cannot interleave, and a second process on the same file waits for the
 * lock instead of double-counting. The file keeps budgets and windows across restarts.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { LimitLedger, type SqlDatabase, type SqlValue } from '../../edge/stages/03-limits/ledger.ts';
import type { Limiter } from '../../edge/stages/03-limits/limiter.ts';

export interface SqliteLimiterOptions {
  /** The database file (its folder is created), or `:memory:`. */
  path: string;
  now?: () => number;
}

export interface SqliteLimiter extends Limiter {
  readonly ledger: LimitLedger;
  close(): void;
}

export const LIMITS_DATABASE_FILE = 'limits.sqlite';

function betterSqliteDatabase(database: Database.Database): SqlDatabase {
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = database.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
    query(sql: string, ...params: SqlValue[]): Record<string, unknown>[] {
      const statement = prepared(sql);
      if (!statement.reader) {
        statement.run(...params);
        return [];
      }
      const rows: unknown[] = statement.all(...params);
      return rows.filter((row): row is Record<string, unknown> => typeof row === 'object' && row !== null);
    },
    transaction: (work) => database.transaction(work).immediate(),
  };
}

/**
 * Opens (or creates) the limits database.
 *
 * @example const limiter = openSqliteLimiter({ path: '.data/limits.sqlite' })
 */
export function openSqliteLimiter({ path, now = Date.now }: SqliteLimiterOptions): SqliteLimiter {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  // WAL with NORMAL: commits are not fsynced (a power cut may lose the last moments, never corrupts);
  // rarer checkpoints keep the fsyncs off the request path.
  database.pragma('synchronous = NORMAL');
  database.pragma('wal_autocheckpoint = 4000');
  database.pragma('busy_timeout = 5000');
  const ledger = new LimitLedger(betterSqliteDatabase(database));
  return {
    ledger,
    reserve: async (request) => ledger.reserve(request, now()),
    settle: async (request) => ledger.settle(request, now()),
    close: () => database.close(),
  };
}
