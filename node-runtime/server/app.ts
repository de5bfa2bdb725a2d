/**
 * The node runtime's HTTP API, reached by the edge over a signed hop. It serves the models in its
 * models folder and, when a local model is missing or fails before its first token, the cloud
 * fallbacks named in `nodeRuntime.fallbacks`.
 */
import { Hono } from 'hono';
import type { SwitchyardConfig } from '../../shared/config/schema.ts';
import { dispatchEmbed, dispatchGenerate, dispatchStream } from '../../shared/dispatch/index.ts';
import { SSE_HEADERS, sseBody } from '../../shared/dispatch/sse-response.ts';
import { AuthenticationError, NotFoundError, ServiceUnavailableError } from '../../shared/errors/index.ts';
import { parseJsonBody, readBodyText } from '../../shared/http/body.ts';
import { errorResponse, requestIdFrom } from '../../shared/http/errors.ts';
import type { HopVerifier } from '../../shared/hop/index.ts';
import type { Logger } from '../../shared/log/index.ts';
import type { ResolvedTarget, RunnerRegistry } from '../../shared/providers/registry.ts';
import { ChatCompletionRequest } from '../../shared/schemas/chat.ts';
import { EmbeddingsRequest } from '../../shared/schemas/embeddings.ts';
import type { ModelRunner } from '../../shared/spec/model-runner.ts';

export interface LocalModel {
  id: string;
  task: 'text-generation' | 'embeddings';
  runner: ModelRunner;
}

export interface NodeRuntimeAppOptions {
  config: SwitchyardConfig;
  hopVerifier: HopVerifier;
  localModels: readonly LocalModel[];
  /** Builds cloud fallback runners from the config's providers. */
  registry: RunnerRegistry;
  executionProvider: { provider: 'cuda' | 'cpu'; reason: string };
  modelsDir: string;
  logger: Logger;
}

interface RuntimeEnv {
  Variables: { requestId: string; bodyText: string };
}

export function createNodeRuntimeApp(options: NodeRuntimeAppOptions): Hono<RuntimeEnv> {
  const { config, hopVerifier, localModels, registry, executionProvider, modelsDir, logger } = options;
  const app = new Hono<RuntimeEnv>();
  const local = new Map(localModels.map((model) => [model.id, model]));
  const fallbackTargets = (): ResolvedTarget[] => config.nodeRuntime.fallbacks.map((name) => registry.target(name));

  app.use('*', async function requestContext(c, next) {
    c.set('requestId', requestIdFrom(c.req.header('x-request-id')));
    const startedAt = Date.now();
    await next();
    c.res.headers.set('x-request-id', c.var.requestId);
    logger.log('info', 'runtime-request-end', { requestId: c.var.requestId, path: c.req.path, status: c.res.status, durationMs: Date.now() - startedAt });
  });

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) =>
    c.json({
      status: 'ready',
      executionProvider: executionProvider.provider,
      executionProviderReason: executionProvider.reason,
      modelsDir,
      models: localModels.map(({ id, task }) => ({ id, task })),
      fallbacks: config.nodeRuntime.fallbacks,
    }),
  );

  // Every /v1 call must carry a fresh, unreplayed signature from the edge.
  app.use('/v1/*', async function verifyHop(c, next) {
    const bodyText = c.req.method === 'GET' ? '' : await readBodyText(c.req.raw, config.server.maxBodyBytes);
    const url = new URL(c.req.url);
    const verdict = await hopVerifier.verify({ method: c.req.method, path: url.pathname + url.search, body: bodyText }, c.req.raw.headers);
    if (!verdict.ok) {
      logger.log('warn', 'hop-reject', { requestId: c.var.requestId, reason: verdict.reason });
      throw new AuthenticationError({ message: `Hop rejected (${verdict.reason}).`, code: `hop_${verdict.reason.replace(/-/g, '_')}` });
    }
    c.set('bodyText', bodyText);
    await next();
  });

  app.get('/v1/models', (c) =>
    c.json({
      object: 'list',
      data: localModels.map(({ id }) => ({ id, object: 'model', created: 0, owned_by: 'local' })),
    }),
  );

  app.post('/v1/chat/completions', async (c) => {
    const request = parseJsonBody(c.var.bodyText, ChatCompletionRequest);
    const targets = targetsFor(request.model, 'text-generation');
    const runOptions = { signal: c.req.raw.signal, requestId: c.var.requestId, logger };
    if (!request.stream) {
      const { result, target } = await dispatchGenerate(targets, request, runOptions);
      return c.json(result.completion, 200, servedHeaders(result.servedBy, target.modelId));
    }
    const abortController = new AbortController();
    c.req.raw.signal.addEventListener('abort', () => abortController.abort(), { once: true });
    const stream = await dispatchStream(targets, request, { ...runOptions, signal: abortController.signal });
    return new Response(sseBody({ first: stream.first, rest: stream.rest, abortController }), {
      headers: { ...SSE_HEADERS, ...servedHeaders(stream.servedBy, stream.target.modelId) },
    });
  });

  app.post('/v1/embeddings', async (c) => {
    const request = parseJsonBody(c.var.bodyText, EmbeddingsRequest);
    const { result, target } = await dispatchEmbed(targetsFor(request.model, 'embeddings'), request, {
      signal: c.req.raw.signal,
      requestId: c.var.requestId,
      logger,
    });
    return c.json(result.response, 200, servedHeaders(result.servedBy, target.modelId));
  });

  function targetsFor(model: string, task: LocalModel['task']): ResolvedTarget[] {
    const found = local.get(model);
    const localTargets: ResolvedTarget[] =
      found && found.task === task ? [{ modelId: found.id, kind: task === 'embeddings' ? 'embeddings' : 'chat', runner: found.runner }] : [];
    const targets = [...localTargets, ...fallbackTargets()];
    if (targets.length === 0) {
      throw new ServiceUnavailableError({
        message: `The model "${model}" is not installed in ${modelsDir} and no fallback is configured. Install it there (or run "npm run models:build" for the test fixture), or add cloud models to nodeRuntime.fallbacks.`,
        code: 'model_not_installed',
      });
    }
    return targets;
  }

  app.notFound(() => {
    throw new NotFoundError({ message: 'Unknown path.', code: 'unknown_url' });
  });
  app.onError((thrown, c) => {
    const { error, response } = errorResponse(thrown);
    if (error.statusCode >= 500) logger.log('error', 'runtime-request-fail', { requestId: c.var.requestId, type: error.type, code: error.code });
    return response;
  });
  return app;
}

function servedHeaders(servedBy: string, model: string): Record<string, string> {
  return { 'x-switchyard-route': servedBy, 'x-switchyard-model': model };
}
