import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, keyPolicy, tightenPolicy } from './policy.ts';

describe('PII policy resolution', () => {
  it('starts from mask + unmask and lets a key override the tenant either way', () => {
    expect(keyPolicy(undefined, undefined)).toEqual({ pii: 'mask', unmaskResponses: true, injection: 'flag' });
    expect(keyPolicy({ pii: 'block', unmaskResponses: true, injection: 'flag' }, { pii: 'allow' })).toEqual({ pii: 'allow', unmaskResponses: true, injection: 'flag' });
    expect(keyPolicy({ pii: 'allow', unmaskResponses: true, injection: 'flag' }, { unmaskResponses: false })).toEqual({ pii: 'allow', unmaskResponses: false, injection: 'flag' });
  });

  it('lets a route only tighten', () => {
    expect(tightenPolicy({ pii: 'block', unmaskResponses: true, injection: 'flag' }, { pii: 'allow' })).toEqual({ pii: 'block', unmaskResponses: true, injection: 'flag' });
    expect(tightenPolicy({ pii: 'allow', unmaskResponses: true, injection: 'flag' }, { pii: 'mask' })).toEqual({ pii: 'mask', unmaskResponses: true, injection: 'flag' });
    expect(tightenPolicy({ pii: 'mask', unmaskResponses: false, injection: 'flag' }, { unmaskResponses: true })).toEqual({ pii: 'mask', unmaskResponses: false, injection: 'flag' });
    expect(tightenPolicy(DEFAULT_POLICY, { unmaskResponses: false })).toEqual({ pii: 'mask', unmaskResponses: false, injection: 'flag' });
    expect(tightenPolicy(DEFAULT_POLICY, undefined)).toBe(DEFAULT_POLICY);
  });

  it('resolves the injection action the same way', () => {
    expect(keyPolicy(DEFAULT_POLICY, { injection: 'block' }).injection).toBe('block');
    expect(tightenPolicy({ ...DEFAULT_POLICY, injection: 'block' }, { injection: 'allow' }).injection).toBe('block');
    expect(tightenPolicy(DEFAULT_POLICY, { injection: 'block' }).injection).toBe('block');
  });
});
