import { describe, expect, it } from 'vitest';
import { requestIdFrom } from './errors.ts';

describe('requestIdFrom', () => {
  it('keeps a well-formed incoming id and refuses malformed ones', () => {
    expect(requestIdFrom('trace-0123456789')).toBe('trace-0123456789');
    expect(requestIdFrom('short')).toMatch(/^req_[0-9a-f]{24}$/);
    expect(requestIdFrom('bad id with spaces')).toMatch(/^req_[0-9a-f]{24}$/);
  });

  it('makes distinct random ids, across refills of its random pool', () => {
    const ids = Array.from({ length: 1000 }, () => requestIdFrom(undefined));
    for (const id of ids) expect(id).toMatch(/^req_[0-9a-f]{24}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Every hex digit shows up in every position: the bytes are random, not a counter or zeros.
    for (let position = 4; position < 28; position++) expect(new Set(ids.map((id) => id[position])).size).toBe(16);
  });
});
