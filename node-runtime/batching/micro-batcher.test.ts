import { describe, expect, it } from 'vitest';

import { InvalidRequestError, ServiceUnavailableError } from '../../shared/errors/index.ts';
import { MicroBatcher, type BatchEvent } from './micro-batcher.ts';

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Outputs that name their input, so a mix-up between callers cannot go unnoticed. */
function labelled(options: Partial<ConstructorParameters<typeof MicroBatcher<string, string>>[0]> = {}) {
  const batches: string[][] = [];
  const events: BatchEvent[] = [];
  const batcher = new MicroBatcher<string, string>({
    modelId: 'test-encoder',
    maxBatchSize: 8,
    maxWaitMs: 5,
    maxQueuedInputs: 1000,
    runBatch: async (inputs) => {
      batches.push(inputs);
      await sleep(2);
      return inputs.map((input) => `out:${input}`);
    },
    onBatch: (event) => events.push(event),
    ...options,
  });
  return { batcher, batches, events };
}

describe('MicroBatcher', () => {
  it('gives every concurrent caller its own outputs, in its own order', async () => {
    const { batcher, batches } = labelled();
    const callers = Array.from({ length: 40 }, (_, caller) => Array.from({ length: 1 + (caller % 4) }, (_, item) => `c${caller}-i${item}`));
    const results = await Promise.all(callers.map((inputs) => batcher.submit(inputs)));
    results.forEach((outputs, caller) => expect(outputs).toEqual(callers[caller]?.map((input) => `out:${input}`)));
    // Grouped into batches of at most 8, and every input ran exactly once.
    expect(batches.every((batch) => batch.length <= 8)).toBe(true);
    expect(batches.flat().sort()).toEqual(callers.flat().sort());
    expect(batches.length).toBeLessThan(callers.flat().length / 4);
  });

  it('keeps callers apart when results come back out of step with requests', async () => {
    let run = 0;
    const batcher = new MicroBatcher<number, number>({
      modelId: 'slow-then-fast',
      maxBatchSize: 3,
      maxWaitMs: 1,
      maxQueuedInputs: 100,
      runBatch: async (inputs) => {
        await sleep(run++ % 2 === 0 ? 15 : 1);
        return inputs.map((input) => input * 10);
      },
    });
    const requests = Array.from({ length: 12 }, (_, index) => [index, index + 100]);
    const results = await Promise.all(requests.map((inputs) => batcher.submit(inputs)));
    expect(results).toEqual(requests.map((inputs) => inputs.map((input) => input * 10)));
  });

  it('waits at most maxWaitMs for company, and not at all when the batch is full', async () => {
    const { batcher, events } = labelled({ maxWaitMs: 30, maxBatchSize: 4 });
    const started = performance.now();
    await batcher.submit(['alone']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(events.at(-1)).toMatchObject({ size: 1 });

    await batcher.submit(['a', 'b', 'c', 'd']);
    expect(events.at(-1)?.size).toBe(4);
    expect(events.at(-1)?.oldestWaitMs).toBeLessThan(20);
  });

  it('runs one batch at a time and takes what queued meanwhile next, without waiting again', async () => {
    const { batcher, batches } = labelled({ maxWaitMs: 0, maxBatchSize: 100 });
    const first = batcher.submit(['first']);
    const later = [batcher.submit(['x']), batcher.submit(['y']), batcher.submit(['z'])];
    await Promise.all([first, ...later]);
    expect(batches).toEqual([['first'], ['x', 'y', 'z']]);
  });

  it('rejects every caller of a failed batch, and keeps serving afterwards', async () => {
    let fail = true;
    const batcher = new MicroBatcher<string, string>({
      modelId: 'flaky',
      maxBatchSize: 10,
      maxWaitMs: 2,
      maxQueuedInputs: 100,
      runBatch: async (inputs) => {
        if (fail) throw new Error('encoder exploded');
        return inputs;
      },
    });
    const failed = await Promise.allSettled([batcher.submit(['a']), batcher.submit(['b'])]);
    expect(failed.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(batcher.submit(['c'])).resolves.toEqual(['c']);
  });

  it('refuses at once with 503 + Retry-After when the queue is full', async () => {
    const { batcher } = labelled({ maxQueuedInputs: 4, maxBatchSize: 8, maxWaitMs: 50 });
    const waiting = batcher.submit(['a', 'b', 'c']);
    const started = performance.now();
    const refusal = await batcher.submit(['d', 'e']).catch((error: unknown) => error);
    // Refused on the spot, not after the 50 ms the queue waits.
    expect(performance.now() - started).toBeLessThan(40);
    expect(ServiceUnavailableError.isInstance(refusal)).toBe(true);
    expect(refusal).toMatchObject({ statusCode: 503, code: 'model_overloaded', retryAfterSeconds: 1 });
    await expect(batcher.submit(['one-more'])).resolves.toEqual(['out:one-more']);
    await waiting;
  });

  it('refuses a request larger than the whole queue as a client error', async () => {
    const { batcher } = labelled({ maxQueuedInputs: 3 });
    const error = await batcher.submit(['a', 'b', 'c', 'd']).catch((thrown: unknown) => thrown);
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 400, param: 'input' });
  });

  it('takes a cancelled request out of the queue so it never occupies a batch', async () => {
    const { batcher, batches } = labelled({ maxWaitMs: 20 });
    const controller = new AbortController();
    const cancelled = batcher.submit(['gone-1', 'gone-2'], { signal: controller.signal });
    const kept = batcher.submit(['kept']);
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    await expect(kept).resolves.toEqual(['out:kept']);
    expect(batches.flat()).toEqual(['kept']);
    expect(batcher.stats().queuedInputs).toBe(0);
  });

  it('refuses work whose deadline the estimated wait already misses', async () => {
    const batcher = new MicroBatcher<string, string>({
      modelId: 'slow',
      maxBatchSize: 1,
      maxWaitMs: 0,
      maxQueuedInputs: 100,
      runBatch: async (inputs) => {
        await sleep(40);
        return inputs;
      },
    });
    await batcher.submit(['learn how long a batch takes']);
    const busy = [batcher.submit(['1']), batcher.submit(['2']), batcher.submit(['3'])];
    const refusal = await batcher.submit(['late'], { deadlineAt: Date.now() + 50 }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ statusCode: 503, code: 'deadline_unmeetable' });
    expect((refusal as ServiceUnavailableError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    await Promise.all(busy);
  });

  it('gives up on queued work when its deadline passes', async () => {
    const batcher = new MicroBatcher<string, string>({
      modelId: 'stuck',
      maxBatchSize: 1,
      maxWaitMs: 0,
      maxQueuedInputs: 100,
      runBatch: async (inputs) => {
        await sleep(60);
        return inputs;
      },
    });
    const running = batcher.submit(['running']);
    const expired = await batcher.submit(['queued'], { deadlineAt: Date.now() + 15 }).catch((error: unknown) => error);
    expect(expired).toMatchObject({ statusCode: 503, code: 'deadline_exceeded' });
    await running;
  });
});
