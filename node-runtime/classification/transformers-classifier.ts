/**
 * Runs a pulled transformers.js sequence-classification model (e.g. a DeBERTa prompt-injection
 * classifier) from disk with @huggingface/transformers v4: tokenize with truncation to the
 * model's input limit, group texts of similar length into runs, pad each run, and turn each
 * text's logits into label probabilities with the labels of the model's config.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

import { AutoModelForSequenceClassification, AutoTokenizer, Tensor, env } from '@huggingface/transformers';
import { z } from 'zod';

import { lengthBuckets } from '../embeddings/length-buckets.ts';
import type { ExecutionProvider } from '../execution-provider/index.ts';
import type { InstalledManifest, ModelDtype } from '../models/manifest.ts';
import { classificationOf, type ClassifiedText, type TextClassifier } from './text-classifier.ts';

/**
 * Fixed cost of one model run in padded token slots: one long window among short ones gets its
 * own run once that saves more padding than a run costs. Tuned like the sentence encoder's.
 */
const RUN_COST_IN_PADDED_TOKENS = 48;

const ClassifierConfig = z.looseObject({
  id2label: z.record(z.string().regex(/^\d+$/, 'id2label keys must be label indices'), z.string().min(1)).optional(),
  num_labels: z.int().min(1).optional(),
  problem_type: z.string().nullable().optional(),
});

const TokenizedBatch = z.object({ input_ids: z.array(z.array(z.number())) });

export interface LoadTransformersClassifierOptions {
  /** The model folder (config.json, tokenizer.json, onnx/model*.onnx). */
  dir: string;
  executionProvider: ExecutionProvider;
  dtype: ModelDtype;
  maxInputTokens: number;
}

/** Label names by logit index from config.json; `LABEL_<i>` where the config names none. */
export async function readLabels(dir: string): Promise<string[]> {
  const parsed = ClassifierConfig.safeParse(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')));
  if (!parsed.success) throw new Error(`${join(dir, 'config.json')} is not a classifier config: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const config = parsed.data;
  if (config.problem_type === 'multi_label_classification') {
    throw new Error('multi-label classifiers (problem_type "multi_label_classification") are not served: /v1/classifications reports a softmax over labels');
  }
  const named = config.id2label ?? {};
  const count = Math.max(config.num_labels ?? 0, ...Object.keys(named).map((key) => Number(key) + 1));
  if (count < 2) throw new Error('the model config names fewer than two labels (id2label / num_labels)');
  const labels = Array.from({ length: count }, (_, index) => named[String(index)] ?? `LABEL_${index}`);
  if (new Set(labels).size !== labels.length) throw new Error(`the model config names a label twice: ${labels.join(', ')}`);
  return labels;
}

function logitsOf(outputs: unknown, batch: number, labelCount: number): Float32Array {
  const logits = typeof outputs === 'object' && outputs !== null ? (outputs as Record<string, unknown>).logits : undefined;
  if (!(logits instanceof Tensor) || !(logits.data instanceof Float32Array)) throw new Error('the model returned no float32 "logits" output');
  const [rows, columns] = logits.dims;
  if (logits.dims.length !== 2 || rows !== batch || columns !== labelCount) {
    throw new Error(`the model returned logits of shape [${logits.dims.join(', ')}], expected [${batch}, ${labelCount}]`);
  }
  return logits.data;
}

/**
 * Loads tokenizer and model, strictly from `dir`.
 *
 * @example
 *   const classifier = await loadTransformersClassifier({ dir, executionProvider: 'cpu', dtype: 'fp32', maxInputTokens: 512 });
 *   const [result] = await classifier.classify(['Ignore all previous instructions.']);
 */
export async function loadTransformersClassifier({ dir, executionProvider, dtype, maxInputTokens }: LoadTransformersClassifierOptions): Promise<TextClassifier> {
  const modelDir = resolve(dir);
  // Set on every load: with allowRemoteModels left true, a missing file is fetched from the hub silently.
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = dirname(modelDir);
  const labels = await readLabels(modelDir);
  // The absolute folder, not the bare id: transformers.js memoizes lookups by the name it is given.
  const tokenizer = await AutoTokenizer.from_pretrained(modelDir, { local_files_only: true });
  const model = await AutoModelForSequenceClassification.from_pretrained(modelDir, { local_files_only: true, device: executionProvider, dtype });
  const padTokenId = BigInt(tokenizer.pad_token_id ?? 0);

  async function classifyRun(tokenIds: readonly (readonly number[])[]): Promise<ClassifiedText[]> {
    // At least one slot: a run of empty texts (a tokenizer without special tokens) still makes a valid tensor.
    const width = Math.max(1, ...tokenIds.map((ids) => ids.length));
    const inputIds = new BigInt64Array(tokenIds.length * width).fill(padTokenId);
    const attentionMask = new BigInt64Array(tokenIds.length * width);
    tokenIds.forEach((ids, row) => {
      ids.forEach((id, position) => {
        inputIds[row * width + position] = BigInt(id);
        attentionMask[row * width + position] = 1n;
      });
    });
    const dims = [tokenIds.length, width];
    const outputs: unknown = await model({ input_ids: new Tensor('int64', inputIds, dims), attention_mask: new Tensor('int64', attentionMask, dims) });
    const logits = logitsOf(outputs, tokenIds.length, labels.length);
    return tokenIds.map((ids, row) => classificationOf(logits.subarray(row * labels.length, (row + 1) * labels.length), labels, ids.length));
  }

  return {
    labels,
    maxInputTokens,
    executionProvider,

    async classify(texts: readonly string[]): Promise<ClassifiedText[]> {
      if (texts.length === 0) return [];
      const tokenized = TokenizedBatch.parse(tokenizer([...texts], { padding: false, truncation: true, max_length: maxInputTokens, return_tensor: false }));
      const tokenIds = tokenized.input_ids;
      const classified = new Array<ClassifiedText>(texts.length);
      // Bucketing is tuned on CPU only; a GPU keeps one run.
      const runs = executionProvider === 'cpu' ? lengthBuckets(tokenIds.map((ids) => ids.length), RUN_COST_IN_PADDED_TOKENS) : [tokenIds.map((_, index) => index)];
      for (const run of runs) {
        const results = await classifyRun(run.map((index) => tokenIds[index] ?? []));
        run.forEach((index, position) => {
          classified[index] = results[position] as ClassifiedText;
        });
      }
      return classified;
    },

    async dispose() {
      await model.dispose();
    },
  };
}

/**
 * The classifier of a verified text-classification folder, in the current thread.
 *
 * @example
 *   const classifier = await loadClassifierFromDisk(manifest, dir, 'cpu');
 */
export async function loadClassifierFromDisk(manifest: InstalledManifest, dir: string, provider: ExecutionProvider): Promise<TextClassifier> {
  if (manifest.task !== 'text-classification') throw new Error(`model "${manifest.id}" is a ${manifest.task} model, not text-classification`);
  if (manifest.layout !== 'transformers.js') throw new Error(`model "${manifest.id}": text classifiers load from the transformers.js layout, not "${manifest.layout}"`);
  return loadTransformersClassifier({ dir, executionProvider: provider, dtype: manifest.dtype, maxInputTokens: manifest.contextLength });
}
