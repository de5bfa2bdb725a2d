/**
 * A single-consumer async queue: a producer pushes values as they appear, the consumer reads them
 * with `for await`. Values are buffered if the consumer is slower.
 */
export interface AsyncQueueOptions {
  /** Called once if the consumer stops early (break, return, throw); lets the producer stop too. */
  onConsumerExit?: () => void;
}

type Waiter<T> = { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void };

export class AsyncQueue<T extends object> implements AsyncIterable<T> {
  private readonly buffered: T[] = [];
  private waiter: Waiter<T> | undefined;
  private closed = false;
  private failure: { error: unknown } | undefined;
  private readonly onConsumerExit: (() => void) | undefined;

  constructor({ onConsumerExit }: AsyncQueueOptions = {}) {
    this.onConsumerExit = onConsumerExit;
  }

  push(value: T): void {
    if (this.closed) return;
    if (this.waiter) {
      const { resolve } = this.waiter;
      this.waiter = undefined;
      resolve({ value, done: false });
    } else {
      this.buffered.push(value);
    }
  }

  /** No more values; the consumer finishes after draining the buffer. */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.settleWaiter();
  }

  /** The consumer drains the buffer, then its next read throws `error`. */
  fail(error: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.failure = { error };
    this.settleWaiter();
  }

  private settleWaiter(): void {
    if (!this.waiter || this.buffered.length > 0) return;
    const { resolve, reject } = this.waiter;
    this.waiter = undefined;
    if (this.failure) reject(this.failure.error);
    else resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        const value = this.buffered.shift();
        if (value !== undefined) return Promise.resolve({ value, done: false });
        if (this.failure) {
          const { error } = this.failure;
          this.failure = undefined;
          return Promise.reject(error);
        }
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise<IteratorResult<T>>((resolve, reject) => {
          this.waiter = { resolve, reject };
        });
      },
      return: () => {
        const wasOpen = !this.closed;
        this.closed = true;
        this.buffered.length = 0;
        if (wasOpen) this.onConsumerExit?.();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
