import { describe, expect, it } from 'vitest';
import { parseRetryAfter, readErrorDetails, reportedRoute } from './upstream.ts';

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  it.each<[Record<string, string>, number | undefined]>([
    [{ 'retry-after': '20' }, 20],
    [{ 'retry-after': 'Thu, 01 Jan 2026 12:00:30 GMT' }, 30],
    [{ 'retry-after': 'Thu, 01 Jan 2026 11:00:00 GMT' }, 0],
    [{ 'retry-after-ms': '250' }, 1],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ])('reads %j as %s seconds', (headers, expected) => {
    expect(parseRetryAfter(new Headers(headers), now)).toBe(expected);
  });
});

describe('readErrorDetails', () => {
  it('reads OpenAI and Anthropic envelopes, keeping only identifier-shaped kinds', () => {
    expect(readErrorDetails({ error: { message: 'bad', type: 'invalid_request_error', param: 'n', code: 'invalid_value' } })).toEqual({
      message: 'bad',
      code: 'invalid_value',
      kind: 'invalid_value',
      param: 'n',
    });
    expect(readErrorDetails({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })).toEqual({
      message: 'Overloaded',
      kind: 'overloaded_error',
    });
    expect(readErrorDetails({ error: { message: 'x', type: 'has spaces <script>' } })).toEqual({ message: 'x' });
    expect(readErrorDetails({ error: 'plain string' })).toEqual({ message: 'plain string' });
    expect(readErrorDetails({ id: 'chatcmpl-1' })).toBeUndefined();
  });
});

describe('reportedRoute', () => {
  it('trusts only known routes and keeps the defaults otherwise', () => {
    expect(reportedRoute(new Headers({ 'x-switchyard-route': 'local' }), 'cloud', 'm')).toEqual({ servedBy: 'local', model: 'm' });
    expect(reportedRoute(new Headers({ 'x-switchyard-route': 'moon' }), 'cloud', 'm')).toEqual({ servedBy: 'cloud', model: 'm' });
  });
});
