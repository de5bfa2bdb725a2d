/**
 * The counting itself, written once against synchronous SQLite, which both runtimes have: Durable
 * Object storage (`ctx.storage.sql`) on the edge and better-sqlite3 on Node. Every operation is one
 * transaction with no await inside, so concurrent requests cannot interleave between the check
 * and the write: that is what makes "exactly N admitted" hold.
 *
 * Windows slide over the last 60 one-second buckets (not fixed minutes, so a burst at a minute
 * boundary cannot get 2N through), and a check reads at most 60 rows whatever the traffic.
 * Reservations live in their own table only while their request is in flight.
 */
import type { LimitReason, LimitSubject, ReleaseRequest, ReserveDecision, ReserveRequest, SettleRequest, SubjectLimits, SubjectState } from './limiter.ts';

export const WINDOW_MS = 60_000;
const BUCKET_MS = 1000;
const WINDOW_BUCKETS = WINDOW_MS / BUCKET_MS;

export type SqlValue = string | number | null;

/** Synchronous SQLite, as Durable Object storage and better-sqlite3 both provide it. */
export interface SqlDatabase {
  /** Runs one statement; returns its rows (none for writes). */
  query(sql: string, ...params: SqlValue[]): Record<string, unknown>[];
  /** Runs `work` atomically: all of its writes or none. */
  transaction<T>(work: () => T): T;
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS limit_windows (
    subject TEXT NOT NULL,
    bucket INTEGER NOT NULL,
    requests INTEGER NOT NULL,
    tokens INTEGER NOT NULL,
    PRIMARY KEY (subject, bucket)
  )`,
  `CREATE TABLE IF NOT EXISTS limit_reservations (
    reservation_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    bucket INTEGER NOT NULL,
    tokens INTEGER NOT NULL,
    reserved_nano_usd INTEGER NOT NULL,
    period TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (reservation_id, subject)
  )`,
  'CREATE INDEX IF NOT EXISTS limit_reservations_subject ON limit_reservations (subject, expires_at)',
  `CREATE TABLE IF NOT EXISTS limit_spend (
    subject TEXT NOT NULL,
    period TEXT NOT NULL,
    spent_nano_usd INTEGER NOT NULL,
    PRIMARY KEY (subject, period)
  )`,
];

const ADD_SPEND = `INSERT INTO limit_spend (subject, period, spent_nano_usd) VALUES (?, ?, ?)
  ON CONFLICT (subject, period) DO UPDATE SET spent_nano_usd = spent_nano_usd + excluded.spent_nano_usd`;

const ADD_TO_WINDOW = `INSERT INTO limit_windows (subject, bucket, requests, tokens) VALUES (?, ?, ?, ?)
  ON CONFLICT (subject, bucket) DO UPDATE SET requests = requests + excluded.requests, tokens = tokens + excluded.tokens`;

interface Refusal {
  reason: LimitReason;
  subject: string;
  retryAfterMs: number | undefined;
}

const bucketOf = (time: number) => Math.floor(time / BUCKET_MS);
/** When a bucket stops counting: 60 s after it began. */
const leavesWindowAt = (bucket: number) => (bucket + WINDOW_BUCKETS) * BUCKET_MS;

/**
 * Reservations, settlements and spend for any number of subjects in one SQLite database.
 *
 * @example
 * const ledger = new LimitLedger(database)
 * const decision = ledger.reserve({ reservationId, subjects, tokens: 300, costNanoUsd: 0, timeoutMs: 600_000 }, Date.now())
 */
export class LimitLedger {
  constructor(private readonly database: SqlDatabase) {
    for (const statement of SCHEMA) database.query(statement);
  }

  reserve(request: ReserveRequest, now: number): ReserveDecision {
    return this.database.transaction(() => {
      const states: SubjectState[] = [];
      let refusal: Refusal | undefined;
      for (const subject of request.subjects) {
        const checked = this.check(subject, request, now);
        states.push(checked.state);
        refusal ??= checked.refusal;
      }
      if (refusal) {
        const { retryAfterMs, ...rest } = refusal;
        return { admitted: false, ...rest, ...(retryAfterMs === undefined ? {} : { retryAfterMs }), subjects: states };
      }
      const bucket = bucketOf(now);
      // Nothing reserved, nothing to settle: such a row only lets the request be released, for one window.
      const expiresAt = request.tokens === 0 && request.costNanoUsd === 0 ? now + WINDOW_MS : now + request.timeoutMs;
      for (const subject of request.subjects) {
        this.database.query(ADD_TO_WINDOW, subject.id, bucket, 1, request.tokens);
        this.database.query(
          'INSERT INTO limit_reservations (reservation_id, subject, bucket, tokens, reserved_nano_usd, period, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          request.reservationId,
          subject.id,
          bucket,
          request.tokens,
          request.costNanoUsd,
          periodOf(subject.limits.budgetPeriod, now),
          expiresAt,
        );
      }
      return { admitted: true, subjects: states.map((state) => afterAdmission(state, request, now)) };
    });
  }

  /** Replaces the reservation with real usage: tokens stay in the window, cost moves to spend. */
  settle(request: SettleRequest, now: number): void {
    this.database.transaction(() => {
      for (const row of this.reservations(request.reservationId, request.subjectIds)) {
        this.database.query(
          'UPDATE limit_windows SET tokens = MAX(0, tokens - ? + ?) WHERE subject = ? AND bucket = ?',
          row.tokens,
          request.tokens,
          row.subject,
          row.bucket,
        );
        if (request.costNanoUsd > 0) this.database.query(ADD_SPEND, row.subject, row.period, request.costNanoUsd);
        this.database.query('DELETE FROM limit_reservations WHERE reservation_id = ? AND subject = ?', request.reservationId, row.subject);
      }
    });
  }

  /** Takes the request out of the window and drops its reservation, as if it never came. */
  release(request: ReleaseRequest): void {
    this.database.transaction(() => {
      for (const row of this.reservations(request.reservationId, request.subjectIds)) {
        this.database.query(
          'UPDATE limit_windows SET requests = MAX(0, requests - 1), tokens = MAX(0, tokens - ?) WHERE subject = ? AND bucket = ?',
          row.tokens,
          row.subject,
          row.bucket,
        );
        this.database.query('DELETE FROM limit_reservations WHERE reservation_id = ? AND subject = ?', request.reservationId, row.subject);
      }
    });
  }

  /** Spend so far in the current period, settled and reserved (for tests and tools). */
  spentNanoUsd(subject: string, limits: Pick<SubjectLimits, 'budgetPeriod'>, now: number): { settled: number; reserved: number } {
    const period = periodOf(limits.budgetPeriod, now);
    return { settled: this.settledSpend(subject, period), reserved: this.reservedSpend(subject, period) };
  }

  private reservations(reservationId: string, subjectIds: readonly string[]) {
    return this.database
      .query(
        `SELECT subject, bucket, tokens, period FROM limit_reservations WHERE reservation_id = ? AND subject IN (${placeholders(subjectIds)})`,
        reservationId,
        ...subjectIds,
      )
      .map((row) => ({ subject: stringAt(row, 'subject'), bucket: numberAt(row, 'bucket'), tokens: numberAt(row, 'tokens'), period: stringAt(row, 'period') }));
  }

  /**
   * Charges a subject's reservations that were never settled, in full, and forgets its buckets
   * older than the window. Per subject, on its own next request: no table-wide scans, no extra index.
   */
  private sweep(subject: string, now: number): void {
    const expired = this.database.query('SELECT reservation_id, period, reserved_nano_usd FROM limit_reservations WHERE subject = ? AND expires_at <= ?', subject, now);
    for (const row of expired) {
      const reserved = numberAt(row, 'reserved_nano_usd');
      if (reserved > 0) this.database.query(ADD_SPEND, subject, stringAt(row, 'period'), reserved);
      this.database.query('DELETE FROM limit_reservations WHERE reservation_id = ? AND subject = ?', stringAt(row, 'reservation_id'), subject);
    }
    this.database.query('DELETE FROM limit_windows WHERE subject = ? AND bucket <= ?', subject, bucketOf(now) - WINDOW_BUCKETS);
  }

  private check(subject: LimitSubject, request: ReserveRequest, now: number): { state: SubjectState; refusal?: Refusal } {
    this.sweep(subject.id, now);
    const { limits } = subject;
    const state: SubjectState = { subject: subject.id };
    let refusal: Refusal | undefined;
    const refuse = (reason: LimitReason, retryAfterMs: number | undefined) => {
      refusal ??= { reason, subject: subject.id, retryAfterMs };
    };

    // The budget is checked first: when it is used up, waiting a minute will not help, and the caller should hear that.
    if (limits.budgetNanoUsd !== undefined) {
      const period = periodOf(limits.budgetPeriod, now);
      const remaining = limits.budgetNanoUsd - this.settledSpend(subject.id, period) - this.reservedSpend(subject.id, period);
      state.budget = { limitNanoUsd: limits.budgetNanoUsd, remainingNanoUsd: Math.max(0, remaining) };
      if (request.costNanoUsd > 0 && request.costNanoUsd > remaining) refuse('budget', nextPeriodStart(limits.budgetPeriod, now) - now || undefined);
    }
    if (limits.requestsPerMinute === undefined && limits.tokensPerMinute === undefined) return { state, refusal };

    const buckets = this.database
      .query('SELECT bucket, requests, tokens FROM limit_windows WHERE subject = ? AND bucket > ? ORDER BY bucket', subject.id, bucketOf(now) - WINDOW_BUCKETS)
      .map((row) => ({ bucket: numberAt(row, 'bucket'), requests: numberAt(row, 'requests'), tokens: numberAt(row, 'tokens') }));
    let requests = 0;
    let tokens = 0;
    for (const bucket of buckets) {
      requests += bucket.requests;
      tokens += bucket.tokens;
    }
    const newest = buckets.at(-1);
    const resetMs = newest ? leavesWindowAt(newest.bucket) - now : 0;

    if (limits.requestsPerMinute !== undefined) {
      state.requests = { limit: limits.requestsPerMinute, remaining: Math.max(0, limits.requestsPerMinute - requests), resetMs };
      if (requests + 1 > limits.requestsPerMinute) refuse('requests', freedAfter(buckets, 'requests', requests + 1 - limits.requestsPerMinute, now));
    }
    if (limits.tokensPerMinute !== undefined) {
      state.tokens = { limit: limits.tokensPerMinute, remaining: Math.max(0, limits.tokensPerMinute - tokens), resetMs };
      if (tokens + request.tokens > limits.tokensPerMinute) {
        refuse('tokens', request.tokens > limits.tokensPerMinute ? undefined : freedAfter(buckets, 'tokens', tokens + request.tokens - limits.tokensPerMinute, now));
      }
    }
    return { state, refusal };
  }

  private settledSpend(subject: string, period: string): number {
    const [row] = this.database.query('SELECT spent_nano_usd FROM limit_spend WHERE subject = ? AND period = ?', subject, period);
    return row ? numberAt(row, 'spent_nano_usd') : 0;
  }

  private reservedSpend(subject: string, period: string): number {
    const [row] = this.database.query('SELECT COALESCE(SUM(reserved_nano_usd), 0) AS reserved FROM limit_reservations WHERE subject = ? AND period = ?', subject, period);
    return numberAt(row, 'reserved');
  }
}

/** How long until the oldest buckets have taken `excess` (requests or tokens) out of the window with them. */
function freedAfter(buckets: readonly { bucket: number; requests: number; tokens: number }[], kind: 'requests' | 'tokens', excess: number, now: number): number {
  let freed = 0;
  for (const bucket of buckets) {
    freed += bucket[kind];
    if (freed >= excess) return Math.max(0, leavesWindowAt(bucket.bucket) - now);
  }
  return WINDOW_MS;
}

function afterAdmission(state: SubjectState, request: ReserveRequest, now: number): SubjectState {
  const resetMs = leavesWindowAt(bucketOf(now)) - now;
  return {
    subject: state.subject,
    ...(state.requests ? { requests: { ...state.requests, remaining: Math.max(0, state.requests.remaining - 1), resetMs } } : {}),
    ...(state.tokens ? { tokens: { ...state.tokens, remaining: Math.max(0, state.tokens.remaining - request.tokens), resetMs } } : {}),
    ...(state.budget ? { budget: { ...state.budget, remainingNanoUsd: Math.max(0, state.budget.remainingNanoUsd - request.costNanoUsd) } } : {}),
  };
}

/** The budget period a moment falls in (UTC): `total`, `2026-11-30` or `2026-11`. */
export function periodOf(kind: SubjectLimits['budgetPeriod'], now: number): string {
  if (kind === 'total') return 'total';
  const iso = new Date(now).toISOString();
  return kind === 'day' ? iso.slice(0, 10) : iso.slice(0, 7);
}

/** When the next budget period starts; `now` for `total`, which never starts over. */
export function nextPeriodStart(kind: SubjectLimits['budgetPeriod'], now: number): number {
  const date = new Date(now);
  if (kind === 'day') return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1);
  if (kind === 'month') return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  return now;
}

function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

function numberAt(row: Record<string, unknown> | undefined, column: string): number {
  const value = row?.[column];
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value === null || value === undefined) return 0;
  throw new TypeError(`limits ledger: column ${column} is not a number`);
}

function stringAt(row: Record<string, unknown>, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw new TypeError(`limits ledger: column ${column} is not text`);
  return value;
}
