import { describe, expect, it } from 'vitest';

import { ServiceUnavailableError } from '../../shared/errors/index.ts';
import { admit } from './admission.ts';
import { ConcurrencyGate } from './concurrency-gate.ts';

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('ConcurrencyGate', () => {
  it('runs up to maxConcurrent at once and admits waiters in arrival order', async () => {
    const gate = new ConcurrencyGate({ modelId: 'm', maxConcurrent: 2, maxQueued: 10 });
    const order: string[] = [];
    const job = async (name: string, milliseconds: number) => {
      const permit = await gate.acquire();
      order.push(`start ${name}`);
      await sleep(milliseconds);
      order.push(`end ${name}`);
      permit.release();
    };
    await Promise.all([job('a', 20), job('b', 5), job('c', 5), job('d', 5)]);
    expect(order.slice(0, 2)).toEqual(['start a', 'start b']);
    expect(order.indexOf('start c')).toBeGreaterThan(order.indexOf('end b'));
    expect(order.indexOf('start d')).toBeGreaterThan(order.indexOf('start c'));
  });

  it('refuses fast with 503 and Retry-After when the queue is full', async () => {
    const gate = new ConcurrencyGate({ modelId: 'busy-model', maxConcurrent: 1, maxQueued: 1 });
    const running = await gate.acquire();
    const waiting = gate.acquire();
    const started = performance.now();
    const refusal = await gate.acquire().catch((error: unknown) => error);
    expect(performance.now() - started).toBeLessThan(40);
    expect(ServiceUnavailableError.isInstance(refusal)).toBe(true);
    expect(refusal).toMatchObject({ statusCode: 503, code: 'model_overloaded', retryAfterSeconds: 1 });
    expect((refusal as Error).message).toMatch(/Model "busy-model" is at capacity: 1 waiting \(limit 1\)/);
    running.release();
    (await waiting).release();
  });

  it('frees capacity when a waiting request is cancelled', async () => {
    const gate = new ConcurrencyGate({ modelId: 'm', maxConcurrent: 1, maxQueued: 1 });
    const running = await gate.acquire();
    const controller = new AbortController();
    const cancelled = gate.acquire({ signal: controller.signal });
    await expect(gate.acquire()).rejects.toMatchObject({ code: 'model_overloaded' });
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    // The line has room again.
    const next = gate.acquire();
    running.release();
    (await next).release();
    expect(gate.stats()).toMatchObject({ running: 0, queued: 0 });
  });

  it('frees the slot when a running request is cancelled, admitting the next at once', async () => {
    const gate = new ConcurrencyGate({ modelId: 'm', maxConcurrent: 1, maxQueued: 4 });
    const controller = new AbortController();
    const run = await admit(gate, { signal: controller.signal });
    const work = new Promise<string>((resolve) => run.signal.addEventListener('abort', () => resolve('stopped'), { once: true }));
    const next = gate.acquire();
    controller.abort();
    expect(await work).toBe('stopped');
    run.finish({ observe: false });
    const permit = await next;
    expect(gate.stats().running).toBe(1);
    permit.release();
  });

  it('refuses a request whose deadline the queue ahead already misses, with an estimate-based Retry-After', async () => {
    const gate = new ConcurrencyGate({ modelId: 'm', maxConcurrent: 1, maxQueued: 10 });
    const first = await gate.acquire();
    await sleep(60);
    first.release();
    expect(gate.stats().meanServiceMs).toBeGreaterThanOrEqual(55);

    const running = await gate.acquire();
    const queued = [gate.acquire(), gate.acquire()];
    const refusal = await gate.acquire({ deadlineAt: Date.now() + 30 }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ statusCode: 503, code: 'deadline_unmeetable' });
    expect((refusal as Error).message).toMatch(/about \d+ ms of work is ahead and \d+ ms remain/);
    running.release();
    for (const waiting of queued) (await waiting).release();
  });

  it('gives up on a waiting request when its deadline passes', async () => {
    const gate = new ConcurrencyGate({ modelId: 'm', maxConcurrent: 1, maxQueued: 10 });
    const running = await gate.acquire();
    const expired = await gate.acquire({ deadlineAt: Date.now() + 20 }).catch((error: unknown) => error);
    expect(expired).toMatchObject({ statusCode: 503, code: 'deadline_exceeded' });
    expect(gate.stats().queued).toBe(0);
    running.release();
  });

  it('aborts a running request at its deadline and says so', async () => {
    const gate = new ConcurrencyGate({ modelId: 'm', maxConcurrent: 1, maxQueued: 0 });
    const run = await admit(gate, { deadlineAt: Date.now() + 15 });
    await new Promise((resolve) => run.signal.addEventListener('abort', resolve, { once: true }));
    expect(run.deadlinePassed()).toBe(true);
    run.finish();
  });
});
