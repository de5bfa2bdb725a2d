/**
 * Loads a causal language model and its tokenizer from disk with transformers.js v4, never from
 * the network.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import {
  AutoModelForCausalLM,
  AutoTokenizer,
  env,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import { z } from 'zod';

import type { ModelDtype } from '../models/manifest.ts';
import { missingModelFiles } from './model-files.ts';

export type GenerationDevice = 'cpu' | 'cuda';

export interface LoadLocalModelOptions {
  modelId: string;
  modelsDir: string;
  device: GenerationDevice;
  /** Which weights file to load (the installed manifest's dtype). Default fp32. */
  dtype?: ModelDtype;
}

export interface LoadedGenerationModel {
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
  /** Prompt plus completion tokens the model can attend to. */
  contextLength: number;
  /** Ids that end generation; generating one finishes with 'stop'. */
  endTokenIds: ReadonlySet<number>;
}

/** Raised when the folder is incomplete, before transformers.js is asked for anything. */
export class MissingModelFilesError extends Error {
  constructor(readonly missingFiles: readonly string[]) {
    super(`missing ${missingFiles.join(', ')}`);
    this.name = 'MissingModelFilesError';
  }
}

const TokenIds = z.union([z.int(), z.array(z.int())]).nullable().optional();

const ModelConfig = z.looseObject({
  max_position_embeddings: z.int().positive().optional(),
  n_positions: z.int().positive().optional(),
  n_ctx: z.int().positive().optional(),
  eos_token_id: TokenIds,
});

const GenerationConfig = z.looseObject({ eos_token_id: TokenIds });

/** Context length used when a config names none; small on purpose, so prompts fail loudly rather than overflow. */
const FALLBACK_CONTEXT_LENGTH = 2048;

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8'));
}

function idsOf(value: z.infer<typeof TokenIds>): number[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Loads tokenizer and model for `modelId` from `<modelsDir>/<modelId>`.
 * Rejects with {@link MissingModelFilesError} when the folder is incomplete.
 */
export async function loadLocalGenerationModel({ modelId, modelsDir, device, dtype = 'fp32' }: LoadLocalModelOptions): Promise<LoadedGenerationModel> {
  const modelDir = resolve(modelsDir, modelId);
  const missing = await missingModelFiles(modelDir, dtype);
  if (missing.length > 0) throw new MissingModelFilesError(missing);

  // Set on every load: with allowRemoteModels left true, a missing file is fetched from the hub silently.
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = resolve(modelsDir);

  const config = ModelConfig.parse(await readJson(join(modelDir, 'config.json')));
  const generationConfig = await readJson(join(modelDir, 'generation_config.json')).then(
    (value) => GenerationConfig.parse(value),
    () => GenerationConfig.parse({}),
  );

  // The absolute folder, not the bare id: transformers.js memoizes file lookups by the id it is
  // given, so a bare id would share entries across models folders.
  const options = { local_files_only: true } as const;
  const tokenizer = await AutoTokenizer.from_pretrained(modelDir, options);
  const model = await AutoModelForCausalLM.from_pretrained(modelDir, { ...options, device, dtype });

  const endTokenIds = new Set([...idsOf(config.eos_token_id), ...idsOf(generationConfig.eos_token_id)]);
  if (typeof tokenizer.eos_token_id === 'number') endTokenIds.add(tokenizer.eos_token_id);
  return {
    tokenizer,
    model,
    contextLength: config.max_position_embeddings ?? config.n_positions ?? config.n_ctx ?? FALLBACK_CONTEXT_LENGTH,
    endTokenIds,
  };
}
