import type { Context, MiddlewareHandler } from 'hono';
import { dispatchEmbed, dispatchGenerate, dispatchStream } from '../../../shared/dispatch/index.ts';
import { SSE_HEADERS, sseBody } from '../../../shared/dispatch/sse-response.ts';
import type { ResolvedTarget } from '../../../shared/providers/registry.ts';
import { toSwitchyardError } from '../../../shared/errors/index.ts';
import type { ChatCompletionRequest } from '../../../shared/schemas/chat.ts';
import type { ServedBy } from '../../../shared/spec/model-runner.ts';
import type { AppEnv, ResponseOutcome } from '../../context.ts';
import { afterResponse } from '../../after-response.ts';
import { filterCompletion, filterStream, prepend } from '../../output/filters.ts';

/**
 * The model a response came from, for `x-switchyard-model`: the target's configured id, unless
 * the runner delegated (a node runtime that fell back to cloud reports its own choice).
 */
function servedModel(target: ResolvedTarget, servedBy: ServedBy, reportedModel: string): string {
  return servedBy === target.runner.servedBy ? target.modelId : reportedModel;
}

function routeHeaders(target: ResolvedTarget, servedBy: ServedBy, reportedModel: string): Record<string, string> {
  return { 'x-switchyard-route': servedBy, 'x-switchyard-model': servedModel(target, servedBy, reportedModel) };
}

/** Aborts upstream work when the caller disconnects (Request.signal fires on both runtimes). */
function callerSignal(c: Context<AppEnv>): AbortController {
  const controller = new AbortController();
  const signal = c.req.raw.signal;
  if (signal.aborted) controller.abort();
  else signal.addEventListener('abort', () => controller.abort(), { once: true });
  return controller;
}

function notify(c: Context<AppEnv>, outcome: ResponseOutcome): void {
  const listeners = c.get('responseListeners') ?? [];
  if (listeners.length > 0) afterResponse(c, Promise.all(listeners.map((listener) => listener(outcome))), 'response-listener-fail');
}

/** Budgets need real token counts, so streams ask upstream for usage whenever anyone listens. */
function withUsageRequested(request: ChatCompletionRequest, needed: boolean): ChatCompletionRequest {
  if (!needed || request.stream_options?.include_usage) return request;
  return { ...request, stream_options: { ...request.stream_options, include_usage: true } };
}

/**
 * Stage 10: runs the routed request on the first target that answers and writes the response:
 * JSON, or SSE for streams (errors after the first byte end the stream with an error event).
 * Output filters rewrite content on the way out; response listeners hear the outcome afterwards.
 */
export const respond = (): MiddlewareHandler<AppEnv> =>
  async function respond(c) {
    const body = c.get('body');
    const targets = c.get('targets');
    const filters = c.get('outputFilters') ?? [];
    const controller = callerSignal(c);
    const options = { signal: controller.signal, requestId: c.get('requestId'), logger: c.get('logger') };

    try {
      if (body.kind === 'embeddings') {
        const { result, target } = await dispatchEmbed(targets, body.request, options);
        notify(c, { servedBy: result.servedBy, model: result.model, usage: { ...result.response.usage, completion_tokens: 0 } });
        return c.json(result.response, 200, routeHeaders(target, result.servedBy, result.model));
      }
      if (!body.request.stream) {
        const { result, target } = await dispatchGenerate(targets, body.request, options);
        notify(c, { servedBy: result.servedBy, model: result.model, usage: result.completion.usage });
        return c.json(filterCompletion(result.completion, filters), 200, routeHeaders(target, result.servedBy, result.model));
      }
    } catch (error) {
      notify(c, { error: toSwitchyardError(error) });
      throw error;
    }

    const callerWantsUsage = body.request.stream_options?.include_usage === true;
    const upstreamRequest = withUsageRequested(body.request, (c.get('responseListeners') ?? []).length > 0);
    let stream;
    try {
      stream = await dispatchStream(targets, upstreamRequest, options);
    } catch (error) {
      notify(c, { error: toSwitchyardError(error) });
      throw error;
    }
    const filtered = filterStream(prepend(stream.first, stream.rest), filters, { callerWantsUsage });
    const requestId = c.get('requestId');
    const logger = c.get('logger');
    const eventStream = sseBody({
      first: undefined,
      rest: filtered.chunks,
      abortController: controller,
      onEnd: ({ error, chunks, cancelled }) => {
        logger.log(error ? 'warn' : 'info', 'stream-end', { requestId, chunks, cancelled, errorType: error?.type });
        notify(c, { servedBy: stream.servedBy, model: stream.model, usage: filtered.usage(), error, cancelled });
      },
    });
    return new Response(eventStream, {
      status: 200,
      headers: { ...SSE_HEADERS, ...routeHeaders(stream.target, stream.servedBy, stream.model) },
    });
  };
