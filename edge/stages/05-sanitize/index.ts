import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../context.ts';

/** Stage 5: PII masking and injection scoring. Pass-through until the input-gateway issue fills it. */
export const sanitize = (): MiddlewareHandler<AppEnv> =>
  async function sanitize(_c, next) {
    await next();
  };
