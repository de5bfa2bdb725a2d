import { randomHex } from '../crypto/index.ts';
import { toSwitchyardError, type SwitchyardError } from '../errors/index.ts';

/** The one place an error becomes an HTTP response: the envelope, its status and Retry-After. */
export function errorResponse(thrown: unknown): { error: SwitchyardError; response: Response } {
  const error = toSwitchyardError(thrown);
  const headers = new Headers({ 'content-type': 'application/json' });
  if (error.retryAfterSeconds !== undefined) headers.set('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
  return { error, response: new Response(JSON.stringify(error.toEnvelope()), { status: error.statusCode, headers }) };
}

const INCOMING_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Keeps a well-formed incoming x-request-id so one id follows a call across hops; else makes one. */
export function requestIdFrom(incoming: string | undefined): string {
  return incoming && INCOMING_REQUEST_ID.test(incoming) ? incoming : `req_${randomHex(12)}`;
}
