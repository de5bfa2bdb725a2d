import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { assertJsonContentType, parseJsonBody, readBodyText } from '../../../shared/http/body.ts';
import type { AppEnv, ParsedBody } from '../../context.ts';
export interface ParseOptions<K extends ParsedBody['kind']> {
  kind: K;
  schema: z.ZodType<Extract<ParsedBody, { kind: K }>['request']>;
  /** Largest accepted body in bytes (config `server.maxBodyBytes`). */
  maxBodyBytes: number;
}

/**
 * Stage 4: checks content type and size, parses JSON and validates it with the route's zod
 * schema. Every failure is a 4xx naming the offending field in `param`.
 *
 * @example app.post('/v1/chat/completions', parse({ kind: 'chat', schema: ChatCompletionRequest, maxBodyBytes }), …)
 */
export const parse = <K extends ParsedBody['kind']>({ kind, schema, maxBodyBytes }: ParseOptions<K>): MiddlewareHandler<AppEnv> => {
  if (!schema) throw new Error('parse requires "schema"');
  if (!(maxBodyBytes > 0)) throw new Error('parse requires a positive "maxBodyBytes"');
  return async function parse(c, next) {
    assertJsonContentType(c.req.header('content-type'));
    const request = parseJsonBody(await readBodyText(c.req.raw, maxBodyBytes), schema);
    c.set('body', { kind, request } as ParsedBody);
    await next();
  };
};
