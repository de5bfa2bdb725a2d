/**
 * The execution context the Node stack hands the edge app. On Workers, `waitUntil` keeps the
 * isolate alive for work after the response (audit records, limit settlements); on Node nothing
 * would wait for that work, so a shutdown could close the SQLite stores under it. This one tracks
 * the work so the stack can wait for it before closing them.
 */
import type { ExecutionContext } from 'hono';

export interface PendingWork {
  /** Pass it to `app.fetch(request, env, executionContext)`. */
  readonly executionContext: ExecutionContext;
  /** Work handed to waitUntil and not settled yet. */
  readonly size: number;
  /**
   * Waits until nothing is pending (work added while waiting included) or `timeoutMs` has passed;
   * returns how much was still pending.
   */
  drain(timeoutMs: number): Promise<number>;
}

/**
 * @example
 *   const pendingWork = createPendingWork();
 *   serveOnNode({ fetch: (request) => app.fetch(request, {}, pendingWork.executionContext), … });
 *   // at shutdown, after the servers closed:
 *   await pendingWork.drain(5000);
 */
export function createPendingWork(): PendingWork {
  const pending = new Set<Promise<void>>();
  const executionContext: ExecutionContext = {
    waitUntil(promise) {
      const tracked: Promise<void> = promise.then(
        () => undefined,
        () => undefined,
      );
      pending.add(tracked);
      void tracked.then(() => pending.delete(tracked));
    },
    passThroughOnException() {
      throw new Error('passThroughOnException has no meaning on Node: there is no origin behind the edge to pass the request to.');
    },
    props: {},
  };
  return {
    executionContext,
    get size() {
      return pending.size;
    },
    async drain(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (pending.size > 0 && Date.now() < deadline) {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, deadline - Date.now());
          // A stuck task must not keep the process alive once everything else has stopped.
          timer.unref();
        });
        await Promise.race([Promise.all([...pending]), timeout]);
        clearTimeout(timer);
      }
      return pending.size;
    },
  };
}
