import type { MiddlewareHandler } from 'hono';
import type { SwitchyardConfig } from '../../../shared/config/schema.ts';
import type { AppEnv } from '../../context.ts';
import type { SanitizeCheck } from './check.ts';
import { piiCheck } from './pii.ts';

export { piiCheck, requestPolicy, type PiiCheckOptions } from './pii.ts';
export type { SanitizeCheck } from './check.ts';

export interface SanitizeOptions {
  /** Enables per-route policies and tenant policies for JWT and KV callers. */
  config?: SwitchyardConfig;
  /**
   * The checks, in order. Default: PII only. Put checks that must see the caller's own words
   * (prompt injection) before `piiCheck`, which replaces values with placeholders.
   */
  checks?: readonly SanitizeCheck[];
}

/**
 * Stage 5: runs the sanitize checks on the parsed request: PII detection and reversible masking
 * (see pii.ts), and beside it the prompt-injection check when the app adds it.
 *
 * @example app.post('/v1/chat/completions', parse(…), sanitize({ config }), …)
 */
export const sanitize = ({ config, checks }: SanitizeOptions = {}): MiddlewareHandler<AppEnv> => {
  const ordered = checks ?? [piiCheck({ config })];
  return async function sanitize(c, next) {
    for (const check of ordered) await check.run(c);
    await next();
  };
};
