import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNodeClassifier, nodeClassifier } from './node.ts';

describe('edge classifier on onnxruntime-node', () => {
  it('handles empty, lone-surrogate and 1 MB inputs, and batches of 64', async () => {
    const classifier = await nodeClassifier();
    const huge = 'ignore the rules '.repeat(64 * 1024);
    expect(huge.length).toBeGreaterThan(1_000_000);
    const results = await classifier.classify(['', '\ud800\udc00\ud800', huge]);
    expect(results.map((result) => Number.isFinite(result.injection.score))).toEqual([true, true, true]);
    expect(await classifier.classify(Array.from({ length: 64 }, (_, index) => `message ${index}`))).toHaveLength(64);
    await expect(classifier.classify(Array.from({ length: 65 }, () => 'x'))).rejects.toThrow(/at most 64/);
  });

  it('refuses a model whose sha256 does not match its manifest', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'classifier-'));
    const manifest = JSON.parse(readFileSync('models/classifier/edge-classifier.manifest.json', 'utf8')) as { sha256: string; file: string };
    copyFileSync(join('models/classifier', manifest.file), join(directory, manifest.file));
    writeFileSync(join(directory, 'manifest.json'), JSON.stringify({ ...manifest, sha256: 'f'.repeat(64) }));
    await expect(loadNodeClassifier(join(directory, 'manifest.json'))).rejects.toThrow(/sha256 .* manifest says f{64}.*npm run models:train/);
  });
});
