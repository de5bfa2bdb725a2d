import { toSwitchyardError, type SwitchyardError } from '../errors/index.ts';

/** The one place an error becomes an HTTP response: the envelope, its status and Retry-After. */
export function errorResponse(thrown: unknown): { error: SwitchyardError; response: Response } {
  const error = toSwitchyardError(thrown);
  const headers = new Headers({ 'content-type': 'application/json' });
  if (error.retryAfterSeconds !== undefined) headers.set('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
  return { error, response: new Response(JSON.stringify(error.toEnvelope()), { status: error.statusCode, headers }) };
}

const INCOMING_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
const REQUEST_ID_BYTES = 12;
// One getRandomValues call per 128 ids: on Node the call, not the bytes, is what costs.
const randomPool = new Uint8Array(REQUEST_ID_BYTES * 128);
let randomPoolOffset = randomPool.length;
const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function newRequestId(): string {
  if (randomPoolOffset + REQUEST_ID_BYTES > randomPool.length) {
    crypto.getRandomValues(randomPool);
    randomPoolOffset = 0;
  }
  let id = 'req_';
  for (let index = 0; index < REQUEST_ID_BYTES; index++) id += HEX_BYTES[randomPool[randomPoolOffset++] ?? 0];
  return id;
}

/** Keeps a well-formed incoming x-request-id so one id follows a call across hops; else makes one. */
export function requestIdFrom(incoming: string | undefined): string {
  return incoming && INCOMING_REQUEST_ID.test(incoming) ? incoming : newRequestId();
}
