/**
 * Turns verified model folders into the runtime's local models: a runner per model (generation
 * behind its admission gate, encoders and text classifiers behind their micro-batchers), on the
 * execution provider the runtime and the per-model config choose, with their state for /readyz
 * and /metrics.
 */
import { dirname } from 'node:path';

import type { NodeRuntimeSettings } from '../../shared/config/schema.ts';
import type { Logger } from '../../shared/log/index.ts';
import type { ModelRunner } from '../../shared/spec/model-runner.ts';
import type { z } from 'zod';
import { ConcurrencyGate } from '../admission/concurrency-gate.ts';
import { createClassificationRunner, type ClassificationRunner } from '../classification/classification-runner.ts';
import { loadClassifierInWorker } from '../classification/classifier-thread.ts';
import type { TextClassifier } from '../classification/text-classifier.ts';
import type { BatcherStats } from '../batching/micro-batcher.ts';
import { createEmbeddingsRunner, type EmbeddingsRunner } from '../embeddings/embeddings-runner.ts';
import { loadEncoderInWorker } from '../embeddings/encoder-thread.ts';
import type { SentenceEncoder } from '../embeddings/sentence-encoder.ts';
import {
  executionProviderForModel,
  loadOnExecutionProvider,
  type ExecutionProvider,
  type ExecutionProviderSelection,
  type ModelExecutionProvider,
} from '../execution-provider/index.ts';
import { createLocalGenerationRunner, type LocalGenerationRunner } from '../generation/index.ts';
import type { RuntimeMetrics } from '../metrics/runtime-metrics.ts';
import type { InstalledManifest } from './manifest.ts';
import type { VerifiedModel } from './registry.ts';

type Settings = z.output<typeof NodeRuntimeSettings>;

export type LocalModelState = 'loading' | 'ready' | 'failed' | 'unserved';

export interface LocalModelStatus {
  id: string;
  task: InstalledManifest['task'];
  state: LocalModelState;
  executionProvider?: ExecutionProvider;
  executionProviderReason?: string;
  /** Why the model failed or is not served. */
  error?: string;
  dtype: InstalledManifest['dtype'];
  contextLength: number;
  dimensions?: number;
  /** A text classifier's label names by logit index, once it is loaded. */
  labels?: string[];
  fixture: boolean;
  queue: { running: number; queued: number; limit: number; estimatedWaitMs: number };
}

export interface LocalModel {
  id: string;
  task: InstalledManifest['task'];
  manifest: InstalledManifest;
  /** Chat and embeddings models; absent for other tasks and for models that cannot load. */
  runner: ModelRunner | undefined;
  /** Text-classification models (`POST /v1/classifications`); absent otherwise. */
  classifier: ClassificationRunner | undefined;
  /** Loads now; resolves when loaded or failed (see status). */
  warmUp(): Promise<void>;
  status(): LocalModelStatus;
  dispose(): Promise<void>;
}

/** The file-free pieces a local model is built from; tests replace the encoder loader. */
export interface LocalModelOptions {
  verified: VerifiedModel;
  settings: Settings;
  runtimeProvider: ExecutionProviderSelection;
  metrics: RuntimeMetrics;
  logger: Logger;
  /** Default: in a worker thread, so inference never blocks the event loop. */
  loadEncoder?: (manifest: InstalledManifest, dir: string, provider: ExecutionProvider) => Promise<SentenceEncoder>;
  /** Default: in a worker thread, like encoders. */
  loadClassifier?: (manifest: InstalledManifest, dir: string, provider: ExecutionProvider) => Promise<TextClassifier>;
}

/** Per-model settings: `nodeRuntime.models.<id>` over the runtime-wide defaults. */
export function settingsForModel(settings: Settings, modelId: string, provider: ExecutionProvider) {
  const override = settings.models[modelId] ?? {};
  const concurrency = override.generationConcurrency ?? settings.admission.generationConcurrency;
  return {
    executionProvider: override.executionProvider,
    maxBatchSize: override.maxBatchSize ?? settings.batching.maxBatchSize,
    maxWaitMs: override.maxWaitMs ?? settings.batching.maxWaitMs,
    maxQueuedInputs: override.maxQueuedInputs ?? settings.admission.maxQueuedInputs,
    maxQueuedGenerations: override.maxQueuedGenerations ?? settings.admission.maxQueuedGenerations,
    // One generation saturates a CPU's cores; a GPU interleaves several.
    generationConcurrency: concurrency === 'auto' ? (provider === 'cuda' ? 4 : 1) : concurrency,
  };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}

/**
 * Creates the local model for one verified folder. Nothing loads until warmUp() or the first request.
 *
 * @example
 *   const model = createLocalModel({ verified, settings: config.nodeRuntime, runtimeProvider, metrics, logger });
 *   void model.warmUp();
 */
export function createLocalModel({
  verified,
  settings,
  runtimeProvider,
  metrics,
  logger,
  loadEncoder = loadEncoderInWorker,
  loadClassifier = loadClassifierInWorker,
}: LocalModelOptions): LocalModel {
  const { id, dir, manifest } = verified;
  let state: LocalModelState = 'loading';
  let error: string | undefined;
  let active: { provider: ExecutionProvider; reason: string } | undefined;
  let choice: ModelExecutionProvider | undefined;
  let labels: string[] | undefined;
  try {
    choice = executionProviderForModel(id, runtimeProvider, settings.models[id]?.executionProvider);
  } catch (thrown) {
    state = 'failed';
    error = firstLine(thrown);
  }
  const tuned = settingsForModel(settings, id, choice?.provider ?? runtimeProvider.provider);

  const markReady = (provider: ExecutionProvider, reason: string) => {
    state = 'ready';
    error = undefined;
    active = { provider, reason };
    metrics.modelExecutionProvider.set({ model: id, provider }, 1);
    logger.log('info', 'model-load', { model: id, provider, reason });
  };
  const markFailed = (thrown: unknown) => {
    state = 'failed';
    error = firstLine(thrown);
    logger.log('error', 'model-load-fail', { model: id, error: error.slice(0, 300) });
  };
  const onFallback = ({ cause }: { cause: string }) =>
    logger.log('warn', 'execution-provider-fallback', { model: id, from: 'cuda', to: 'cpu', cause: cause.slice(0, 300) });

  const base = {
    id,
    task: manifest.task,
    manifest,
    statusBase: () => ({
      id,
      task: manifest.task,
      state,
      ...(active ? { executionProvider: active.provider, executionProviderReason: active.reason } : {}),
      ...(error ? { error } : {}),
      dtype: manifest.dtype,
      contextLength: manifest.contextLength,
      ...(manifest.embedding ? { dimensions: manifest.embedding.dimensions } : {}),
      ...(labels ? { labels } : {}),
      fixture: manifest.fixture,
    }),
  };

  /** Loads once on the chosen provider (CPU fallback included); a failed load is retried on the next call. */
  const loadOnce = <T>(selected: ModelExecutionProvider, load: (provider: ExecutionProvider) => Promise<T>, onLoaded: (value: T) => void = () => {}) => {
    let loading: Promise<T> | undefined;
    return {
      get: (): Promise<T> => {
        loading ??= loadOnExecutionProvider({ modelId: id, choice: selected, load, onFallback }).then(
          ({ value, provider, reason }) => {
            onLoaded(value);
            markReady(provider, reason);
            return value;
          },
          (thrown: unknown) => {
            loading = undefined;
            markFailed(thrown);
            throw thrown;
          },
        );
        return loading;
      },
      /** The loaded value, if any, forgetting it. */
      release: async (): Promise<T | undefined> => {
        const loaded = await loading?.catch(() => undefined);
        loading = undefined;
        return loaded;
      },
    };
  };
  const batchMetrics = ({ size, durationMs }: { size: number; durationMs: number }) => {
    metrics.batchSize.observe({ model: id }, size);
    metrics.batchSeconds.observe({ model: id }, durationMs / 1000);
  };
  const queueOf = (stats: BatcherStats) => ({
    running: stats.batchRunning ? 1 : 0,
    queued: stats.queuedInputs,
    limit: stats.maxQueuedInputs,
    estimatedWaitMs: Math.round(stats.estimatedWaitMs),
  });

  if (manifest.task === 'text-generation' && choice) {
    const gate = new ConcurrencyGate({
      modelId: id,
      maxConcurrent: tuned.generationConcurrency,
      maxQueued: tuned.maxQueuedGenerations,
      onRefuse: (reason) => metrics.admissionRejections.increment({ model: id, reason }),
    });
    const runner: LocalGenerationRunner = createLocalGenerationRunner({
      modelId: id,
      modelsDir: dirname(dir),
      device: choice.provider,
      fallbackToCpu: !choice.strict,
      dtype: manifest.dtype,
      gate,
      onEvent: (event) => {
        if (event.type === 'execution-provider-fallback') onFallback(event);
        if (event.type === 'generation-end') {
          metrics.generatedTokens.increment({ model: id, outcome: event.outcome }, event.completionTokens);
          metrics.generationSeconds.observe({ model: id }, event.durationMs / 1000);
        }
      },
    });
    return {
      ...base,
      runner,
      classifier: undefined,
      async warmUp() {
        try {
          await runner.load();
          const loadedOn = runner.executionProvider;
          const fellBack = loadedOn !== undefined && loadedOn.provider !== choice.provider;
          markReady(loadedOn?.provider ?? choice.provider, fellBack ? loadedOn.reason : choice.reason);
        } catch (thrown) {
          markFailed(thrown);
        }
      },
      status() {
        const stats = gate.stats();
        return { ...base.statusBase(), queue: { running: stats.running, queued: stats.queued, limit: stats.maxQueued, estimatedWaitMs: Math.round(stats.estimatedWaitMs) } };
      },
      dispose: () => runner.dispose(),
    };
  }

  if (manifest.task === 'embeddings' && choice) {
    const encoder = loadOnce(choice, (provider) => loadEncoder(manifest, dir, provider));
    const runner: EmbeddingsRunner = createEmbeddingsRunner({
      modelId: id,
      encoder: encoder.get,
      maxBatchSize: tuned.maxBatchSize,
      maxWaitMs: tuned.maxWaitMs,
      maxQueuedInputs: tuned.maxQueuedInputs,
      onRefuse: (reason) => metrics.admissionRejections.increment({ model: id, reason }),
      onBatch: (event) => {
        batchMetrics(event);
        if (event.ok) metrics.embeddedInputs.increment({ model: id }, event.size);
      },
    });
    return {
      ...base,
      runner,
      classifier: undefined,
      warmUp: () => encoder.get().then(
        () => undefined,
        () => undefined,
      ),
      status: () => ({ ...base.statusBase(), queue: queueOf(runner.batcherStats()) }),
      dispose: async () => (await encoder.release())?.dispose(),
    };
  }

  if (manifest.task === 'text-classification' && choice) {
    const model = loadOnce(
      choice,
      (provider) => loadClassifier(manifest, dir, provider),
      (loaded) => {
        labels = [...loaded.labels];
      },
    );
    const classifier = createClassificationRunner({
      modelId: id,
      classifier: model.get,
      maxBatchSize: tuned.maxBatchSize,
      maxWaitMs: tuned.maxWaitMs,
      maxQueuedInputs: tuned.maxQueuedInputs,
      onRefuse: (reason) => metrics.admissionRejections.increment({ model: id, reason }),
      onBatch: batchMetrics,
    });
    return {
      ...base,
      runner: undefined,
      classifier,
      warmUp: () => model.get().then(
        () => undefined,
        () => undefined,
      ),
      status: () => ({ ...base.statusBase(), queue: queueOf(classifier.batcherStats()) }),
      dispose: async () => (await model.release())?.dispose(),
    };
  }

  if (state !== 'failed') {
    state = 'unserved';
    error = `no endpoint serves ${manifest.task} models yet; the model is verified but not loaded`;
  }
  return {
    ...base,
    runner: undefined,
    classifier: undefined,
    warmUp: async () => {},
    status: () => ({ ...base.statusBase(), queue: { running: 0, queued: 0, limit: 0, estimatedWaitMs: 0 } }),
    dispose: async () => {},
  };
}
