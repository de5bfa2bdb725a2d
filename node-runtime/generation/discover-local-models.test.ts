import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { discoverLocalModels, missingModelFiles } from './discover-local-models.ts';

let modelsDir: string;

async function fakeModel(dir: string, files: string[]): Promise<void> {
  for (const file of files) {
    await mkdir(join(dir, file, '..'), { recursive: true });
    await writeFile(join(dir, file), '{}');
  }
}

beforeAll(async () => {
  modelsDir = await mkdtemp(join(tmpdir(), 'switchyard-discover-'));
  await fakeModel(join(modelsDir, 'zeta-model'), ['config.json', 'tokenizer.json', 'onnx/model.onnx']);
  await fakeModel(join(modelsDir, 'alpha-model'), ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']);
  await fakeModel(join(modelsDir, 'no-weights'), ['config.json', 'tokenizer.json']);
  await fakeModel(join(modelsDir, '.hidden'), ['config.json', 'tokenizer.json', 'onnx/model.onnx']);
  await writeFile(join(modelsDir, 'README.md'), 'not a model');
  await symlink(join(modelsDir, 'alpha-model'), join(modelsDir, 'linked-model'));
});

afterAll(async () => {
  if (modelsDir) await rm(modelsDir, { recursive: true, force: true });
});

describe('discoverLocalModels', () => {
  it('lists complete model folders, sorted, including symlinked ones', async () => {
    await expect(discoverLocalModels(modelsDir)).resolves.toEqual([
      { id: 'alpha-model', dir: join(modelsDir, 'alpha-model'), task: 'text-generation' },
      { id: 'linked-model', dir: join(modelsDir, 'linked-model'), task: 'text-generation' },
      { id: 'zeta-model', dir: join(modelsDir, 'zeta-model'), task: 'text-generation' },
    ]);
  });

  it('treats a missing models folder as empty', async () => {
    await expect(discoverLocalModels(join(modelsDir, 'does-not-exist'))).resolves.toEqual([]);
  });
});

describe('missingModelFiles', () => {
  it('names what a folder lacks', async () => {
    await expect(missingModelFiles(join(modelsDir, 'no-weights'))).resolves.toEqual(['onnx/model.onnx']);
    await expect(missingModelFiles(join(modelsDir, 'alpha-model'))).resolves.toEqual([]);
  });
});
