/** The Node limits store on a real SQLite file: atomic admission, windows, budgets, settlement, restarts. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LimitSubject, ReserveRequest } from '../../edge/stages/03-limits/limiter.ts';
import { openSqliteLimiter, type SqliteLimiter } from './sqlite-limiter.ts';

const START = Date.UTC(2026, 10, 30, 12, 0, 0);
const opened: SqliteLimiter[] = [];

function open(path = join(mkdtempSync(join(tmpdir(), 'switchyard-limits-')), 'limits.sqlite'), clock = { now: START }) {
  const limiter = openSqliteLimiter({ path, now: () => clock.now });
  opened.push(limiter);
  return { limiter, path, clock };
}

afterEach(() => {
  for (const limiter of opened.splice(0)) limiter.close();
});

let counter = 0;
const reservation = (subjects: LimitSubject[], extra: Partial<ReserveRequest> = {}): ReserveRequest => ({
  reservationId: `r-${++counter}`,
  subjects,
  tokens: 0,
  costNanoUsd: 0,
  timeoutMs: 600_000,
  ...extra,
});
const key = (limits: Partial<LimitSubject['limits']>, id = 'key:acme/k1'): LimitSubject => ({ id, limits: { budgetPeriod: 'month', ...limits } });

describe('SQLite limiter', () => {
  it('admits exactly N of 200 concurrent requests against a limit of N', async () => {
    const { limiter } = open();
    const decisions = await Promise.all(Array.from({ length: 200 }, () => limiter.reserve(reservation([key({ requestsPerMinute: 37 })]))));
    expect(decisions.filter((decision) => decision.admitted)).toHaveLength(37);
    const refused = decisions.find((decision) => !decision.admitted);
    expect(refused).toMatchObject({ admitted: false, reason: 'requests', subject: 'key:acme/k1', retryAfterMs: 60_000 });
  });

  it('slides the window: a slot frees when the oldest request is 60 s old, not at the next minute', async () => {
    const { limiter, clock } = open();
    const subject = key({ requestsPerMinute: 2 });
    expect((await limiter.reserve(reservation([subject]))).admitted).toBe(true);
    clock.now += 20_000;
    expect((await limiter.reserve(reservation([subject]))).admitted).toBe(true);
    const refused = await limiter.reserve(reservation([subject]));
    expect(refused).toMatchObject({ admitted: false, reason: 'requests', retryAfterMs: 40_000 });
    clock.now += 40_000;
    const admitted = await limiter.reserve(reservation([subject]));
    expect(admitted).toMatchObject({ admitted: true, subjects: [{ requests: { limit: 2, remaining: 0, resetMs: 60_000 } }] });
  });

  it('counts reserved tokens, then the real ones once settled', async () => {
    const { limiter } = open();
    const subject = key({ tokensPerMinute: 1000 });
    const first = reservation([subject], { tokens: 800 });
    expect((await limiter.reserve(first)).admitted).toBe(true);
    expect(await limiter.reserve(reservation([subject], { tokens: 300 }))).toMatchObject({ admitted: false, reason: 'tokens' });
    await limiter.settle({ reservationId: first.reservationId, subjectIds: [subject.id], tokens: 120, costNanoUsd: 0 });
    expect(await limiter.reserve(reservation([subject], { tokens: 300 }))).toMatchObject({ admitted: true, subjects: [{ tokens: { remaining: 580 } }] });
  });

  it('holds a budget under concurrency and charges real cost on settlement', async () => {
    const { limiter } = open();
    const subject = key({ budgetNanoUsd: 1_000_000 });
    const decisions = await Promise.all(Array.from({ length: 200 }, () => limiter.reserve(reservation([subject], { tokens: 10, costNanoUsd: 100_000 }))));
    const admitted = decisions.filter((decision) => decision.admitted);
    expect(admitted).toHaveLength(10);
    expect(decisions.find((decision) => !decision.admitted)).toMatchObject({ reason: 'budget', retryAfterMs: Date.UTC(2026, 11, 1) - START });
    expect(limiter.ledger.spentNanoUsd(subject.id, subject.limits, START)).toEqual({ settled: 0, reserved: 1_000_000 });

    // Settle the first reservation at a tenth of what was reserved: the rest goes back to the budget.
    await limiter.settle({ reservationId: `r-${counter - 199}`, subjectIds: [subject.id], tokens: 1, costNanoUsd: 10_000 });
    expect(limiter.ledger.spentNanoUsd(subject.id, subject.limits, START)).toEqual({ settled: 10_000, reserved: 900_000 });
    expect((await limiter.reserve(reservation([subject], { costNanoUsd: 90_000 }))).admitted).toBe(true);
    expect((await limiter.reserve(reservation([subject], { costNanoUsd: 1 }))).admitted).toBe(false);
    // Free requests (unpriced models) still go through an exhausted budget.
    expect((await limiter.reserve(reservation([subject], { costNanoUsd: 0 }))).admitted).toBe(true);
  });

  it('starts a daily budget over at midnight UTC', async () => {
    const { limiter, clock } = open();
    const subject = key({ budgetNanoUsd: 100, budgetPeriod: 'day' });
    const spend = reservation([subject], { costNanoUsd: 100 });
    await limiter.reserve(spend);
    await limiter.settle({ reservationId: spend.reservationId, subjectIds: [subject.id], tokens: 0, costNanoUsd: 100 });
    expect((await limiter.reserve(reservation([subject], { costNanoUsd: 1 }))).admitted).toBe(false);
    clock.now = Date.UTC(2026, 11, 1, 0, 0, 1);
    expect((await limiter.reserve(reservation([subject], { costNanoUsd: 100 }))).admitted).toBe(true);
  });

  it('charges a reservation that is never settled in full once it times out', async () => {
    const { limiter, clock } = open();
    const subject = key({ budgetNanoUsd: 1000 });
    await limiter.reserve(reservation([subject], { costNanoUsd: 400, timeoutMs: 60_000 }));
    clock.now += 61_000;
    await limiter.reserve(reservation([subject]));
    expect(limiter.ledger.spentNanoUsd(subject.id, subject.limits, clock.now)).toEqual({ settled: 400, reserved: 0 });
  });

  it('admits all subjects or none: a tenant refusal records nothing for the key', async () => {
    const { limiter } = open();
    const keySubject = key({ requestsPerMinute: 10 });
    const tenant = key({ requestsPerMinute: 1 }, 'tenant:acme');
    expect((await limiter.reserve(reservation([keySubject, tenant]))).admitted).toBe(true);
    expect(await limiter.reserve(reservation([keySubject, tenant]))).toMatchObject({ admitted: false, subject: 'tenant:acme' });
    expect(await limiter.reserve(reservation([keySubject]))).toMatchObject({ admitted: true, subjects: [{ requests: { remaining: 8 } }] });
  });

  it('keeps budgets and windows across a restart (close and reopen the file)', async () => {
    const first = open();
    const subject = key({ requestsPerMinute: 3, budgetNanoUsd: 500 });
    const spend = reservation([subject], { costNanoUsd: 300 });
    await first.limiter.reserve(spend);
    await first.limiter.settle({ reservationId: spend.reservationId, subjectIds: [subject.id], tokens: 10, costNanoUsd: 300 });
    await first.limiter.reserve(reservation([subject]));
    first.limiter.close();
    opened.splice(opened.indexOf(first.limiter), 1);

    const second = open(first.path, first.clock);
    expect(second.limiter.ledger.spentNanoUsd(subject.id, subject.limits, START)).toEqual({ settled: 300, reserved: 0 });
    expect(await second.limiter.reserve(reservation([subject], { costNanoUsd: 300 }))).toMatchObject({ admitted: false, reason: 'budget' });
    expect(await second.limiter.reserve(reservation([subject]))).toMatchObject({ admitted: true, subjects: [{ requests: { remaining: 0 } }] });
  });
});
