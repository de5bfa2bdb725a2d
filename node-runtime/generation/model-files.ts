/** The files a transformers.js v4 causal LM folder needs for one dtype. */
import { access } from 'node:fs/promises';
import { join } from 'node:path';

import { onnxWeightFile, type ModelDtype } from '../models/manifest.ts';

/** Files a folder must hold for transformers.js to load it as a causal LM with `dtype` weights. */
export function requiredModelFiles(dtype: ModelDtype = 'fp32'): string[] {
  return ['config.json', 'tokenizer.json', onnxWeightFile(dtype)];
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The required files missing from `dir` (empty when the model looks complete). */
export async function missingModelFiles(dir: string, dtype: ModelDtype = 'fp32'): Promise<string[]> {
  const required = requiredModelFiles(dtype);
  const present = await Promise.all(required.map((file) => exists(join(dir, file))));
  return required.filter((_, index) => !present[index]);
}
