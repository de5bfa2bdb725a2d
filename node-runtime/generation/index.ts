/** Local text generation for the node runtime: the transformers.js runner and its model files. */
export { missingModelFiles, requiredModelFiles } from './model-files.ts';
export {
  createLocalGenerationRunner,
  type GenerationEndOutcome,
  type LocalGenerationEvent,
  type LocalGenerationRunner,
  type LocalGenerationRunnerOptions,
} from './local-generation-runner.ts';
export type { GenerationDevice } from './load-local-model.ts';
