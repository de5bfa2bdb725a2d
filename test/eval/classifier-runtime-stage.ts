/**
 * The injection policy's second stage in `npm run eval classifier`: a pretrained
 * text-classification model (`guards.injection.secondStage`), measured when one is installed —
 * SWITCHYARD_INJECTION_MODEL (default protectai-deberta-v3-base-prompt-injection-v2) in
 * SWITCHYARD_MODELS_DIR (default models/local). It runs in this process through
 * `loadClassifierFromDisk`, the code the node runtime serves `/v1/classifications` with, and sees
 * the same head and tail windows the edge's client sends. Random-weight fixtures are refused:
 * their numbers would mean nothing.
 */
import { relative, resolve } from 'node:path';
import { loadClassifierFromDisk } from '../../node-runtime/classification/transformers-classifier.ts';
import { verifyModelFolder } from '../../node-runtime/models/registry.ts';
import { InjectionSecondStage } from '../../shared/config/schema.ts';
import { classificationWindows, type SecondStage } from '../../shared/injection/index.ts';

export const DEFAULT_INJECTION_MODEL = 'protectai-deberta-v3-base-prompt-injection-v2';

export type RuntimeStage = { model: string; stage: SecondStage; dispose(): Promise<void> } | { model: string; missing: string };

/** `allowFixture` is for the plumbing test of this file only. */
export async function loadRuntimeStage(env: Readonly<Record<string, string | undefined>> = process.env, { allowFixture = false } = {}): Promise<RuntimeStage> {
  const model = env.SWITCHYARD_INJECTION_MODEL || DEFAULT_INJECTION_MODEL;
  const modelsDir = resolve(env.SWITCHYARD_MODELS_DIR || 'models/local');
  const outcome = await verifyModelFolder(resolve(modelsDir, model));
  if (!outcome.ok) return { model, missing: `not installed in ${relative(process.cwd(), modelsDir) || '.'} (${outcome.code}); install it with "npx switchyard models pull ${model}" where the hub is reachable` };
  if (outcome.manifest.fixture && !allowFixture) return { model, missing: 'it is a random-weight fixture, whose scores mean nothing' };
  if (outcome.manifest.task !== 'text-classification') return { model, missing: `it is a ${outcome.manifest.task} model, not text-classification` };
  const classifier = await loadClassifierFromDisk(outcome.manifest, outcome.dir, 'cpu');
  const settings = InjectionSecondStage.parse({ provider: 'eval', model });
  const stage: SecondStage = {
    settings,
    async classify(texts) {
      const windows = texts.map(classificationWindows);
      const results = await classifier.classify(windows.flat());
      let next = 0;
      return windows.map((textWindows) => Math.max(...textWindows.map(() => results[next++]?.scores[settings.attackLabel] ?? 0)));
    },
  };
  return { model, stage, dispose: () => classifier.dispose() };
}
