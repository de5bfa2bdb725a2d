/**
 * Micro-batching for encoder models: inputs from concurrent requests queue per model and run
 * together, up to `maxBatchSize` per run. The first input to reach an idle batcher waits at most
 * `maxWaitMs` for company; inputs that arrive while a batch runs go in the next batch without
 * further waiting. Each caller gets exactly its own outputs, in its own order.
 *
 * Admission is part of it: inputs beyond `maxQueuedInputs`, or whose deadline the estimated wait
 * already exceeds, are refused at once with a 503; a cancelled request's waiting inputs leave the
 * queue.
 */
import { InvalidRequestError } from '../../shared/errors/index.ts';
import {
  DurationEstimate,
  abortReason,
  deadlineExpiredInQueueError,
  deadlineUnmeetableError,
  queueFullError,
  type RefusalReason,
} from '../admission/admission.ts';

export interface BatchEvent {
  size: number;
  durationMs: number;
  /** How long the oldest input of the batch waited before it ran. */
  oldestWaitMs: number;
  ok: boolean;
}

export interface MicroBatcherOptions<Input, Output> {
  modelId: string;
  maxBatchSize: number;
  maxWaitMs: number;
  maxQueuedInputs: number;
  /** Runs one batch; must return one output per input, in order. */
  runBatch: (inputs: Input[]) => Promise<Output[]>;
  /** Telemetry; must not throw. */
  onBatch?: (event: BatchEvent) => void;
  /** Told about every refusal (metrics). Must not throw. */
  onRefuse?: (reason: RefusalReason) => void;
  now?: () => number;
}

export interface SubmitOptions {
  signal?: AbortSignal;
  deadlineAt?: number;
}

export interface BatcherStats {
  queuedInputs: number;
  batchRunning: boolean;
  maxBatchSize: number;
  maxWaitMs: number;
  maxQueuedInputs: number;
  meanBatchMs: number | undefined;
  estimatedWaitMs: number;
}

interface Job<Output> {
  outputs: Output[];
  remaining: number;
  settled: boolean;
  resolve: (outputs: Output[]) => void;
  reject: (error: unknown) => void;
}

interface Entry<Input, Output> {
  input: Input;
  job: Job<Output>;
  index: number;
  queuedAt: number;
}

export class MicroBatcher<Input, Output> {
  readonly modelId: string;
  readonly maxBatchSize: number;
  readonly maxWaitMs: number;
  readonly maxQueuedInputs: number;
  readonly #runBatch: (inputs: Input[]) => Promise<Output[]>;
  readonly #onBatch: ((event: BatchEvent) => void) | undefined;
  readonly #onRefuse: ((reason: RefusalReason) => void) | undefined;
  readonly #now: () => number;
  readonly #batchDuration = new DurationEstimate();
  #queue: Entry<Input, Output>[] = [];
  #running = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor({ modelId, maxBatchSize, maxWaitMs, maxQueuedInputs, runBatch, onBatch, onRefuse, now = Date.now }: MicroBatcherOptions<Input, Output>) {
    if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) throw new Error('MicroBatcher requires "maxBatchSize" >= 1');
    if (!(maxWaitMs >= 0)) throw new Error('MicroBatcher requires "maxWaitMs" >= 0');
    if (!Number.isInteger(maxQueuedInputs) || maxQueuedInputs < 1) throw new Error('MicroBatcher requires "maxQueuedInputs" >= 1');
    if (typeof runBatch !== 'function') throw new Error('MicroBatcher requires "runBatch"');
    this.modelId = modelId;
    this.maxBatchSize = maxBatchSize;
    this.maxWaitMs = maxWaitMs;
    this.maxQueuedInputs = maxQueuedInputs;
    this.#runBatch = runBatch;
    this.#onBatch = onBatch;
    this.#onRefuse = onRefuse;
    this.#now = now;
  }

  #refuse(reason: RefusalReason, error: Error): Promise<never> {
    this.#onRefuse?.(reason);
    return Promise.reject(error);
  }

  /**
   * Expected wait before `count` new inputs have all run: the rest of the running batch (half on
   * average), every full batch queued ahead, and their own batch.
   */
  estimatedCompletionMs(count = 1): number {
    const batchMs = this.#batchDuration.value ?? 0;
    const batchesNeeded = Math.ceil((this.#queue.length + count) / this.maxBatchSize);
    return (this.#running ? 0.5 * batchMs : this.maxWaitMs) + batchesNeeded * batchMs;
  }

  stats(): BatcherStats {
    return {
      queuedInputs: this.#queue.length,
      batchRunning: this.#running,
      maxBatchSize: this.maxBatchSize,
      maxWaitMs: this.maxWaitMs,
      maxQueuedInputs: this.maxQueuedInputs,
      meanBatchMs: this.#batchDuration.value,
      estimatedWaitMs: this.estimatedCompletionMs(1),
    };
  }

  /** Queues `inputs` and resolves with their outputs in the same order. */
  submit(inputs: readonly Input[], { signal, deadlineAt }: SubmitOptions = {}): Promise<Output[]> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (inputs.length === 0) return Promise.resolve([]);
    if (inputs.length > this.maxQueuedInputs) {
      return Promise.reject(
        new InvalidRequestError({
          message: `Model "${this.modelId}" accepts at most ${this.maxQueuedInputs} inputs per request on this runtime; split the request.`,
          param: 'input',
          code: 'too_many_inputs',
        }),
      );
    }
    const estimatedMs = this.estimatedCompletionMs(inputs.length);
    if (this.#queue.length + inputs.length > this.maxQueuedInputs) {
      return this.#refuse('queue_full', queueFullError(this.modelId, this.#queue.length, this.maxQueuedInputs, estimatedMs));
    }
    const arrivedAt = this.#now();
    if (deadlineAt !== undefined && arrivedAt + estimatedMs > deadlineAt) {
      return this.#refuse('deadline_unmeetable', deadlineUnmeetableError(this.modelId, estimatedMs, deadlineAt - arrivedAt));
    }

    return new Promise<Output[]>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = () => {
        job.settled = true;
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const job: Job<Output> = {
        outputs: new Array<Output>(inputs.length),
        remaining: inputs.length,
        settled: false,
        resolve: (outputs) => {
          finish();
          resolve(outputs);
        },
        reject: (error) => {
          finish();
          // Waiting inputs of a failed or cancelled request must not occupy a batch.
          this.#queue = this.#queue.filter((entry) => entry.job !== job);
          reject(error);
        },
      };
      const onAbort = () => job.reject(abortReason(signal as AbortSignal));
      signal?.addEventListener('abort', onAbort, { once: true });
      if (deadlineAt !== undefined) {
        timer = setTimeout(() => {
          this.#onRefuse?.('deadline_exceeded');
          job.reject(deadlineExpiredInQueueError(this.modelId, this.#now() - arrivedAt));
        }, Math.max(0, deadlineAt - arrivedAt));
      }
      inputs.forEach((input, index) => this.#queue.push({ input, job, index, queuedAt: arrivedAt }));
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#running || this.#queue.length === 0) return;
    if (this.#queue.length >= this.maxBatchSize || this.maxWaitMs === 0) {
      this.#startBatch();
      return;
    }
    this.#timer ??= setTimeout(() => this.#startBatch(), this.maxWaitMs);
  }

  #startBatch(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#running || this.#queue.length === 0) return;
    const batch = this.#queue.splice(0, this.maxBatchSize);
    this.#running = true;
    void this.#run(batch).then(() => {
      this.#running = false;
      // Inputs that queued meanwhile have waited long enough: run them now.
      if (this.#queue.length > 0) this.#startBatch();
    });
  }

  async #run(batch: Entry<Input, Output>[]): Promise<void> {
    const startedAt = this.#now();
    const oldestWaitMs = startedAt - Math.min(...batch.map((entry) => entry.queuedAt));
    let outputs: Output[] | undefined;
    let failure: unknown;
    try {
      outputs = await this.#runBatch(batch.map((entry) => entry.input));
      if (outputs.length !== batch.length) throw new Error(`runBatch returned ${outputs.length} outputs for ${batch.length} inputs`);
    } catch (error) {
      outputs = undefined;
      failure = error;
    }
    // Before callers hear back, so their next request is admitted on the updated estimate.
    const durationMs = this.#now() - startedAt;
    if (outputs) this.#batchDuration.observe(durationMs);
    this.#onBatch?.({ size: batch.length, durationMs, oldestWaitMs, ok: outputs !== undefined });
    if (!outputs) {
      for (const { job } of batch) if (!job.settled) job.reject(failure);
      return;
    }
    const results = outputs;
    batch.forEach(({ job, index }, position) => {
      if (job.settled) return;
      job.outputs[index] = results[position] as Output;
      job.remaining--;
      if (job.remaining === 0) job.resolve(job.outputs);
    });
  }
}
