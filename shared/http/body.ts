/** Request-body handling shared by the edge's parse stage and the node runtime. */
import type { z } from 'zod';
import { InvalidRequestError } from '../errors/index.ts';
import { formatPath } from '../config/parse.ts';

function tooLarge(maxBytes: number): InvalidRequestError {
  return new InvalidRequestError({
    message: `Request body is larger than the ${maxBytes}-byte limit.`,
    code: 'request_too_large',
    statusCode: 413,
  });
}

/**
 * Reads a body up to `maxBytes`, refusing early on a larger Content-Length and stopping the
 * read as soon as the limit is passed, so an oversize upload never sits in memory whole.
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InvalidRequestError({ message: 'Request body is not valid UTF-8.', code: 'invalid_encoding' });
  }
}

const MAX_REPORTED_ISSUES = 5;

/** 415 unless the body is declared as JSON. */
export function assertJsonContentType(contentType: string | undefined): void {
  const value = contentType ?? '';
  if (/^application\/json\s*(;|$)/i.test(value)) return;
  throw new InvalidRequestError({
    message: `Unsupported Content-Type "${value.slice(0, 100) || '(none)'}". Send the body as JSON with "Content-Type: application/json".`,
    code: 'unsupported_media_type',
    statusCode: 415,
  });
}

/** JSON.parse plus zod validation; failures are 400s naming the first offending field in `param`. */
export function parseJsonBody<T>(text: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new InvalidRequestError({
      message: 'We could not parse the JSON body of your request. Check that it is valid JSON.',
      code: 'invalid_json',
    });
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, MAX_REPORTED_ISSUES);
  throw new InvalidRequestError({
    message: `Invalid request body: ${issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; ')}`,
    code: 'invalid_request_body',
    param: issues[0] ? formatPath(issues[0].path) : undefined,
  });
}
