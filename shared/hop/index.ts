/**
 * The signed hop between the edge and a node runtime. The edge signs
 * `METHOD \n PATH \n TIMESTAMP \n NONCE \n SHA256(BODY)` with HMAC-SHA256 and a shared secret;
 * the runtime rejects a bad signature, a timestamp outside the window, or a nonce it has seen.
 */
import { hmacSha256Hex, randomHex, sha256Hex, timingSafeEqual } from '../crypto/index.ts';

export const HOP_HEADERS = {
  timestamp: 'x-switchyard-hop-timestamp',
  nonce: 'x-switchyard-hop-nonce',
  signature: 'x-switchyard-hop-signature',
} as const;

export interface HopRequestParts {
  method: string;
  /** Path plus query, e.g. `/v1/chat/completions`. */
  path: string;
  body: string | Uint8Array<ArrayBuffer>;
}

function canonical(parts: HopRequestParts, timestamp: string, nonce: string, bodyHash: string): string {
  return [parts.method.toUpperCase(), parts.path, timestamp, nonce, bodyHash].join('\n');
}

/** Headers to add to an outgoing hop request. */
export async function signHop(secret: string, parts: HopRequestParts, now: number = Date.now()): Promise<Record<string, string>> {
  const timestamp = String(Math.floor(now / 1000));
  const nonce = randomHex(16);
  const signature = await hmacSha256Hex(secret, canonical(parts, timestamp, nonce, await sha256Hex(parts.body)));
  return { [HOP_HEADERS.timestamp]: timestamp, [HOP_HEADERS.nonce]: nonce, [HOP_HEADERS.signature]: signature };
}

export type HopRejection = 'missing-headers' | 'stale' | 'bad-signature' | 'replayed';

export interface HopVerifierOptions {
  secret: string;
  /** Allowed clock skew in either direction and the replay window, in seconds. */
  maxAgeSeconds?: number;
  now?: () => number;
}

/**
 * Verifies hop signatures and remembers nonces for the replay window. One verifier per process:
 * its nonce memory is what makes a replayed request fail.
 */
export class HopVerifier {
  readonly #secret: string;
  readonly #maxAgeSeconds: number;
  readonly #now: () => number;
  readonly #seenNonces = new Map<string, number>();

  constructor({ secret, maxAgeSeconds = 60, now = Date.now }: HopVerifierOptions) {
    if (!secret) throw new Error('HopVerifier requires a non-empty "secret"');
    this.#secret = secret;
    this.#maxAgeSeconds = maxAgeSeconds;
    this.#now = now;
  }

  async verify(parts: HopRequestParts, headers: Headers): Promise<{ ok: true } | { ok: false; reason: HopRejection }> {
    const timestamp = headers.get(HOP_HEADERS.timestamp);
    const nonce = headers.get(HOP_HEADERS.nonce);
    const signature = headers.get(HOP_HEADERS.signature);
    if (!timestamp || !nonce || !signature || !/^\d{1,12}$/.test(timestamp) || !/^[a-f0-9]{16,64}$/.test(nonce)) {
      return { ok: false, reason: 'missing-headers' };
    }
    const nowSeconds = Math.floor(this.#now() / 1000);
    if (Math.abs(nowSeconds - Number(timestamp)) > this.#maxAgeSeconds) return { ok: false, reason: 'stale' };

    const expected = await hmacSha256Hex(this.#secret, canonical(parts, timestamp, nonce, await sha256Hex(parts.body)));
    if (!timingSafeEqual(expected, signature.toLowerCase())) return { ok: false, reason: 'bad-signature' };

    this.#forgetExpired(nowSeconds);
    if (this.#seenNonces.has(nonce)) return { ok: false, reason: 'replayed' };
    this.#seenNonces.set(nonce, Number(timestamp));
    return { ok: true };
  }

  #forgetExpired(nowSeconds: number): void {
    // Map iteration is insertion order, so the oldest nonces come first.
    for (const [nonce, timestamp] of this.#seenNonces) {
      if (nowSeconds - timestamp <= this.#maxAgeSeconds * 2) break;
      this.#seenNonces.delete(nonce);
    }
  }
}
