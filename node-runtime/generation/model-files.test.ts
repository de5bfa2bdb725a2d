import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { missingModelFiles, requiredModelFiles } from './model-files.ts';

let modelDir: string;

beforeAll(async () => {
  modelDir = await mkdtemp(join(tmpdir(), 'switchyard-model-files-'));
  await mkdir(join(modelDir, 'onnx'), { recursive: true });
  for (const file of ['config.json', 'tokenizer.json', 'onnx/model_q4f16.onnx']) await writeFile(join(modelDir, file), '{}');
});

afterAll(async () => {
  if (modelDir) await rm(modelDir, { recursive: true, force: true });
});

describe('missingModelFiles', () => {
  it('names the weights file of the dtype', () => {
    expect(requiredModelFiles()).toEqual(['config.json', 'tokenizer.json', 'onnx/model.onnx']);
    expect(requiredModelFiles('q4f16')).toContain('onnx/model_q4f16.onnx');
    expect(requiredModelFiles('q8')).toContain('onnx/model_quantized.onnx');
  });

  it('lists what is missing for that dtype only', async () => {
    await expect(missingModelFiles(modelDir, 'q4f16')).resolves.toEqual([]);
    await expect(missingModelFiles(modelDir, 'fp32')).resolves.toEqual(['onnx/model.onnx']);
    await expect(missingModelFiles(join(modelDir, 'absent'))).resolves.toEqual(['config.json', 'tokenizer.json', 'onnx/model.onnx']);
  });
});
