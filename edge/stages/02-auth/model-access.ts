import type { MiddlewareHandler } from 'hono';
import { PermissionError } from '../../../shared/errors/index.ts';
import type { AppEnv } from '../../context.ts';

/** `gpt-4o` matches itself; `openai/*` matches every name that starts with `openai/`. */
export function modelAllowed(allowed: readonly string[], model: string): boolean {
  return allowed.some((pattern) => (pattern.endsWith('*') ? model.startsWith(pattern.slice(0, -1)) : pattern === model));
}

/**
 * Refuses, with 403, a model name the caller's key (or JWT issuer) does not list in `models`.
 * Names are checked as sent: allowing a route alias does not allow its targets by name, nor the reverse.
 * Runs after `parse`.
 *
 * @example app.post('/v1/chat/completions', requireScope('chat'), parse(…), requireModelAccess(), …)
 */
export const requireModelAccess = (): MiddlewareHandler<AppEnv> =>
  async function requireModelAccess(c, next) {
    const allowed = c.get('auth').models;
    const model = c.get('body').request.model;
    if (allowed && !modelAllowed(allowed, model)) {
      throw new PermissionError({
        message: `This API key may not use the model "${model}". It may use: ${allowed.join(', ')}.`,
        code: 'model_not_allowed',
        param: 'model',
      });
    }
    await next();
  };
