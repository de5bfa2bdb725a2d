/** Local text generation for the node runtime: model discovery and the transformers.js runner. */
export { discoverLocalModels, missingModelFiles, REQUIRED_MODEL_FILES, type LocalModel } from './discover-local-models.ts';
export {
  createLocalGenerationRunner,
  type GenerationEndOutcome,
  type LocalGenerationEvent,
  type LocalGenerationRunner,
  type LocalGenerationRunnerOptions,
} from './local-generation-runner.ts';
export type { GenerationDevice } from './load-local-model.ts';
