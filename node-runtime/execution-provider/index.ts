/**
 * Chooses the ONNX Runtime execution provider by trying it.
 *
 * onnxruntime-node does not fall back by itself: `executionProviders: ['cuda', 'cpu']` throws when
 * the CUDA provider or its libraries are missing. So we run a one-node model on CUDA first and
 * report which provider is active and why.
 */

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ExecutionProviderPreference = 'auto' | 'cuda' | 'cpu';
export type ExecutionProvider = 'cuda' | 'cpu';

export interface ExecutionProviderSelection {
  provider: ExecutionProvider;
  /** One line for logs and /health, e.g. why CUDA was not used. */
  reason: string;
}

export interface SelectExecutionProviderOptions {
  preference: ExecutionProviderPreference;
  /** Resolves when CUDA can run a model, rejects with the reason otherwise. Default: {@link probeCuda}. */
  probeCuda?: () => Promise<void>;
}

/**
 * `y = x + x` on a float[1], IR 8, opset 17. Written once with models/fixtures/onnx-graph-builder.ts
 * (the test rebuilds it and compares), inlined so the runtime does not need the dev-only onnx-proto.
 */
const PROBE_MODEL_BASE64 =
  'CAgSEHN3aXRjaHlhcmQtcHJvYmUaATEyADpFChUKAXgKAXgSAXkaBUFkZF8wIgNBZGQSCmN1ZGFfcHJvYmVaDwoBeBIKCggIARIECgIIAWIPCgF5EgoKCAgBEgQKAggBQgQKABAR';

/** The bytes of the probe model (`y = x + x`). */
export function probeModelBytes(): Uint8Array {
  return new Uint8Array(Buffer.from(PROBE_MODEL_BASE64, 'base64'));
}

/**
 * Creates an onnxruntime-node session restricted to the CUDA provider on a tiny in-memory model
 * and runs it once. Rejects with ORT's own error when CUDA cannot be used.
 */
export async function probeCuda(): Promise<void> {
  assertCudaProviderInstalled();
  const { InferenceSession, Tensor } = await import('onnxruntime-node');
  const session = await InferenceSession.create(probeModelBytes(), { executionProviders: ['cuda'] });
  try {
    const outputs = await session.run({ x: new Tensor('float32', Float32Array.of(1.5), [1]) });
    const result = outputs.y?.data;
    if (!(result instanceof Float32Array) || result[0] !== 3) {
      throw new Error('the CUDA probe model ran but returned a wrong result');
    }
  } finally {
    await session.release();
  }
}

/**
 * The CPU-only install (ONNXRUNTIME_NODE_INSTALL=skip) ships no CUDA provider library; saying so
 * up front is clearer than ORT's load failure, which also prints an error line of its own.
 */
function assertCudaProviderInstalled(): void {
  const entry = createRequire(import.meta.url).resolve('onnxruntime-node');
  const binary = join(dirname(entry), '..', 'bin', 'napi-v6', process.platform, process.arch, 'libonnxruntime_providers_cuda.so');
  if (process.platform === 'linux' && !existsSync(binary)) {
    throw new Error('onnxruntime-node was installed without its CUDA provider (libonnxruntime_providers_cuda.so is missing)');
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n').find((candidate) => candidate.trim() !== '') ?? 'unknown error';
  return line.trim().slice(0, 300);
}

/**
 * Picks `cuda` or `cpu` for the node runtime's ONNX sessions.
 *
 * - `cpu`: CPU without probing.
 * - `auto` (default in config): CUDA if the probe runs, else CPU with the probe's error as reason.
 * - `cuda`: CUDA or a thrown Error explaining how to install it; never a silent CPU fallback,
 *   because whoever asked for a GPU would rather fail at startup than serve 50x slower.
 *
 * @example
 *   const { provider, reason } = await selectExecutionProvider({ preference: config.nodeRuntime.executionProvider });
 */
export async function selectExecutionProvider({
  preference,
  probeCuda: probe = probeCuda,
}: SelectExecutionProviderOptions): Promise<ExecutionProviderSelection> {
  if (preference === 'cpu') return { provider: 'cpu', reason: 'executionProvider is "cpu"' };

  try {
    await probe();
  } catch (error) {
    const cause = firstLine(error);
    if (preference === 'cuda') {
      throw new Error(
        `CUDA was requested (executionProvider "cuda") but is unavailable: ${cause}. ` +
          'To fix: reinstall onnxruntime-node with its CUDA provider (ONNXRUNTIME_NODE_INSTALL=cuda12 npm ci, with network access), ' +
          'make the CUDA 12 and cuDNN 9 libraries loadable (e.g. on LD_LIBRARY_PATH), ' +
          'or set nodeRuntime.executionProvider to "auto" or "cpu".',
        { cause: error },
      );
    }
    return { provider: 'cpu', reason: `CUDA unavailable (${cause}); using CPU` };
  }
  return { provider: 'cuda', reason: `CUDA probe ran (executionProvider "${preference}")` };
}

export interface ModelExecutionProvider {
  provider: ExecutionProvider;
  /** CUDA was asked for explicitly: a CUDA failure must not quietly become CPU. */
  strict: boolean;
  reason: string;
}

/**
 * The provider one model should load on: its `nodeRuntime.models.<id>.executionProvider`
 * override, else the runtime's choice. Throws when the override asks for CUDA and CUDA is not
 * available, with the runtime's reason.
 */
export function executionProviderForModel(
  modelId: string,
  runtime: ExecutionProviderSelection,
  override: ExecutionProviderPreference | undefined,
): ModelExecutionProvider {
  if (override === 'cpu') return { provider: 'cpu', strict: true, reason: `nodeRuntime.models["${modelId}"].executionProvider is "cpu"` };
  if (override === 'cuda') {
    if (runtime.provider !== 'cuda') {
      throw new Error(
        `Model "${modelId}" asks for CUDA (nodeRuntime.models["${modelId}"].executionProvider is "cuda") but CUDA is unavailable: ${runtime.reason}. ` +
          'Fix CUDA, or set the override to "auto" or "cpu".',
      );
    }
    return { provider: 'cuda', strict: true, reason: `nodeRuntime.models["${modelId}"].executionProvider is "cuda"` };
  }
  return { provider: runtime.provider, strict: false, reason: runtime.reason };
}

export interface LoadOnProviderOptions<T> {
  modelId: string;
  choice: ModelExecutionProvider;
  /** Loads the model on one provider; rejects when it cannot. */
  load: (provider: ExecutionProvider) => Promise<T>;
  /** Told when a CUDA load failed and CPU is tried instead. */
  onFallback?: (event: { modelId: string; cause: string }) => void;
}

export interface LoadedOnProvider<T> {
  value: T;
  provider: ExecutionProvider;
  reason: string;
}

/**
 * Loads on the chosen provider. A model that fails on CUDA (an op without a CUDA kernel, out of
 * GPU memory) is loaded on CPU instead unless CUDA was demanded for it, and the reason says why.
 *
 * @example
 *   const { value: session, provider } = await loadOnExecutionProvider({ modelId, choice, load: (provider) => createSession(path, provider) });
 */
export async function loadOnExecutionProvider<T>({ modelId, choice, load, onFallback }: LoadOnProviderOptions<T>): Promise<LoadedOnProvider<T>> {
  if (choice.provider === 'cpu') return { value: await load('cpu'), provider: 'cpu', reason: choice.reason };
  try {
    return { value: await load('cuda'), provider: 'cuda', reason: choice.reason };
  } catch (error) {
    if (choice.strict) throw error;
    const cause = firstLine(error);
    onFallback?.({ modelId, cause });
    return { value: await load('cpu'), provider: 'cpu', reason: `failed to load on CUDA (${cause}); using CPU` };
  }
}
