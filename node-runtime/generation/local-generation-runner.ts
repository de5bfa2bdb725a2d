/**
 * The node runtime's local text-generation runner: a ModelRunner over a transformers.js v4 causal
 * LM on onnxruntime-node, loaded from disk only.
 */
import { randomInt, randomUUID } from 'node:crypto';

import { InvalidRequestError, ServiceUnavailableError } from '../../shared/errors/index.ts';
import {
  contentText,
  requestedMaxTokens,
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  type ChatMessage,
  type Usage,
} from '../../shared/schemas/chat.ts';
import type { GenerateResult, ModelRunner, StreamResult } from '../../shared/spec/model-runner.ts';
import { admit, deadlineExpiredWhileRunningError, type AdmissionRunOptions, type AdmittedRun } from '../admission/admission.ts';
import { ConcurrencyGate, type GateStats } from '../admission/concurrency-gate.ts';
import { loadOnExecutionProvider } from '../execution-provider/index.ts';
import type { ModelDtype } from '../models/manifest.ts';
import { AsyncQueue } from './async-queue.ts';
import { generateTokens, type GenerationOutcome, type GenerationSettings } from './generate-tokens.ts';
import {
  MissingModelFilesError,
  loadLocalGenerationModel,
  type GenerationDevice,
  type LoadedGenerationModel,
} from './load-local-model.ts';

export interface LocalGenerationRunnerOptions {
  /** Folder name under `modelsDir`; a single path segment. */
  modelId: string;
  /** Folder with one sub-folder per model (transformers.js layout). */
  modelsDir: string;
  device: GenerationDevice;
  /** On `cuda`: load on CPU when the CUDA load fails, instead of failing. Default false. */
  fallbackToCpu?: boolean;
  /** Weights to load (the installed manifest's dtype). Default fp32. */
  dtype?: ModelDtype;
  /** Admission: running and waiting generations. Default: one at a time, unbounded queue. */
  gate?: ConcurrencyGate;
  /** Completion budget when the request sets none. Default 256. */
  defaultMaxTokens?: number;
  /** Seconds since the epoch, for `created`. */
  now?: () => number;
  /** Telemetry: model loads and finished generations. Must not throw. */
  onEvent?: (event: LocalGenerationEvent) => void;
}

export type LocalGenerationEvent =
  | { type: 'model-load'; modelId: string; device: GenerationDevice; durationMs: number; ok: boolean }
  | { type: 'execution-provider-fallback'; modelId: string; cause: string }
  | {
      type: 'generation-end';
      modelId: string;
      promptTokens: number;
      completionTokens: number;
      durationMs: number;
      outcome: GenerationEndOutcome;
    };

export type GenerationEndOutcome = 'stop' | 'length' | 'aborted' | 'error';

export interface LocalGenerationRunner extends ModelRunner {
  readonly modelId: string;
  /** The device asked for; see executionProvider for the one in use. */
  readonly device: GenerationDevice;
  /** The device the loaded model runs on, and why; undefined before the first load. */
  readonly executionProvider: { provider: GenerationDevice; reason: string } | undefined;
  gateStats(): GateStats;
  /** Loads the model now (warm-up, health checks); rejects like a request would. */
  load(): Promise<void>;
  /** Releases the ONNX sessions; the next request loads again. */
  dispose(): Promise<void>;
}

const MODEL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Used when the chat template is missing from tokenizer_config.json. */
const FALLBACK_CHAT_TEMPLATE =
  "{% for message in messages %}{{ message['role'] + ': ' + message['content'] + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ 'assistant: ' }}{% endif %}";

interface PreparedRequest {
  promptIds: number[];
  settings: GenerationSettings;
  /** OpenAI `seed` (or a random one) for choice 0; choice i uses seed + i. */
  seed: number;
}

function templateMessages(messages: readonly ChatMessage[]): { role: string; content: string }[] {
  return messages.map((message) => ({
    // Most chat templates know only system/user/assistant/tool.
    role: message.role === 'developer' ? 'system' : message.role === 'function' ? 'tool' : message.role,
    content: contentText(message.content),
  }));
}

function stopStringsOf(request: ChatCompletionRequest): string[] {
  const { stop } = request;
  if (stop === null || stop === undefined) return [];
  return typeof stop === 'string' ? [stop] : stop;
}

function randomSeed(): number {
  return randomInt(2 ** 32);
}

function usageOf(promptTokens: number, completionTokens: number): Usage {
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

/**
 * Creates a ModelRunner for one local text-generation model. The model loads on first use (or
 * `load()`), once; a failed load becomes a 503 and the next request tries again. Requests pass
 * the runner's admission gate (default: one at a time): a full queue or an unmeetable deadline is
 * a fast 503, cancellation frees the slot.
 *
 * @param options.modelId folder name under `modelsDir`, also the reported model name
 * @param options.device 'cpu' or 'cuda' (see selectExecutionProvider)
 * @param options.defaultMaxTokens completion budget when a request names none, default 256
 * @example
 *   const runner = createLocalGenerationRunner({ modelId: 'tiny-random-gpt2', modelsDir: './models/local', device: 'cpu' });
 *   const { completion } = await runner.doGenerate({ model: 'tiny-random-gpt2', messages: [{ role: 'user', content: 'hi' }] });
 */
export function createLocalGenerationRunner({
  modelId,
  modelsDir,
  device,
  fallbackToCpu = false,
  dtype = 'fp32',
  gate = new ConcurrencyGate({ modelId, maxConcurrent: 1, maxQueued: Number.MAX_SAFE_INTEGER }),
  defaultMaxTokens = 256,
  now = () => Math.floor(Date.now() / 1000),
  onEvent,
}: LocalGenerationRunnerOptions): LocalGenerationRunner {
  if (!MODEL_ID_PATTERN.test(modelId) || modelId.includes('..')) {
    throw new Error(`createLocalGenerationRunner: modelId "${modelId}" must be one folder name (letters, digits, . _ -)`);
  }
  if (!modelsDir) throw new Error('createLocalGenerationRunner requires "modelsDir"');

  let loading: Promise<LoadedGenerationModel> | undefined;
  let active: { provider: GenerationDevice; reason: string } | undefined;
  const running = new Set<Promise<unknown>>();

  function load(): Promise<LoadedGenerationModel> {
    if (loading) return loading;
    const started = performance.now();
    const report = (ok: boolean) => onEvent?.({ type: 'model-load', modelId, device: active?.provider ?? device, durationMs: performance.now() - started, ok });
    loading = loadOnExecutionProvider({
      modelId,
      choice: { provider: device, strict: !fallbackToCpu, reason: `device "${device}"` },
      load: (provider) => loadLocalGenerationModel({ modelId, modelsDir, device: provider, dtype }),
      onFallback: ({ cause }) => onEvent?.({ type: 'execution-provider-fallback', modelId, cause }),
    }).then(
      ({ value: loaded, provider, reason }) => {
        active = { provider, reason };
        report(true);
        return loaded;
      },
      (error: unknown) => {
        loading = undefined;
        report(false);
        throw unavailable(error);
      },
    );
    return loading;
  }

  async function generate(
    loaded: LoadedGenerationModel,
    prepared: PreparedRequest,
    choiceIndex: number,
    options: { signal?: AbortSignal; onText?: (text: string) => void },
  ): Promise<GenerationOutcome> {
    const started = performance.now();
    const report = (completionTokens: number, outcome: GenerationEndOutcome) =>
      onEvent?.({
        type: 'generation-end',
        modelId,
        promptTokens: prepared.promptIds.length,
        completionTokens,
        durationMs: performance.now() - started,
        outcome,
      });
    try {
      const outcome = await generateTokens(loaded, prepared.promptIds, choiceSettings(prepared, choiceIndex), options);
      report(outcome.completionTokens, outcome.aborted ? 'aborted' : outcome.finishReason);
      return outcome;
    } catch (error) {
      report(0, 'error');
      throw error;
    }
  }

  function unavailable(error: unknown): ServiceUnavailableError {
    const folder = `${modelsDir.replace(/\/+$/, '')}/${modelId}`;
    const message =
      error instanceof MissingModelFilesError
        ? `Local model "${modelId}" is not installed: ${folder} is ${error.message}. ` +
          'To fix: put a transformers.js model folder there (config.json, tokenizer.json, onnx/model.onnx) ' +
          'or point nodeRuntime.modelsDir at the folder that holds it.'
        : `Local model "${modelId}" failed to load from ${folder} on ${device}: ` +
          `${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}. ` +
          'To fix: check that the folder is a complete transformers.js export (fp32 onnx/model.onnx); ' +
          'if CUDA is the problem, set nodeRuntime.executionProvider to "auto" or "cpu".';
    return new ServiceUnavailableError({ message, code: 'model_unavailable', cause: error });
  }

  /** Tracks work in flight so dispose() can wait for it. */
  function track<T>(work: Promise<T>): Promise<T> {
    running.add(work);
    void work.finally(() => running.delete(work)).catch(() => undefined);
    return work;
  }

  /** The outcome of an aborted generation as the caller should see it. */
  function abortedError(run: AdmittedRun, callerSignal: AbortSignal | undefined): unknown {
    if (run.deadlinePassed()) return deadlineExpiredWhileRunningError(modelId);
    return callerSignal?.reason ?? new DOMException('The operation was aborted.', 'AbortError');
  }

  function prepare(loaded: LoadedGenerationModel, request: ChatCompletionRequest): PreparedRequest {
    if (request.tools !== undefined && request.tools.length > 0 && request.tool_choice !== 'none') {
      throw new InvalidRequestError({ message: `Model "${modelId}" does not support tools.`, param: 'tools', code: 'unsupported_parameter' });
    }
    const { tokenizer, contextLength } = loaded;
    const prompt = tokenizer.apply_chat_template(templateMessages(request.messages), {
      tokenize: false,
      add_generation_prompt: true,
      ...(tokenizer.chat_template ? {} : { chat_template: FALLBACK_CHAT_TEMPLATE }),
    });
    if (typeof prompt !== 'string') throw new Error('apply_chat_template returned tokens although tokenize was false');
    // The template already places any special tokens the model expects.
    const promptIds = tokenizer.encode(prompt, { add_special_tokens: false });

    const room = contextLength - promptIds.length;
    if (room < 1) {
      throw new InvalidRequestError({
        message: `The prompt is ${promptIds.length} tokens; model "${modelId}" has a context of ${contextLength} tokens.`,
        param: 'messages',
        code: 'context_length_exceeded',
      });
    }
    const temperature = request.temperature ?? 0;
    const seed = request.seed ?? randomSeed();
    return {
      promptIds,
      seed,
      settings: {
        maxTokens: Math.min(requestedMaxTokens(request) ?? defaultMaxTokens, room),
        stopStrings: stopStringsOf(request),
        ...(temperature > 0 ? { sampling: { temperature, topP: request.top_p ?? 1, seed } } : {}),
      },
    };
  }

  function choiceSettings({ settings, seed }: PreparedRequest, index: number): GenerationSettings {
    if (!settings.sampling) return settings;
    return { ...settings, sampling: { ...settings.sampling, seed: (seed + index) >>> 0 } };
  }

  const runner: LocalGenerationRunner = {
    specVersion: 'v1',
    id: `local:${modelId}`,
    servedBy: 'local',
    capabilities: { chat: true, streaming: true, tools: false, structuredOutput: false, embeddings: false },
    modelId,
    device,
    get executionProvider() {
      return active;
    },
    gateStats: () => gate.stats(),

    async load() {
      await load();
    },

    async dispose() {
      await Promise.allSettled([...running]);
      const current = loading;
      loading = undefined;
      const loaded = await current?.catch(() => undefined);
      await loaded?.model.dispose();
    },

    async doGenerate(request: ChatCompletionRequest, options: AdmissionRunOptions = {}): Promise<GenerateResult> {
      options.signal?.throwIfAborted();
      const loaded = await load();
      const prepared = prepare(loaded, request);
      const choiceCount = request.n ?? 1;
      const run = await admit(gate, options);
      const outcomes = await track(
        (async () => {
          let completed = false;
          try {
            const results: GenerationOutcome[] = [];
            for (let index = 0; index < choiceCount; index++) {
              const outcome = await generate(loaded, prepared, index, { signal: run.signal });
              // Like fetch: an aborted call rejects with the signal's reason.
              if (outcome.aborted) throw abortedError(run, options.signal);
              results.push(outcome);
            }
            completed = true;
            return results;
          } finally {
            run.finish({ observe: completed });
          }
        })(),
      );
      const completion: ChatCompletion = {
        id: `chatcmpl-${randomUUID().replaceAll('-', '')}`,
        object: 'chat.completion',
        created: now(),
        model: modelId,
        choices: outcomes.map((outcome, index) => ({
          index,
          message: { role: 'assistant', content: outcome.text, refusal: null },
          finish_reason: outcome.finishReason,
        })),
        usage: usageOf(
          prepared.promptIds.length,
          outcomes.reduce((sum, outcome) => sum + outcome.completionTokens, 0),
        ),
      };
      return { completion, servedBy: 'local', model: modelId };
    },

    async doStream(request: ChatCompletionRequest, options: AdmissionRunOptions = {}): Promise<StreamResult> {
      if ((request.n ?? 1) > 1) {
        throw new InvalidRequestError({ message: 'Streaming supports only n = 1 for local models.', param: 'n', code: 'unsupported_parameter' });
      }
      options.signal?.throwIfAborted();
      const loaded = await load();
      const prepared = prepare(loaded, request);

      // Generation stops when the caller aborts or when the consumer leaves the loop early.
      const consumerExit = new AbortController();
      const signal = options.signal ? AbortSignal.any([options.signal, consumerExit.signal]) : consumerExit.signal;
      const queue = new AsyncQueue<ChatCompletionChunk>({ onConsumerExit: () => consumerExit.abort() });
      // Refused (503) or cancelled while waiting: the caller can still fall back, nothing was sent.
      const run = await admit(gate, { signal, ...(options.deadlineAt !== undefined ? { deadlineAt: options.deadlineAt } : {}) });

      const includeUsage = request.stream_options?.include_usage === true;
      const base = {
        id: `chatcmpl-${randomUUID().replaceAll('-', '')}`,
        object: 'chat.completion.chunk' as const,
        created: now(),
        model: modelId,
        ...(includeUsage ? { usage: null } : {}),
      };
      const chunk = (delta: ChatCompletionChunk['choices'][number]['delta'], finishReason: GenerationOutcome['finishReason'] | null = null) => ({
        ...base,
        choices: [{ index: 0, delta, finish_reason: finishReason }],
      });

      queue.push(chunk({ role: 'assistant', content: '' }));
      void track(
        generate(loaded, prepared, 0, {
          signal: run.signal,
          onText: (text) => queue.push(chunk({ content: text })),
        }),
      ).then(
        (outcome) => {
          run.finish({ observe: !outcome.aborted });
          if (outcome.aborted && run.deadlinePassed()) return queue.fail(deadlineExpiredWhileRunningError(modelId));
          // An aborted stream just ends: nobody is reading, and a finish chunk would claim completion.
          if (outcome.aborted) return queue.end();
          queue.push(chunk({}, outcome.finishReason));
          if (includeUsage) queue.push({ ...base, choices: [], usage: usageOf(prepared.promptIds.length, outcome.completionTokens) });
          queue.end();
        },
        (error: unknown) => {
          run.finish({ observe: false });
          queue.fail(error);
        },
      );

      return { chunks: queue, servedBy: 'local', model: modelId };
    },
  };
  return runner;
}
