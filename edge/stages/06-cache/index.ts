import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../context.ts';

/** Stage 6: exact and semantic cache. Pass-through until the cache issue fills it. */
export const cache = (): MiddlewareHandler<AppEnv> =>
  async function cache(_c, next) {
    await next();
  };
