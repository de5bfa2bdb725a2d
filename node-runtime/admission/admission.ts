/**
 * Shared pieces of admission control: the per-request deadline, the running estimate of how long
 * one unit of work takes, and the errors a refused request gets. Refusals are 503s with a
 * Retry-After, so the edge (or the runtime's own fallbacks) can go elsewhere at once instead of
 * piling more work onto a busy model.
 */
import { ServiceUnavailableError, TimeoutError } from '../../shared/errors/index.ts';
import type { RunOptions } from '../../shared/spec/model-runner.ts';

/** Run options with the request's deadline, which the runtime's own runners honour. */
export interface AdmissionRunOptions extends RunOptions {
  /** Epoch milliseconds after which the caller no longer wants the answer. */
  deadlineAt?: number;
}

/** Exponentially weighted mean of observed durations; undefined until the first observation. */
export class DurationEstimate {
  #value: number | undefined;

  constructor(private readonly weight = 0.2) {}

  get value(): number | undefined {
    return this.#value;
  }

  observe(durationMs: number): void {
    if (!Number.isFinite(durationMs) || durationMs < 0) return;
    this.#value = this.#value === undefined ? durationMs : this.#value + this.weight * (durationMs - this.#value);
  }
}

export type RefusalReason = 'queue_full' | 'deadline_unmeetable' | 'deadline_exceeded';

function retryAfterSeconds(estimatedWaitMs: number): number {
  return Math.max(1, Math.ceil(estimatedWaitMs / 1000));
}

/** 503: the model's queue is full. */
export function queueFullError(modelId: string, waiting: number, limit: number, estimatedWaitMs: number): ServiceUnavailableError {
  return new ServiceUnavailableError({
    message:
      `Model "${modelId}" is at capacity: ${waiting} waiting (limit ${limit}). ` +
      `Retry after about ${retryAfterSeconds(estimatedWaitMs)} s, or send the request to another target.`,
    code: 'model_overloaded',
    retryAfterSeconds: retryAfterSeconds(estimatedWaitMs),
  });
}

/** 503: the estimated wait already exceeds what the request's deadline leaves. */
export function deadlineUnmeetableError(modelId: string, estimatedMs: number, remainingMs: number): ServiceUnavailableError {
  return new ServiceUnavailableError({
    message:
      `Model "${modelId}" cannot answer within the request's deadline: about ${Math.round(estimatedMs)} ms of work is ahead ` +
      `and ${Math.max(0, Math.round(remainingMs))} ms remain. Retry later, raise x-switchyard-timeout-ms, or use another target.`,
    code: 'deadline_unmeetable',
    retryAfterSeconds: retryAfterSeconds(estimatedMs),
  });
}

/** 503: the deadline passed while the request was still waiting for the model. */
export function deadlineExpiredInQueueError(modelId: string, waitedMs: number): ServiceUnavailableError {
  return new ServiceUnavailableError({
    message: `The request's deadline passed after ${Math.round(waitedMs)} ms waiting for model "${modelId}". Retry later or raise x-switchyard-timeout-ms.`,
    code: 'deadline_exceeded',
    retryAfterSeconds: 1,
  });
}

/** 504: the deadline passed while the model was working on the request. */
export function deadlineExpiredWhileRunningError(modelId: string): TimeoutError {
  return new TimeoutError({
    message: `Model "${modelId}" did not finish before the request's deadline; generation was stopped. Ask for fewer tokens or raise x-switchyard-timeout-ms.`,
    code: 'deadline_exceeded',
  });
}

/** Rejects with the signal's reason, like fetch does when aborted. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/** A request that holds a slot: its work stops when the caller aborts or the deadline passes. */
export interface AdmittedRun {
  /** Aborts on caller cancellation or at the deadline. */
  signal: AbortSignal;
  /** True when the deadline, not the caller, stopped the work. */
  deadlinePassed(): boolean;
  /** Frees the slot; `observe: false` keeps a cut-short run out of the duration estimate. Idempotent. */
  finish(options?: { observe?: boolean }): void;
}

/** What admit() needs from a gate; ConcurrencyGate implements it. */
export interface SlotGate {
  acquire(options: { signal?: AbortSignal; deadlineAt?: number }): Promise<{ release(options?: { observe?: boolean }): void }>;
}

/**
 * Waits for a slot (or is refused at once), then arms the deadline.
 *
 * @example
 *   const run = await admit(gate, { signal, deadlineAt });
 *   try { await work(run.signal); } finally { run.finish(); }
 */
export async function admit(gate: SlotGate, { signal, deadlineAt }: { signal?: AbortSignal; deadlineAt?: number }, now: () => number = Date.now): Promise<AdmittedRun> {
  const permit = await gate.acquire({ ...(signal ? { signal } : {}), ...(deadlineAt !== undefined ? { deadlineAt } : {}) });
  const deadline = new AbortController();
  const timer = deadlineAt === undefined ? undefined : setTimeout(() => deadline.abort(), Math.max(0, deadlineAt - now()));
  return {
    signal: signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal,
    deadlinePassed: () => deadline.signal.aborted && signal?.aborted !== true,
    finish: (options) => {
      if (timer) clearTimeout(timer);
      permit.release(options);
    },
  };
}
