/**
 * The contract between the limits stage and the stores that count: a Durable Object per subject
 * on the edge (edge/adapters/limits-durable-object.ts), SQLite in-process on Node
 * (node-runtime/limits/sqlite-limiter.ts). Plain JSON so it crosses a Durable Object fetch.
 */
import { z } from 'zod';

/** One subject's limits, with the budget in nano-USD (integers: no drift from summing floats). */
export const SubjectLimits = z.strictObject({
  requestsPerMinute: z.int().min(1).optional(),
  tokensPerMinute: z.int().min(1).optional(),
  budgetNanoUsd: z.int().min(1).optional(),
  budgetPeriod: z.enum(['total', 'day', 'month']),
});
export type SubjectLimits = z.infer<typeof SubjectLimits>;

/** Something limits apply to: `key:<tenant>/<key id>` or `tenant:<tenant>`. */
export const LimitSubject = z.strictObject({ id: z.string().min(1).max(300), limits: SubjectLimits });
export type LimitSubject = z.infer<typeof LimitSubject>;

export const ReserveRequest = z.strictObject({
  reservationId: z.string().min(1).max(100),
  subjects: z.array(LimitSubject).min(1).max(8),
  /** Prompt estimate plus the completion tokens the caller may use. */
  tokens: z.int().min(0),
  /** The most the request can cost at the requested model's price. */
  costNanoUsd: z.int().min(0),
  /** An unsettled reservation is charged in full after this long. */
  timeoutMs: z.int().min(1),
});
export type ReserveRequest = z.infer<typeof ReserveRequest>;

export const SettleRequest = z.strictObject({
  reservationId: z.string().min(1).max(100),
  subjectIds: z.array(z.string().min(1).max(300)).min(1).max(8),
  /** Real prompt plus completion tokens. */
  tokens: z.int().min(0),
  costNanoUsd: z.int().min(0),
});
export type SettleRequest = z.infer<typeof SettleRequest>;

/** Undoes a reservation as if it never happened (another subject refused the request). */
export const ReleaseRequest = z.strictObject({
  reservationId: z.string().min(1).max(100),
  subjectIds: z.array(z.string().min(1).max(300)).min(1).max(8),
});
export type ReleaseRequest = z.infer<typeof ReleaseRequest>;

const WindowState = z.strictObject({
  limit: z.int(),
  /** After this request, when admitted. */
  remaining: z.int(),
  /** Until the window is empty again (every counted request has aged out). */
  resetMs: z.int().min(0),
});
export type WindowState = z.infer<typeof WindowState>;

export const SubjectState = z.strictObject({
  subject: z.string(),
  requests: WindowState.optional(),
  tokens: WindowState.optional(),
  budget: z.strictObject({ limitNanoUsd: z.int(), remainingNanoUsd: z.int() }).optional(),
});
export type SubjectState = z.infer<typeof SubjectState>;

export const LimitReason = z.enum(['requests', 'tokens', 'budget']);
export type LimitReason = z.infer<typeof LimitReason>;

export const ReserveDecision = z.discriminatedUnion('admitted', [
  z.strictObject({ admitted: z.literal(true), subjects: z.array(SubjectState) }),
  z.strictObject({
    admitted: z.literal(false),
    reason: LimitReason,
    /** The subject that refused. */
    subject: z.string(),
    /** When a retry can succeed; absent when waiting will not help within the window (a used-up budget with no period). */
    retryAfterMs: z.int().min(0).optional(),
    subjects: z.array(SubjectState),
  }),
]);
export type ReserveDecision = z.infer<typeof ReserveDecision>;

/**
 * Atomic admission: `reserve` checks and records every subject's request, tokens and cost at once
 * (all or nothing), `settle` replaces the reservation with what the request really used.
 */
export interface Limiter {
  reserve(request: ReserveRequest): Promise<ReserveDecision>;
  settle(request: SettleRequest): Promise<void>;
}
