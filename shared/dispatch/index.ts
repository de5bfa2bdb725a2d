/**
 * Runs a request against ordered targets: the first that answers wins; a target that fails with
 * a provider-side error (unreachable, overloaded, 5xx, timeout) hands over to the next, as long as
 * nothing has been sent to the caller yet. Caller-side errors (bad request) stop at once.
 */
import type { ChatCompletionChunk, ChatCompletionRequest } from '../schemas/chat.ts';
import type { EmbeddingsRequest } from '../schemas/embeddings.ts';
import { ServiceUnavailableError, SwitchyardError, toSwitchyardError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import type { ResolvedTarget } from '../providers/registry.ts';
import type { EmbedResult, GenerateResult, RunOptions, ServedBy } from '../spec/model-runner.ts';

export interface DispatchOptions extends RunOptions {
  logger?: Logger;
}

export interface Dispatched<T> {
  result: T;
  target: ResolvedTarget;
}

export interface DispatchedStream {
  target: ResolvedTarget;
  servedBy: ServedBy;
  model: string;
  /** The first chunk, already received: proof the target is producing. */
  first: ChatCompletionChunk | undefined;
  /** The remaining chunks. */
  rest: AsyncIterator<ChatCompletionChunk>;
}

const FALLBACK_TYPES = new Set(['upstream_error', 'service_unavailable', 'timeout_error', 'rate_limit_exceeded']);

/** Provider-side trouble that another target may not have. */
export function isFallbackWorthy(error: SwitchyardError): boolean {
  return FALLBACK_TYPES.has(error.type);
}

async function tryInOrder<T>(
  targets: readonly ResolvedTarget[],
  requestedModel: string,
  options: DispatchOptions,
  attempt: (target: ResolvedTarget) => Promise<T>,
): Promise<Dispatched<T>> {
  const failures: { target: ResolvedTarget; error: SwitchyardError }[] = [];
  for (const target of targets) {
    if (options.signal?.aborted) break;
    try {
      return { result: await attempt(target), target };
    } catch (thrown) {
      const error = toSwitchyardError(thrown);
      options.logger?.log('warn', 'runner-fail', {
        requestId: options.requestId,
        runner: target.runner.id,
        type: error.type,
        status: error.statusCode,
      });
      if (!isFallbackWorthy(error)) throw error;
      failures.push({ target, error });
    }
  }
  throw allTargetsFailed(requestedModel, failures);
}

function allTargetsFailed(requestedModel: string, failures: { target: ResolvedTarget; error: SwitchyardError }[]): SwitchyardError {
  const [only] = failures;
  if (failures.length === 1 && only && only.error instanceof ServiceUnavailableError) return only.error;
  const reasons = failures.map(({ target, error }) => `${target.modelId}: ${error.message}`).join('; ');
  const retryAfter = failures.map(({ error }) => error.retryAfterSeconds).filter((value) => value !== undefined);
  return new ServiceUnavailableError({
    message: failures.length === 0 ? `No target is available for "${requestedModel}".` : `No target could serve "${requestedModel}". ${reasons}`,
    code: 'no_target_available',
    retryAfterSeconds: retryAfter.length > 0 ? Math.min(...retryAfter) : 1,
  });
}

export function dispatchGenerate(
  targets: readonly ResolvedTarget[],
  request: ChatCompletionRequest,
  options: DispatchOptions = {},
): Promise<Dispatched<GenerateResult>> {
  return tryInOrder(targets, request.model, options, (target) => target.runner.doGenerate(request, options));
}

export function dispatchEmbed(
  targets: readonly ResolvedTarget[],
  request: EmbeddingsRequest,
  options: DispatchOptions = {},
): Promise<Dispatched<EmbedResult>> {
  return tryInOrder(targets, request.model, options, async (target) => {
    const { runner } = target;
    if (!runner.doEmbed || !runner.capabilities.embeddings) {
      throw new ServiceUnavailableError({ message: `${target.modelId} does not serve embeddings.`, code: 'capability_missing' });
    }
    return runner.doEmbed(request, options);
  });
}

/**
 * Starts a stream and waits for its first chunk before committing to a target, so a target that
 * accepts the request and then fails at once still falls back invisibly.
 */
export async function dispatchStream(
  targets: readonly ResolvedTarget[],
  request: ChatCompletionRequest,
  options: DispatchOptions = {},
): Promise<DispatchedStream> {
  const { result, target } = await tryInOrder(targets, request.model, options, async (target) => {
    const stream = await target.runner.doStream(request, options);
    const iterator = stream.chunks[Symbol.asyncIterator]();
    try {
      const first = await iterator.next();
      return { stream, iterator, first: first.done ? undefined : first.value };
    } catch (error) {
      await iterator.return?.().catch(() => undefined);
      throw error;
    }
  });
  return { target, servedBy: result.stream.servedBy, model: result.stream.model, first: result.first, rest: result.iterator };
}
