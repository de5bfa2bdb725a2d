/** The Node execution context: close() waits for after-response work, including work added meanwhile, but not forever. */
import { describe, expect, it } from 'vitest';
import { createPendingWork } from './pending-work.ts';

function deferred() {
  let resolve: () => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<void>((done, fail) => {
    resolve = done;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe('createPendingWork', () => {
  it('drains work handed to waitUntil, also work added while it waits, and forgets what settled', async () => {
    const work = createPendingWork();
    const first = deferred();
    const second = deferred();
    work.executionContext.waitUntil(first.promise);
    expect(work.size).toBe(1);
    const drained = work.drain(5000);
    // The first task hands over more work as it finishes, like a stream that ends and then writes its record.
    work.executionContext.waitUntil(second.promise);
    first.reject(new Error('a failed task still counts as settled'));
    setTimeout(() => second.resolve(), 20);
    expect(await drained).toBe(0);
    expect(work.size).toBe(0);
  });

  it('gives up after the timeout and says how much was left', async () => {
    const work = createPendingWork();
    work.executionContext.waitUntil(new Promise(() => undefined));
    expect(await work.drain(30)).toBe(1);
  });
});
