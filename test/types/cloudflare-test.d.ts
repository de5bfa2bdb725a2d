// The slice of @cloudflare/vitest-pool-workers' `cloudflare:test` module these tests use. Its own
// types pull in the whole Workers runtime as globals, which clash with the DOM/Node lib used here.
declare module 'cloudflare:test' {
  export const SELF: { fetch(input: Request | string, init?: RequestInit): Promise<Response> };
  export const env: Record<string, unknown>;
}
