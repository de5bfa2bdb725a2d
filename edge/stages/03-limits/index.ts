import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../context.ts';

/**
 * Stage 3: rate limits and token budgets. Pass-through until the gateway issue adds Durable
 * Object (edge) and SQLite-backed (Node) counters; kept in the chain so the order is fixed.
 */
export const limits = (): MiddlewareHandler<AppEnv> =>
  async function limits(_c, next) {
    await next();
  };
