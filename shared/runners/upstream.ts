/**
 * What every HTTP runner does the same way: deadlines and aborts, turning upstream failures into
 * the one error model, reading the route a node runtime reports. Provider formats live in the
 * runners; nothing here knows which provider it talks to.
 */
import { z } from 'zod';
import {
  InvalidRequestError,
  ServiceUnavailableError,
  SwitchyardError,
  TimeoutError,
  UpstreamError,
} from '../errors/index.ts';
import type { FetchFunction, ServedBy } from '../spec/model-runner.ts';

/** Set by a node runtime on its answers: where the answer was really produced, and by which model. */
export const ROUTE_HEADER = 'x-switchyard-route';
export const MODEL_HEADER = 'x-switchyard-model';

const UPSTREAM_MESSAGE_LIMIT = 300;
/** Error bodies are read only this far: enough for any real envelope, bounded for a hostile one. */
const ERROR_BODY_LIMIT = 64 * 1024;

/** `globalThis.fetch` called unbound; workerd throws "Illegal invocation" on a detached fetch. */
export const defaultFetch: FetchFunction = (input, init) => globalThis.fetch(input, init);

export function joinURL(baseURL: string, path: string): string {
  return `${baseURL.replace(/\/+$/, '')}${path}`;
}

/**
 * One attempt's abort signal: fires when the caller aborts or the timeout passes. `restart()`
 * lets a stream use the same timeout as an idle limit between chunks.
 */
export interface Deadline {
  readonly signal: AbortSignal;
  readonly timedOut: boolean;
  restart(): void;
  dispose(): void;
}

export function startDeadline(timeoutMs: number, callerSignal: AbortSignal | undefined): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('upstream deadline passed'));
    }, timeoutMs);
  };
  const forwardAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) controller.abort(callerSignal.reason);
  else callerSignal?.addEventListener('abort', forwardAbort, { once: true });
  arm();
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    restart() {
      if (!controller.signal.aborted) arm();
    },
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      callerSignal?.removeEventListener('abort', forwardAbort);
    },
  };
}

export interface FailureContext {
  runnerId: string;
  timeoutMs: number;
  deadline: Deadline;
  callerSignal: AbortSignal | undefined;
}

/**
 * A thrown error (network, abort, body read) in the error model. A caller's own abort is
 * rethrown as its reason: it is not an upstream failure and must not trigger a fallback.
 */
export function translateFailure(error: unknown, { runnerId, timeoutMs, deadline, callerSignal }: FailureContext): unknown {
  if (callerSignal?.aborted) return callerSignal.reason;
  if (SwitchyardError.isInstance(error)) return error;
  if (deadline.timedOut) {
    return new TimeoutError({ message: `Upstream "${runnerId}" did not answer within ${timeoutMs} ms`, cause: error });
  }
  return new UpstreamError({ message: `Upstream "${runnerId}" could not be reached or broke the connection`, cause: error });
}

const UpstreamErrorBody = z.looseObject({
  error: z.union([
    z.looseObject({
      message: z.string().optional(),
      type: z.string().nullish(),
      code: z.union([z.string(), z.number()]).nullish(),
      param: z.string().nullish(),
    }),
    z.string(),
  ]),
});

export interface UpstreamErrorDetails {
  message?: string;
  /** A short identifier (`rate_limit_exceeded`, `overloaded_error`), safe to log. */
  kind?: string;
  /** The upstream's own `code`, when it is such an identifier. */
  code?: string;
  param?: string;
}

/** Reads an OpenAI `{ error: {...} }` or Anthropic `{ type: 'error', error: {...} }` body. */
export function readErrorDetails(body: unknown): UpstreamErrorDetails | undefined {
  // Every successful body passes through here: skip the schema when there is no `error` to read.
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const parsed = UpstreamErrorBody.safeParse(body);
  if (!parsed.success) return undefined;
  const error = parsed.data.error;
  if (typeof error === 'string') return { message: error };
  const isIdentifier = (value: unknown): value is string => typeof value === 'string' && /^[a-z0-9_.-]{1,64}$/i.test(value);
  const details: UpstreamErrorDetails = {};
  if (error.message !== undefined) details.message = error.message;
  if (isIdentifier(error.code)) details.code = error.code;
  const kind = details.code ?? (isIdentifier(error.type) ? error.type : undefined);
  if (kind !== undefined) details.kind = kind;
  if (error.param) details.param = error.param;
  return details;
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/**
 * A non-2xx upstream answer in the error model:
 * 400/404/413/422 -> InvalidRequestError quoting the upstream message (truncated),
 * 503 from a node runtime -> ServiceUnavailableError carrying its message,
 * anything else (401/403/429/5xx, ...) -> UpstreamError with `upstreamStatus`, never quoting
 * the upstream text (a 401 may echo part of a key). Retry-After is passed through.
 */
export async function errorFromResponse(
  runnerId: string,
  response: Response,
  { fromNodeRuntime = false, now = Date.now }: { fromNodeRuntime?: boolean; now?: () => number } = {},
): Promise<SwitchyardError> {
  const details = readErrorDetails(await readBoundedJson(response));
  const retryAfterSeconds = parseRetryAfter(response.headers, now());
  const status = response.status;
  const upstreamMessage = details?.message ? truncate(details.message, UPSTREAM_MESSAGE_LIMIT) : undefined;

  if (status === 400 || status === 404 || status === 413 || status === 422) {
    return new InvalidRequestError({
      message: `Upstream "${runnerId}" rejected the request: ${upstreamMessage ?? `status ${status}`}`,
      ...(details?.param ? { param: details.param } : {}),
      ...(details?.code ? { code: details.code } : {}),
      statusCode: status === 413 || status === 422 ? status : 400,
    });
  }
  if (status === 503 && (fromNodeRuntime || details?.kind === 'service_unavailable')) {
    return new ServiceUnavailableError({
      message: upstreamMessage ?? `Upstream "${runnerId}" is unavailable`,
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    });
  }
  return new UpstreamError({
    message: `Upstream "${runnerId}" answered ${status}${details?.kind ? ` (${details.kind})` : ''}`,
    upstreamStatus: status,
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  });
}

async function readBoundedJson(response: Response): Promise<unknown> {
  if (!response.body) return undefined;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < ERROR_BODY_LIMIT) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    return undefined;
  } finally {
    reader.cancel().catch(() => {});
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `Retry-After` (seconds or an HTTP date) or OpenAI's `retry-after-ms`, as whole seconds. */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds && /^\d+(\.\d+)?$/.test(milliseconds.trim())) return Math.ceil(Number(milliseconds) / 1000);
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** Where the answer came from: a node runtime that fell back to cloud says so in its headers. */
export function reportedRoute(headers: Headers, servedBy: ServedBy, model: string): { servedBy: ServedBy; model: string } {
  const route = headers.get(ROUTE_HEADER);
  const reportedModel = headers.get(MODEL_HEADER);
  return {
    servedBy: route === 'edge' || route === 'local' || route === 'cloud' ? route : servedBy,
    model: reportedModel && reportedModel.length <= 256 ? reportedModel : model,
  };
}

/** A 2xx body that is not what the API promises; names only schema paths, never upstream text. */
export function invalidBodyError(runnerId: string, what: string, error?: z.ZodError): UpstreamError {
  const paths = error?.issues
    .slice(0, 3)
    .map((issue) => issue.path.join('.') || '(root)')
    .join(', ');
  return new UpstreamError({
    message: `Upstream "${runnerId}" returned ${what} that does not match the expected format${paths ? ` (at ${paths})` : ''}`,
    cause: error,
  });
}

/** A 2xx JSON body, or UpstreamError when it is not JSON or is an error envelope. */
export async function readJsonBody(runnerId: string, response: Response, what: string): Promise<unknown> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalidBodyError(runnerId, what);
  }
  const details = readErrorDetails(body);
  if (details) {
    throw new UpstreamError({ message: `Upstream "${runnerId}" answered with an error${details.kind ? ` (${details.kind})` : ''}` });
  }
  return body;
}
