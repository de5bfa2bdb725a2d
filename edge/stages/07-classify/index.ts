import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../context.ts';

/** Stage 7: the edge ONNX classifier (task, difficulty, confidence). Pass-through until the classifier issue fills it. */
export const classify = (): MiddlewareHandler<AppEnv> =>
  async function classify(_c, next) {
    await next();
  };
