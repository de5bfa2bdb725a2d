import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../context.ts';

/** Stage 9: output schema checks, stream-aware output guards, regenerate. Pass-through until the validation issue fills it. */
export const validate = (): MiddlewareHandler<AppEnv> =>
  async function validate(_c, next) {
    await next();
  };
