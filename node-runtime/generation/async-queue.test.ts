import { describe, expect, it, vi } from 'vitest';

import { AsyncQueue } from './async-queue.ts';

async function drain<T extends object>(queue: AsyncQueue<T>): Promise<T[]> {
  const values: T[] = [];
  for await (const value of queue) values.push(value);
  return values;
}

describe('AsyncQueue', () => {
  it('delivers buffered and later values in order, then ends', async () => {
    const queue = new AsyncQueue<{ n: number }>();
    queue.push({ n: 1 });
    const drained = drain(queue);
    queue.push({ n: 2 });
    await Promise.resolve();
    queue.push({ n: 3 });
    queue.end();
    queue.push({ n: 4 });
    await expect(drained).resolves.toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('throws to the consumer after the buffered values on failure', async () => {
    const queue = new AsyncQueue<{ n: number }>();
    const seen: number[] = [];
    queue.push({ n: 1 });
    queue.fail(new Error('upstream broke'));
    await expect(
      (async () => {
        for await (const value of queue) seen.push(value.n);
      })(),
    ).rejects.toThrow('upstream broke');
    expect(seen).toEqual([1]);
  });

  it('tells the producer when the consumer leaves early, once', async () => {
    const onConsumerExit = vi.fn();
    const queue = new AsyncQueue<{ n: number }>({ onConsumerExit });
    queue.push({ n: 1 });
    queue.push({ n: 2 });
    for await (const value of queue) if (value.n === 1) break;
    expect(onConsumerExit).toHaveBeenCalledTimes(1);
    queue.end();
    expect(onConsumerExit).toHaveBeenCalledTimes(1);
  });

  it('does not report an exit after a normal end', async () => {
    const onConsumerExit = vi.fn();
    const queue = new AsyncQueue<{ n: number }>({ onConsumerExit });
    queue.end();
    await drain(queue);
    expect(onConsumerExit).not.toHaveBeenCalled();
  });
});
