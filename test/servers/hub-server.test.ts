/** The hub stand-in behaves like the hub where `models pull` relies on it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { sha256Hex, startHubServer, type HubServer } from './hub-server.ts';

const weights = new Uint8Array(10_000).map((_, index) => (index * 31) % 251);
const config = new TextEncoder().encode('{"model_type":"bert"}');
let hub: HubServer;

beforeAll(async () => {
  hub = await startHubServer({
    repo: 'owner/model',
    commit: 'c0ffee',
    files: { 'config.json': { bytes: config }, 'onnx/model.onnx': { bytes: weights, lfs: true } },
    faults: { interruptAfterBytes: { 'onnx/model.onnx': 4000 } },
  });
});
afterAll(async () => {
  await hub?.close();
});

describe('hub stand-in', () => {
  it('redirects LFS files to the CDN with their sha256, size and commit', async () => {
    const head = await fetch(`${hub.url}/owner/model/resolve/main/onnx/model.onnx`, { method: 'HEAD', redirect: 'manual' });
    expect(head.status).toBe(302);
    expect(head.headers.get('x-linked-etag')).toBe(`"${sha256Hex(weights)}"`);
    expect(head.headers.get('x-linked-size')).toBe('10000');
    expect(head.headers.get('x-repo-commit')).toBe('c0ffee');
  });

  it('serves small files directly and honours ranges', async () => {
    const whole = await fetch(`${hub.url}/owner/model/resolve/main/config.json`);
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(config);
    const part = await fetch(`${hub.url}/owner/model/resolve/main/config.json`, { headers: { range: 'bytes=2-' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 2-${config.length - 1}/${config.length}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(config.subarray(2));
    expect((await fetch(`${hub.url}/owner/model/resolve/main/config.json`, { headers: { range: 'bytes=999-' } })).status).toBe(416);
  });

  it('cuts the first transfer of an interrupted file, then serves it whole', async () => {
    const first = await fetch(`${hub.url}/owner/model/resolve/main/onnx/model.onnx`);
    await expect(first.arrayBuffer()).rejects.toThrow();
    const second = await fetch(`${hub.url}/owner/model/resolve/main/onnx/model.onnx`);
    expect(new Uint8Array(await second.arrayBuffer())).toEqual(weights);
    expect(hub.downloads().filter((download) => download.path === 'onnx/model.onnx').length).toBeGreaterThanOrEqual(2);
  });

  it('answers 404 for unknown files', async () => {
    expect((await fetch(`${hub.url}/owner/model/resolve/main/missing.json`)).status).toBe(404);
  });
});
