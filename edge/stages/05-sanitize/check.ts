import type { Context } from 'hono';
import type { AppEnv } from '../../context.ts';

/**
 * One concern of the sanitize stage (PII masking, prompt injection, ...). Checks run in order on
 * the parsed body; each may replace `c.get('body')`, add output filters, or throw a SwitchyardError.
 */
export interface SanitizeCheck {
  name: string;
  run(c: Context<AppEnv>): void | Promise<void>;
}
