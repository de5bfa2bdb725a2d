import type { Context } from 'hono';
import type { AppEnv } from './context.ts';

/**
 * Runs work after the response without delaying it: waitUntil on Workers, a detached promise on
 * Node. A failure is logged as `failureEvent` (class name only, never the message).
 */
export function afterResponse(c: Context<AppEnv>, work: Promise<unknown>, failureEvent: string): void {
  const settled = work.catch((error: unknown) =>
    c.get('logger').log('error', failureEvent, { requestId: c.get('requestId'), cause: error instanceof Error ? error.name : typeof error }),
  );
  try {
    c.executionCtx.waitUntil(settled);
  } catch {
    // No ExecutionContext outside Workers; Node keeps the process alive for the promise.
  }
}
