/**
 * A bounded queue in front of a model that can run only so many requests at once (generation).
 * A request either gets a slot, waits in line (FIFO), or is refused at once: queue full, or its
 * deadline cannot be met. A waiting request that is cancelled leaves the line; a running one
 * releases its slot when it stops, which admits the next in line.
 */
import {
  DurationEstimate,
  abortReason,
  type RefusalReason,
  deadlineExpiredInQueueError,
  deadlineUnmeetableError,
  queueFullError,
} from './admission.ts';

export interface ConcurrencyGateOptions {
  modelId: string;
  /** Requests running at once. */
  maxConcurrent: number;
  /** Requests that may wait for a slot; more are refused. */
  maxQueued: number;
  /** Told about every refusal (metrics). Must not throw. */
  onRefuse?: (reason: RefusalReason) => void;
  now?: () => number;
}

export interface AcquireOptions {
  signal?: AbortSignal;
  deadlineAt?: number;
}

export interface Permit {
  /** Frees the slot. `observe: false` keeps a cut-short run out of the duration estimate. Idempotent. */
  release(options?: { observe?: boolean }): void;
}

export interface GateStats {
  running: number;
  queued: number;
  maxConcurrent: number;
  maxQueued: number;
  /** Mean observed duration of one request, ms; undefined before the first. */
  meanServiceMs: number | undefined;
  /** What a request arriving now would wait, ms. */
  estimatedWaitMs: number;
}

interface Waiter {
  grant: () => void;
  refuse: (error: unknown) => void;
}

export class ConcurrencyGate {
  readonly modelId: string;
  readonly maxConcurrent: number;
  readonly maxQueued: number;
  readonly #now: () => number;
  readonly #onRefuse: ((reason: RefusalReason) => void) | undefined;
  readonly #service = new DurationEstimate();
  readonly #waiting: Waiter[] = [];
  #running = 0;

  constructor({ modelId, maxConcurrent, maxQueued, onRefuse, now = Date.now }: ConcurrencyGateOptions) {
    if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) throw new Error('ConcurrencyGate requires "maxConcurrent" >= 1');
    if (!Number.isInteger(maxQueued) || maxQueued < 0) throw new Error('ConcurrencyGate requires "maxQueued" >= 0');
    this.modelId = modelId;
    this.maxConcurrent = maxConcurrent;
    this.maxQueued = maxQueued;
    this.#now = now;
    this.#onRefuse = onRefuse;
  }

  #refuse(reason: RefusalReason, error: Error): Promise<never> {
    this.#onRefuse?.(reason);
    return Promise.reject(error);
  }

  /**
   * Expected wait for a newcomer: the requests ahead, spread over the slots, plus half a request
   * for the slot that frees first (runs are on average half done).
   */
  estimatedWaitMs(): number {
    if (this.#running < this.maxConcurrent && this.#waiting.length === 0) return 0;
    const service = this.#service.value ?? 0;
    return (this.#waiting.length / this.maxConcurrent + 0.5) * service;
  }

  stats(): GateStats {
    return {
      running: this.#running,
      queued: this.#waiting.length,
      maxConcurrent: this.maxConcurrent,
      maxQueued: this.maxQueued,
      meanServiceMs: this.#service.value,
      estimatedWaitMs: this.estimatedWaitMs(),
    };
  }

  /** Resolves with a permit once a slot is free; rejects at once when the request cannot be admitted. */
  acquire({ signal, deadlineAt }: AcquireOptions = {}): Promise<Permit> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.#running < this.maxConcurrent && this.#waiting.length === 0) return Promise.resolve(this.#take());

    const estimatedWaitMs = this.estimatedWaitMs();
    if (this.#waiting.length >= this.maxQueued) {
      return this.#refuse('queue_full', queueFullError(this.modelId, this.#waiting.length, this.maxQueued, estimatedWaitMs));
    }
    const arrivedAt = this.#now();
    if (deadlineAt !== undefined) {
      const ownServiceMs = this.#service.value ?? 0;
      if (arrivedAt + estimatedWaitMs + ownServiceMs > deadlineAt) {
        return this.#refuse('deadline_unmeetable', deadlineUnmeetableError(this.modelId, estimatedWaitMs + ownServiceMs, deadlineAt - arrivedAt));
      }
    }

    return new Promise<Permit>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const leave = () => {
        const index = this.#waiting.indexOf(waiter);
        if (index >= 0) this.#waiting.splice(index, 1);
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        leave();
        reject(abortReason(signal as AbortSignal));
      };
      const waiter: Waiter = {
        grant: () => {
          leave();
          resolve(this.#take());
        },
        refuse: (error) => {
          leave();
          reject(error);
        },
      };
      this.#waiting.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (deadlineAt !== undefined) {
        timer = setTimeout(() => {
          this.#onRefuse?.('deadline_exceeded');
          waiter.refuse(deadlineExpiredInQueueError(this.modelId, this.#now() - arrivedAt));
        }, Math.max(0, deadlineAt - arrivedAt));
      }
    });
  }

  #take(): Permit {
    this.#running++;
    const startedAt = this.#now();
    let released = false;
    return {
      release: ({ observe = true } = {}) => {
        if (released) return;
        released = true;
        this.#running--;
        if (observe) this.#service.observe(this.#now() - startedAt);
        this.#waiting[0]?.grant();
      },
    };
  }
}
