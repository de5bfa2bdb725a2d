import type { Context, MiddlewareHandler } from 'hono';
import { dispatchEmbed, dispatchGenerate, dispatchStream } from '../../../shared/dispatch/index.ts';
import { SSE_HEADERS, sseBody } from '../../../shared/dispatch/sse-response.ts';
import type { ResolvedTarget } from '../../../shared/providers/registry.ts';
import type { ServedBy } from '../../../shared/spec/model-runner.ts';
import type { AppEnv } from '../../context.ts';

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

/**
 * Stage 10: runs the routed request on the first target that answers and writes the response:
 * JSON, or SSE for streams (errors after the first byte end the stream with an error event).
 */
export const respond = (): MiddlewareHandler<AppEnv> =>
  async function respond(c) {
    const body = c.var.body;
    const targets = c.var.targets;
    const controller = callerSignal(c);
    const options = { signal: controller.signal, requestId: c.var.requestId, logger: c.var.logger };

    if (body.kind === 'embeddings') {
      const { result, target } = await dispatchEmbed(targets, body.request, options);
      return c.json(result.response, 200, routeHeaders(target, result.servedBy, result.model));
    }

    if (!body.request.stream) {
      const { result, target } = await dispatchGenerate(targets, body.request, options);
      return c.json(result.completion, 200, routeHeaders(target, result.servedBy, result.model));
    }

    const stream = await dispatchStream(targets, body.request, options);
    const { requestId, logger } = c.var;
    const eventStream = sseBody({
      first: stream.first,
      rest: stream.rest,
      abortController: controller,
      onEnd: ({ error, chunks, cancelled }) =>
        logger.log(error ? 'warn' : 'info', 'stream-end', { requestId, chunks, cancelled, errorType: error?.type }),
    });
    return new Response(eventStream, {
      status: 200,
      headers: { ...SSE_HEADERS, ...routeHeaders(stream.target, stream.servedBy, stream.model) },
    });
  };
