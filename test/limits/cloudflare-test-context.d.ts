// The `cloudflare:test` helpers the limits tests add to the slice declared in test/types/cloudflare-test.d.ts.
declare module 'cloudflare:test' {
  export function createExecutionContext(): { waitUntil(promise: Promise<unknown>): void; passThroughOnException(): void };
  export function waitOnExecutionContext(context: unknown): Promise<void>;
}
