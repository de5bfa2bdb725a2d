/** The registry loads only folders whose files match their manifest, and says why it refuses the rest. */
import { cp, mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildTinyGpt2, TINY_GPT2_MODEL_ID } from '../../models/fixtures/build-tiny-gpt2.ts';
import { CatalogManifest, INSTALLED_MANIFEST_FILE, InstalledManifest } from './manifest.ts';
import { DEFAULT_CATALOG_DIR, loadCatalog, scanModelsDir, verifyModelFolder } from './registry.ts';

let root: string;
let pristine: string;
let manifest: InstalledManifest;

/** A fresh copy of the fixture model under `<root>/<name>/tiny-random-gpt2`. */
async function copyOfFixture(name: string): Promise<string> {
  const dir = join(root, name, TINY_GPT2_MODEL_ID);
  await cp(pristine, dir, { recursive: true });
  return dir;
}

async function writeManifest(dir: string, value: unknown): Promise<void> {
  await writeFile(join(dir, INSTALLED_MANIFEST_FILE), JSON.stringify(value));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'switchyard-registry-'));
  pristine = (await buildTinyGpt2({ outDir: join(root, 'pristine'), log: () => {} })).modelDir;
  manifest = InstalledManifest.parse(JSON.parse(await readFile(join(pristine, INSTALLED_MANIFEST_FILE), 'utf8')));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('verifyModelFolder', () => {
  it('accepts a folder whose files match its manifest', async () => {
    const outcome = await verifyModelFolder(pristine);
    expect(outcome).toMatchObject({ ok: true, id: TINY_GPT2_MODEL_ID, manifest: { task: 'text-generation', dtype: 'fp32' } });
  });

  it('refuses a file whose sha256 is not the one in the manifest, naming both hashes', async () => {
    const dir = await copyOfFixture('wrong-hash');
    const wrong = 'f'.repeat(64);
    await writeManifest(dir, { ...manifest, files: manifest.files.map((file) => (file.path === 'onnx/model.onnx' ? { ...file, sha256: wrong } : file)) });
    const outcome = await verifyModelFolder(dir);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.code).toBe('sha256_mismatch');
    const actual = manifest.files.find((file) => file.path === 'onnx/model.onnx')?.sha256;
    expect(outcome.reason).toContain(`onnx/model.onnx has sha256 ${actual}; the manifest expects ${wrong}`);
    expect(outcome.reason).toMatch(/corrupt or was changed, so the model is refused/);
  });

  it('refuses a file changed after install (same size, different bytes)', async () => {
    const dir = await copyOfFixture('tampered');
    const weights = await readFile(join(dir, 'onnx/model.onnx'));
    weights[100] = (weights[100] ?? 0) ^ 0x01;
    await writeFile(join(dir, 'onnx/model.onnx'), weights);
    await expect(verifyModelFolder(dir)).resolves.toMatchObject({ ok: false, code: 'sha256_mismatch' });
  });

  it('refuses a truncated file and a missing one', async () => {
    const truncated = await copyOfFixture('truncated');
    await truncate(join(truncated, 'onnx/model.onnx'), 1000);
    await expect(verifyModelFolder(truncated)).resolves.toMatchObject({ ok: false, code: 'size_mismatch', reason: expect.stringMatching(/is 1000 bytes; the manifest expects \d+/) });

    const missing = await copyOfFixture('missing');
    await rm(join(missing, 'tokenizer.json'));
    await expect(verifyModelFolder(missing)).resolves.toMatchObject({ ok: false, code: 'file_missing', reason: expect.stringContaining('tokenizer.json is missing') });
  });

  it('refuses a folder without a manifest, and says how to install one', async () => {
    const dir = await copyOfFixture('no-manifest');
    await rm(join(dir, INSTALLED_MANIFEST_FILE));
    await expect(verifyModelFolder(dir)).resolves.toMatchObject({
      ok: false,
      code: 'manifest_missing',
      reason: expect.stringMatching(/has no switchyard-manifest\.json.*npx switchyard models pull/),
    });
  });

  it('refuses invalid manifests and folders named after another model', async () => {
    const invalid = await copyOfFixture('invalid');
    await writeManifest(invalid, { ...manifest, files: [{ path: '../escape', size: 1, sha256: 'x' }] });
    await expect(verifyModelFolder(invalid)).resolves.toMatchObject({ ok: false, code: 'manifest_invalid', reason: expect.stringMatching(/files\.0\.path: must be a relative path/) });

    const renamed = join(root, 'renamed', 'other-name');
    await cp(pristine, renamed, { recursive: true });
    await expect(verifyModelFolder(renamed)).resolves.toMatchObject({ ok: false, code: 'id_mismatch', reason: expect.stringContaining('Rename the folder to "tiny-random-gpt2"') });
  });

  it('holds installed files to the hashes the catalog pins', async () => {
    const pinned = CatalogManifest.parse({
      id: TINY_GPT2_MODEL_ID,
      task: 'text-generation',
      layout: 'transformers.js',
      license: 'Apache-2.0',
      contextLength: 512,
      source: { type: 'huggingface', repo: 'someone/tiny-random-gpt2' },
      files: [{ path: 'onnx/model.onnx', sha256: 'a'.repeat(64) }],
    });
    const outcome = await verifyModelFolder(pristine, { catalog: new Map([[pinned.id, pinned]]) });
    expect(outcome).toMatchObject({ ok: false, code: 'catalog_mismatch', reason: expect.stringMatching(/catalog .* pins a{64}.*models pull tiny-random-gpt2/) });
  });
});

describe('scanModelsDir', () => {
  it('splits a models folder into verified and refused models, skipping hidden entries', async () => {
    const modelsDir = join(root, 'scan');
    await cp(pristine, join(modelsDir, TINY_GPT2_MODEL_ID), { recursive: true });
    await mkdir(join(modelsDir, 'half-copied'), { recursive: true });
    await writeFile(join(modelsDir, 'half-copied', 'config.json'), '{}');
    await mkdir(join(modelsDir, '.cache'), { recursive: true });
    await writeFile(join(modelsDir, 'README.md'), 'not a model');

    const { verified, rejected } = await scanModelsDir(modelsDir);
    expect(verified.map((model) => model.id)).toEqual([TINY_GPT2_MODEL_ID]);
    expect(rejected.map((model) => [model.id, model.code])).toEqual([['half-copied', 'manifest_missing']]);
    await expect(scanModelsDir(join(root, 'does-not-exist'))).resolves.toEqual({ verified: [], rejected: [] });
  });
});

describe('loadCatalog', () => {
  it('reads and validates every manifest in models/manifests', async () => {
    const catalog = await loadCatalog(DEFAULT_CATALOG_DIR);
    expect(catalog.get('universal-sentence-encoder-lite')).toMatchObject({ task: 'embeddings', source: { type: 'npm' } });
    for (const entry of catalog.values()) {
      if (entry.task === 'embeddings') expect(entry.embedding?.dimensions).toBeGreaterThan(0);
      if (entry.source.type === 'huggingface') expect(Object.keys(entry.variants)).toContain(entry.defaultDtype);
    }
  });
});
