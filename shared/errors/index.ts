/**
 * The one error model. Every failure that reaches a caller is a SwitchyardError subclass and is
 * rendered by the app's onError as the OpenAI-style envelope `{ error: { message, type, code, param } }`.
 *
 * Messages are log-safe by construction: they never quote request bodies, keys or upstream payloads.
 */

const MARKER = Symbol.for('switchyard.error');

export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'policy_violation'
  | 'not_found_error'
  | 'rate_limit_exceeded'
  | 'insufficient_quota'
  | 'service_unavailable'
  | 'upstream_error'
  | 'timeout_error'
  | 'api_error';

export interface ErrorEnvelope {
  error: {
    message: string;
    type: ErrorType;
    code: string | null;
    param: string | null;
  };
}

export interface SwitchyardErrorOptions {
  message: string;
  code?: string;
  param?: string;
  cause?: unknown;
  /** Seconds a client should wait before retrying; rendered as Retry-After. */
  retryAfterSeconds?: number;
}

export abstract class SwitchyardError extends Error {
  readonly [MARKER] = true;
  abstract readonly type: ErrorType;
  abstract readonly statusCode: number;
  readonly code: string | null;
  readonly param: string | null;
  readonly retryAfterSeconds: number | undefined;

  constructor({ message, code, param, cause, retryAfterSeconds }: SwitchyardErrorOptions) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.code = code ?? null;
    this.param = param ?? null;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Works across bundles and realms, unlike instanceof. */
  static isInstance(value: unknown): value is SwitchyardError {
    return typeof value === 'object' && value !== null && (value as { [MARKER]?: unknown })[MARKER] === true;
  }

  get isRetryable(): boolean {
    return isRetryableStatus(this.statusCode);
  }

  toEnvelope(): ErrorEnvelope {
    return { error: { message: this.message, type: this.type, code: this.code, param: this.param } };
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

export class InvalidRequestError extends SwitchyardError {
  readonly type = 'invalid_request_error';
  readonly statusCode: number;
  constructor(options: SwitchyardErrorOptions & { statusCode?: 400 | 405 | 413 | 415 | 422 }) {
    super(options);
    this.statusCode = options.statusCode ?? 400;
  }
}

export class AuthenticationError extends SwitchyardError {
  readonly type = 'authentication_error';
  readonly statusCode = 401;
}

export class PermissionError extends SwitchyardError {
  readonly type = 'permission_error';
  readonly statusCode = 403;
}

/**
 * A guard refused the request (prompt injection, PII the key may not send). The `code` names the
 * reason; the message never quotes the matched text.
 */
export class PolicyViolationError extends SwitchyardError {
  readonly type = 'policy_violation';
  readonly statusCode = 400;
}

export class NotFoundError extends SwitchyardError {
  readonly type = 'not_found_error';
  readonly statusCode = 404;
}

export class RateLimitError extends SwitchyardError {
  readonly type = 'rate_limit_exceeded';
  readonly statusCode = 429;
}

/** The spend budget of a key or tenant is used up for its period (402: waiting a minute will not help). */
export class BudgetExceededError extends SwitchyardError {
  readonly type = 'insufficient_quota';
  readonly statusCode = 402;
}

/** Nothing can serve the request right now (no model installed, every target down, overloaded). */
export class ServiceUnavailableError extends SwitchyardError {
  readonly type = 'service_unavailable';
  readonly statusCode = 503;
}

/** An upstream (cloud provider or node runtime) failed or answered with something we cannot use. */
export class UpstreamError extends SwitchyardError {
  readonly type = 'upstream_error';
  readonly statusCode: number;
  /** The upstream's own HTTP status, when there was one. */
  readonly upstreamStatus: number | undefined;
  constructor(options: SwitchyardErrorOptions & { upstreamStatus?: number }) {
    super(options);
    this.upstreamStatus = options.upstreamStatus;
    this.statusCode = 502;
  }
  override get isRetryable(): boolean {
    return this.upstreamStatus === undefined || isRetryableStatus(this.upstreamStatus);
  }
}

export class TimeoutError extends SwitchyardError {
  readonly type = 'timeout_error';
  readonly statusCode = 504;
}

export class InternalError extends SwitchyardError {
  readonly type = 'api_error';
  readonly statusCode = 500;
}

/** Anything thrown that is not ours becomes a generic 500 whose message reveals nothing. */
export function toSwitchyardError(error: unknown): SwitchyardError {
  if (SwitchyardError.isInstance(error)) return error;
  return new InternalError({ message: 'Internal error. The request id in x-request-id identifies it in the logs.', cause: error });
}
