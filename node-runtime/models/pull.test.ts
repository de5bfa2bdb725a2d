/**
 * `models pull` against the local hub stand-in (test/servers/hub-server.ts): a fresh pull, resume
 * after a dropped connection (within one run and across runs), checksum mismatches, offline, auth.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { sha256Hex, startHubServer, type HubFaults, type HubServer } from '../../test/servers/hub-server.ts';
import { CatalogManifest, INSTALLED_MANIFEST_FILE, InstalledManifest } from './manifest.ts';
import type { PullProgress } from './progress-bar.ts';
import { PullError, pullModel, type PullOptions } from './pull.ts';
import { verifyModelFolder } from './registry.ts';

const REPO = 'switchyard-test/tiny-encoder';
const COMMIT = '0123456789abcdef0123456789abcdef01234567';

function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let index = 0; index < length; index++) {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    bytes[index] = state >>> 24;
  }
  return bytes;
}

const FILES = {
  'config.json': new TextEncoder().encode('{"model_type":"bert","hidden_size":8}\n'),
  'tokenizer.json': new TextEncoder().encode(`{"version":"1.0","padding":null,"model":{"type":"WordLevel","vocab":{}}}\n`),
  'onnx/model.onnx': pseudoRandomBytes(300_000, 7),
  'onnx/model_quantized.onnx': pseudoRandomBytes(80_000, 11),
};

function catalogManifest({ pinWeights = true, revision = 'main' }: { pinWeights?: boolean; revision?: string } = {}): CatalogManifest {
  const pin = (path: keyof typeof FILES) => ({ path, size: FILES[path].length, sha256: sha256Hex(FILES[path]) });
  return CatalogManifest.parse({
    id: 'tiny-encoder',
    task: 'embeddings',
    layout: 'transformers.js',
    license: 'Apache-2.0',
    contextLength: 128,
    embedding: { dimensions: 8, pooling: 'mean' },
    source: { type: 'huggingface', repo: REPO, revision },
    files: [pin('config.json'), { path: 'tokenizer.json' }],
    variants: {
      fp32: [pinWeights ? pin('onnx/model.onnx') : { path: 'onnx/model.onnx' }],
      q8: [pin('onnx/model_quantized.onnx')],
    },
    defaultDtype: 'fp32',
  });
}

let hub: HubServer | undefined;
let modelsDir: string;

async function startHub(faults: HubFaults = {}): Promise<HubServer> {
  hub = await startHubServer({
    repo: REPO,
    commit: COMMIT,
    files: {
      'config.json': { bytes: FILES['config.json'] },
      'tokenizer.json': { bytes: FILES['tokenizer.json'] },
      'onnx/model.onnx': { bytes: FILES['onnx/model.onnx'], lfs: true },
      'onnx/model_quantized.onnx': { bytes: FILES['onnx/model_quantized.onnx'], lfs: true },
    },
    faults,
  });
  return hub;
}

function pull(server: HubServer, overrides: Partial<PullOptions> = {}) {
  return pullModel({ manifest: catalogManifest(), modelsDir, endpoint: server.url, retryDelayMs: 1, ...overrides });
}

async function failure(attempt: Promise<unknown>): Promise<PullError> {
  const error = await attempt.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof PullError)) throw new Error(`expected a PullError, got ${String(error)}`);
  return error;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

beforeEach(async () => {
  modelsDir = await mkdtemp(join(tmpdir(), 'switchyard-pull-'));
});
afterEach(async () => {
  await hub?.close();
  hub = undefined;
  await rm(modelsDir, { recursive: true, force: true });
});

describe('pullModel', () => {
  it('downloads every file of the variant, verifies it, and writes a manifest the registry accepts', async () => {
    const server = await startHub();
    const progress: PullProgress[] = [];
    const result = await pull(server, { onProgress: (event) => progress.push(event) });

    const dir = join(modelsDir, 'tiny-encoder');
    for (const path of ['config.json', 'tokenizer.json', 'onnx/model.onnx'] as const) {
      expect(new Uint8Array(await readFile(join(dir, path)))).toEqual(FILES[path]);
    }
    expect(await exists(join(dir, 'onnx/model_quantized.onnx'))).toBe(false);
    const manifest = InstalledManifest.parse(JSON.parse(await readFile(join(dir, INSTALLED_MANIFEST_FILE), 'utf8')));
    expect(manifest.dtype).toBe('fp32');
    // "main" is recorded as the commit it resolved to.
    expect(manifest.source).toMatchObject({ type: 'huggingface', repo: REPO, revision: COMMIT });
    expect(manifest.files.find((file) => file.path === 'tokenizer.json')?.sha256).toBe(sha256Hex(FILES['tokenizer.json']));
    expect(await verifyModelFolder(dir)).toMatchObject({ ok: true, id: 'tiny-encoder' });

    const total = FILES['config.json'].length + FILES['tokenizer.json'].length + FILES['onnx/model.onnx'].length;
    expect(result.downloadedBytes).toBe(total);
    expect(result.commit).toBe(COMMIT);
    const last = progress.at(-1);
    expect(last).toMatchObject({ doneBytes: total, totalBytes: total, fileCount: 3 });
    expect(progress.some((event) => event.phase === 'download' && event.doneBytes < total)).toBe(true);
    const weights = progress.filter((event) => event.file === 'onnx/model.onnx' && event.phase === 'download');
    expect(weights.length).toBeGreaterThan(1);
    expect(weights.every((event, index) => index === 0 || event.doneBytes > (weights[index - 1]?.doneBytes ?? 0))).toBe(true);
  });

  it('pulls the requested dtype', async () => {
    const server = await startHub();
    await pull(server, { dtype: 'q8' });
    const dir = join(modelsDir, 'tiny-encoder');
    expect(await exists(join(dir, 'onnx/model_quantized.onnx'))).toBe(true);
    expect(await exists(join(dir, 'onnx/model.onnx'))).toBe(false);
    await expect(pull(server, { dtype: 'q4' })).rejects.toThrow(/no "q4" variant; available: fp32, q8/);
  });

  it('resumes a dropped transfer with a Range request in the same run', async () => {
    const server = await startHub({ interruptAfterBytes: { 'onnx/model.onnx': 120_000 } });
    const result = await pull(server);
    const downloads = server.downloads().filter((download) => download.path === 'onnx/model.onnx');
    expect(downloads.map((download) => download.range)).toEqual([undefined, 'bytes=120000-']);
    expect(result.downloadedBytes).toBe(FILES['config.json'].length + FILES['tokenizer.json'].length + FILES['onnx/model.onnx'].length);
    expect(new Uint8Array(await readFile(join(modelsDir, 'tiny-encoder/onnx/model.onnx')))).toEqual(FILES['onnx/model.onnx']);
  });

  it('keeps the partial file when it gives up, and the next run resumes it', async () => {
    const server = await startHub({ interruptAfterBytes: { 'onnx/model.onnx': 100_000 }, interruptions: 2 });
    const stopped = await failure(pull(server, { retries: 1 }));
    expect(stopped.code).toBe('interrupted');
    expect(stopped.message).toMatch(/stopped at 200000 of 300000 bytes .* run the same command again to resume/);
    const partial = join(modelsDir, 'tiny-encoder/onnx/model.onnx.partial');
    expect((await stat(partial)).size).toBe(200_000);
    expect(await exists(join(modelsDir, 'tiny-encoder', INSTALLED_MANIFEST_FILE))).toBe(false);

    const resumed = await pull(server);
    expect(server.downloads().at(-1)).toEqual({ path: 'onnx/model.onnx', range: 'bytes=200000-' });
    // Only the missing 100 kB of the weights travelled, plus the unpinned tokenizer.json, which
    // cannot be checked on disk without a pin or a finished manifest.
    expect(resumed.downloadedBytes).toBe(100_000 + FILES['tokenizer.json'].length);
    expect(resumed.skipped).toEqual(['config.json']);
    expect(await exists(partial)).toBe(false);
    expect(await verifyModelFolder(join(modelsDir, 'tiny-encoder'))).toMatchObject({ ok: true });
  });

  it('refuses a file whose sha256 differs from the pin, and installs nothing', async () => {
    const server = await startHub({ corrupt: new Set(['onnx/model.onnx']) });
    const error = await failure(pull(server));
    expect(error.code).toBe('sha256_mismatch');
    expect(error.message).toContain(`expects ${sha256Hex(FILES['onnx/model.onnx'])}`);
    expect(error.message).toContain('models/manifests/tiny-encoder.json');
    const dir = join(modelsDir, 'tiny-encoder');
    expect(await exists(join(dir, 'onnx/model.onnx'))).toBe(false);
    expect(await exists(join(dir, 'onnx/model.onnx.partial'))).toBe(false);
    expect(await exists(join(dir, INSTALLED_MANIFEST_FILE))).toBe(false);
  });

  it('checks unpinned LFS files against the sha256 the hub reports', async () => {
    const server = await startHub({ corrupt: new Set(['onnx/model.onnx']) });
    const error = await failure(pull(server, { manifest: catalogManifest({ pinWeights: false }) }));
    expect(error.code).toBe('sha256_mismatch');
    expect(error.message).toMatch(/but the hub expects/);
  });

  it('re-downloads an installed file that was changed on disk', async () => {
    const server = await startHub();
    await pull(server);
    await writeFile(join(modelsDir, 'tiny-encoder/config.json'), '{"tampered":true}');
    const again = await pull(server);
    expect(again.skipped).toEqual(['tokenizer.json', 'onnx/model.onnx']);
    expect(again.downloadedBytes).toBe(FILES['config.json'].length);
    expect(await verifyModelFolder(join(modelsDir, 'tiny-encoder'))).toMatchObject({ ok: true });
  });

  it('says clearly that the machine is offline when the hub cannot be reached', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 9));
      });
    });
    const startedAt = Date.now();
    const error = await failure(pullModel({ manifest: catalogManifest(), modelsDir, endpoint: `http://127.0.0.1:${closedPort}` }));
    expect(error.code).toBe('hub_unreachable');
    expect(error.message).toMatch(/Cannot reach the model hub at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); this machine appears to be offline/);
    expect(error.message).toMatch(/copy .*tiny-encoder here/);
    expect(Date.now() - startedAt).toBeLessThan(5000);

    const unresolvable = await failure(pullModel({ manifest: catalogManifest(), modelsDir, endpoint: 'http://hub.switchyard.invalid' }));
    expect(unresolvable.code).toBe('hub_unreachable');
  });

  it('asks for HF_TOKEN when the repository is gated, and sends the token when given', async () => {
    const server = await startHub({ requireToken: 'hf_test_token' });
    const error = await failure(pull(server));
    expect(error.code).toBe('unauthorized');
    expect(error.message).toMatch(/HF_TOKEN/);
    await pull(server, { token: 'hf_test_token' });
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer hf_test_token');
  });

  it('reports files the repository does not have', async () => {
    const server = await startHub();
    const manifest = catalogManifest();
    const error = await failure(pull(server, { manifest: { ...manifest, files: [...manifest.files, { path: 'missing.json' }] } }));
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/no file missing\.json at revision "main"/);
  });

  it('refuses models that are not on the hub', async () => {
    const server = await startHub();
    const manifest = CatalogManifest.parse({ ...catalogManifest(), source: { type: 'fixture', builder: 'models/fixtures/build-tiny-gpt2.ts' } });
    await expect(pull(server, { manifest })).rejects.toThrow(/npm run models:build/);
  });
});
