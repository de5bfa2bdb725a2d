/**
 * Finds installed local text-generation models: one folder per model id under the models
 * directory, in the layout transformers.js v4 loads.
 */
import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface LocalModel {
  /** The folder name, which is also the id callers use (`local:<id>` as runner id). */
  id: string;
  /** Absolute or as-configured path of the model folder. */
  dir: string;
  task: 'text-generation';
}

/** Files a folder must hold to be loadable by transformers.js as a causal LM (fp32 weights). */
export const REQUIRED_MODEL_FILES = ['config.json', 'tokenizer.json', 'onnx/model.onnx'] as const;

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The required files missing from `dir` (empty when the model looks complete). */
export async function missingModelFiles(dir: string): Promise<string[]> {
  const present = await Promise.all(REQUIRED_MODEL_FILES.map((file) => exists(join(dir, file))));
  return REQUIRED_MODEL_FILES.filter((_, index) => !present[index]);
}

/**
 * Lists the sub-folders of `modelsDir` that hold a complete model, sorted by id.
 * A missing or unreadable `modelsDir` means no local models, not an error.
 *
 * @example
 *   const models = await discoverLocalModels('./models/local');
 *   // [{ id: 'tiny-random-gpt2', dir: 'models/local/tiny-random-gpt2', task: 'text-generation' }]
 */
export async function discoverLocalModels(modelsDir: string): Promise<LocalModel[]> {
  let entries;
  try {
    entries = await readdir(modelsDir, { withFileTypes: true });
  } catch {
    return [];
  }
  const folders = entries.filter((entry) => (entry.isDirectory() || entry.isSymbolicLink()) && !entry.name.startsWith('.')).map((entry) => entry.name);
  const complete = await Promise.all(folders.map(async (name) => (await missingModelFiles(join(modelsDir, name))).length === 0));
  return folders
    .filter((_, index) => complete[index])
    .sort()
    .map((id) => ({ id, dir: join(modelsDir, id), task: 'text-generation' as const }));
}
