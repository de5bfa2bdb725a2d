import type { MiddlewareHandler } from 'hono';
import { requestIdFrom } from '../../../shared/http/errors.ts';
import type { Logger } from '../../../shared/log/index.ts';
import type { AppEnv } from '../../context.ts';

export interface RequestContextOptions {
  logger: Logger;
  now?: () => number;
}

/**
 * Stage 1: gives every request an id (a well-formed incoming `x-request-id` is kept so one id
 * follows a call across proxies), a start time and a logger, and logs one `request-end` line.
 *
 * @example app.use('*', requestContext({ logger }))
 */
export const requestContext = ({ logger, now = Date.now }: RequestContextOptions): MiddlewareHandler<AppEnv> => {
  if (!logger) throw new Error('requestContext requires "logger"');
  return async function requestContext(c, next) {
    const requestId = requestIdFrom(c.req.header('x-request-id'));
    const startedAt = now();
    c.set('requestId', requestId);
    c.set('startedAt', startedAt);
    c.set('logger', logger);
    c.set('outputFilters', []);
    c.set('responseHeaders', {});
    c.set('responseListeners', []);
    await next();
    c.res.headers.set('x-request-id', requestId);
    for (const [name, value] of Object.entries(c.get('responseHeaders'))) c.res.headers.set(name, value);
    logger.log(c.res.status >= 500 ? 'error' : 'info', 'request-end', {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: now() - startedAt,
      tenant: c.get('auth')?.tenantId,
      route: c.res.headers.get('x-switchyard-route'),
      model: c.res.headers.get('x-switchyard-model'),
    });
  };
};
