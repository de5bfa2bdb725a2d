import { describe, expect, it } from 'vitest';
import { HOP_HEADERS, HopVerifier, signHop } from './index.ts';

const SECRET = 'test-secret';
const parts = { method: 'POST', path: '/v1/chat/completions', body: '{"model":"m"}' };

describe('signed hop', () => {
  it('accepts a fresh signature once and rejects its replay', async () => {
    const verifier = new HopVerifier({ secret: SECRET });
    const headers = new Headers(await signHop(SECRET, parts));
    expect(await verifier.verify(parts, headers)).toEqual({ ok: true });
    expect(await verifier.verify(parts, headers)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('rejects an altered body, path or method', async () => {
    const verifier = new HopVerifier({ secret: SECRET });
    const headers = new Headers(await signHop(SECRET, parts));
    expect(await verifier.verify({ ...parts, body: '{"model":"n"}' }, headers)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(await verifier.verify({ ...parts, path: '/v1/embeddings' }, headers)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(await verifier.verify({ ...parts, method: 'PUT' }, headers)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a signature made with another secret', async () => {
    const verifier = new HopVerifier({ secret: SECRET });
    expect(await verifier.verify(parts, new Headers(await signHop('other', parts)))).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects stale and future timestamps', async () => {
    const now = Date.now();
    const verifier = new HopVerifier({ secret: SECRET, maxAgeSeconds: 60, now: () => now });
    expect(await verifier.verify(parts, new Headers(await signHop(SECRET, parts, now - 120_000)))).toEqual({ ok: false, reason: 'stale' });
    expect(await verifier.verify(parts, new Headers(await signHop(SECRET, parts, now + 120_000)))).toEqual({ ok: false, reason: 'stale' });
  });

  it('rejects missing or malformed headers', async () => {
    const verifier = new HopVerifier({ secret: SECRET });
    expect(await verifier.verify(parts, new Headers())).toEqual({ ok: false, reason: 'missing-headers' });
    const headers = new Headers(await signHop(SECRET, parts));
    headers.set(HOP_HEADERS.nonce, 'not hex!');
    expect(await verifier.verify(parts, headers)).toEqual({ ok: false, reason: 'missing-headers' });
  });

  it('forgets nonces once they are outside the window', async () => {
    let now = Date.now();
    const verifier = new HopVerifier({ secret: SECRET, maxAgeSeconds: 10, now: () => now });
    await verifier.verify(parts, new Headers(await signHop(SECRET, parts, now)));
    now += 60_000;
    const fresh = new Headers(await signHop(SECRET, parts, now));
    expect(await verifier.verify(parts, fresh)).toEqual({ ok: true });
  });
});
