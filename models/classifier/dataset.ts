/**
 * Reads the committed corpus (train.jsonl, dev.jsonl) and turns examples into the sparse
 * features and label indices the trainer consumes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { featurize, type FeatureConfig } from '../../shared/features/index.ts';
import { CORPUS_FILES, writeCorpus } from './corpus/build-corpus.ts';
import { CorpusExample, TASK_LABELS } from './corpus/example.ts';
import type { EncodedExample } from './network.ts';

export const INJECTION_LABELS = ['benign', 'attack'] as const;
export const DIFFICULTY_LABELS = ['simple', 'complex'] as const;

export interface Corpus {
  train: CorpusExample[];
  dev: CorpusExample[];
  /** The exact bytes read, for the manifest's corpus hash. */
  bytes: { train: string; dev: string };
}

function parseLines(text: string, split: 'train' | 'dev', file: string): CorpusExample[] {
  return text
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line, index) => {
      const parsed = CorpusExample.safeParse({ ...(JSON.parse(line) as object), split });
      if (!parsed.success) throw new Error(`${file}:${index + 1} is not a valid corpus example (${parsed.error.issues[0]?.message ?? 'invalid'}); rebuild it with npx tsx models/classifier/corpus/build-corpus.ts`);
      return parsed.data;
    });
}

/** Loads the corpus, building it first when the JSONL files are missing. */
export function loadCorpus({ log = (message: string) => process.stdout.write(`${message}\n`) } = {}): Corpus {
  if (!existsSync(CORPUS_FILES.train) || !existsSync(CORPUS_FILES.dev)) {
    log('corpus files missing: generating them from models/classifier/corpus/*.ts');
    writeCorpus();
  }
  const bytes = { train: readFileSync(CORPUS_FILES.train, 'utf8'), dev: readFileSync(CORPUS_FILES.dev, 'utf8') };
  return { train: parseLines(bytes.train, 'train', 'train.jsonl'), dev: parseLines(bytes.dev, 'dev', 'dev.jsonl'), bytes };
}

/** Sparse features plus a class index per head (-1 = no label, masked in the loss). */
export function encodeExample(example: CorpusExample, features: FeatureConfig): EncodedExample {
  const { ids, weights } = featurize(example.text, features);
  return {
    ids,
    weights,
    labels: {
      injection: example.injection ? INJECTION_LABELS.indexOf(example.injection) : -1,
      difficulty: example.difficulty ? DIFFICULTY_LABELS.indexOf(example.difficulty) : -1,
      task: example.task ? TASK_LABELS.indexOf(example.task) : -1,
    },
  };
}
