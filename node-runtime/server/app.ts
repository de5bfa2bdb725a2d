/**
 * The node runtime's HTTP API, reached by the edge over a signed hop. It serves the verified
 * models in its models folder (generation behind an admission gate, encoders and text
 * classifiers micro-batched) and, when a local chat or embedding model is missing, overloaded or
 * fails before its first token, the cloud fallbacks named in `nodeRuntime.fallbacks`.
 * Classifications have no cloud fallback. /healthz, /readyz and /metrics are unauthenticated.
 */
import { Hono } from 'hono';
import type { SwitchyardConfig } from '../../shared/config/schema.ts';
import { dispatchEmbed, dispatchGenerate, dispatchStream } from '../../shared/dispatch/index.ts';
import { SSE_HEADERS, sseBody } from '../../shared/dispatch/sse-response.ts';
import { AuthenticationError, InvalidRequestError, NotFoundError, ServiceUnavailableError } from '../../shared/errors/index.ts';
import { parseJsonBody, readBodyText } from '../../shared/http/body.ts';
import { errorResponse, requestIdFrom } from '../../shared/http/errors.ts';
import type { HopVerifier } from '../../shared/hop/index.ts';
import type { Logger } from '../../shared/log/index.ts';
import type { ResolvedTarget, RunnerRegistry } from '../../shared/providers/registry.ts';
import { ChatCompletionRequest } from '../../shared/schemas/chat.ts';
import { ClassificationsRequest } from '../../shared/schemas/classifications.ts';
import { EmbeddingsRequest } from '../../shared/schemas/embeddings.ts';
import type { AdmissionRunOptions } from '../admission/admission.ts';
import type { ClassificationRunner } from '../classification/classification-runner.ts';
import type { ExecutionProviderSelection } from '../execution-provider/index.ts';
import type { LocalModel } from '../models/local-models.ts';
import type { RejectedModel } from '../models/registry.ts';
import type { RuntimeMetrics } from '../metrics/runtime-metrics.ts';
import { PROMETHEUS_CONTENT_TYPE } from '../metrics/prometheus.ts';

export type { LocalModel };

export interface NodeRuntimeAppOptions {
  config: SwitchyardConfig;
  hopVerifier: HopVerifier;
  localModels: readonly LocalModel[];
  /** Names that stand for the first usable of several local models, e.g. `local-embeddings`. */
  aliases?: Readonly<Record<string, readonly string[]>>;
  /** Folders that failed verification, reported by /readyz. */
  rejectedModels?: readonly RejectedModel[];
  /** Builds cloud fallback runners from the config's providers. */
  registry: RunnerRegistry;
  executionProvider: ExecutionProviderSelection;
  modelsDir: string;
  logger: Logger;
  metrics: RuntimeMetrics;
}

interface RuntimeEnv {
  Variables: { requestId: string; bodyText: string };
}

const TIMEOUT_HEADER = 'x-switchyard-timeout-ms';
const MAX_TIMEOUT_MS = 3_600_000;
const METRIC_PATHS = new Set(['/v1/chat/completions', '/v1/embeddings', '/v1/classifications', '/v1/models', '/readyz', '/healthz', '/metrics']);

export function createNodeRuntimeApp(options: NodeRuntimeAppOptions): Hono<RuntimeEnv> {
  const { config, hopVerifier, localModels, aliases = {}, rejectedModels = [], registry, executionProvider, modelsDir, logger, metrics } = options;
  const app = new Hono<RuntimeEnv>();
  const local = new Map(localModels.map((model) => [model.id, model]));
  const fallbackTargets = (): ResolvedTarget[] => config.nodeRuntime.fallbacks.map((name) => registry.target(name));
  metrics.runtimeExecutionProvider.set({ provider: executionProvider.provider }, 1);
  metrics.modelState.collectWith(() =>
    [
      ...localModels.map((model) => ({ model: model.id, state: model.status().state })),
      ...rejectedModels.map((model) => ({ model: model.id, state: 'rejected' })),
    ].map((labels) => ({ labels, value: 1 })),
  );
  metrics.queueDepth.collectWith(() => localModels.map((model) => ({ labels: { model: model.id }, value: model.status().queue.queued })));
  metrics.running.collectWith(() => localModels.map((model) => ({ labels: { model: model.id }, value: model.status().queue.running })));

  app.use('*', async function requestContext(c, next) {
    c.set('requestId', requestIdFrom(c.req.header('x-request-id')));
    const startedAt = performance.now();
    await next();
    c.res.headers.set('x-request-id', c.var.requestId);
    const durationMs = performance.now() - startedAt;
    const path = METRIC_PATHS.has(c.req.path) ? c.req.path : 'other';
    metrics.requests.increment({ path, status: String(c.res.status) });
    metrics.requestSeconds.observe({ path }, durationMs / 1000);
    logger.log('info', 'runtime-request-end', { requestId: c.var.requestId, path: c.req.path, status: c.res.status, durationMs: Math.round(durationMs) });
  });

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => {
    const models = localModels.map((model) => model.status());
    const loading = models.some((model) => model.state === 'loading');
    const troubled = rejectedModels.length > 0 || models.some((model) => model.state === 'failed');
    return c.json(
      {
        status: loading ? 'loading' : troubled ? 'degraded' : 'ready',
        executionProvider: executionProvider.provider,
        executionProviderReason: executionProvider.reason,
        modelsDir,
        models,
        rejected: rejectedModels.map(({ id, code, reason }) => ({ id, code, reason })),
        aliases,
        fallbacks: config.nodeRuntime.fallbacks,
      },
      loading ? 503 : 200,
    );
  });
  app.get('/metrics', (c) => c.body(metrics.registry.render(), 200, { 'content-type': PROMETHEUS_CONTENT_TYPE }));

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
      data: [
        ...localModels.map((model) => {
          const status = model.status();
          return {
            id: model.id,
            object: 'model',
            created: 0,
            owned_by: 'local',
            task: status.task,
            state: status.state,
            execution_provider: status.executionProvider ?? null,
            ...(status.dimensions ? { dimensions: status.dimensions } : {}),
            ...(status.labels ? { labels: status.labels } : {}),
          };
        }),
        ...Object.entries(aliases).map(([id, targets]) => ({ id, object: 'model', created: 0, owned_by: 'local', alias_for: targets })),
      ],
    }),
  );

  function runOptions(signal: AbortSignal, timeoutHeader: string | undefined, requestId: string): AdmissionRunOptions & { logger: Logger } {
    let timeoutMs = config.nodeRuntime.admission.defaultTimeoutMs;
    if (timeoutHeader !== undefined) {
      const parsed = Number(timeoutHeader);
      if (!Number.isInteger(parsed) || parsed < 1 || parsed > MAX_TIMEOUT_MS) {
        throw new InvalidRequestError({ message: `${TIMEOUT_HEADER} must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}.`, param: TIMEOUT_HEADER, code: 'invalid_timeout' });
      }
      timeoutMs = parsed;
    }
    return { signal, requestId, logger, deadlineAt: Date.now() + timeoutMs };
  }

  app.post('/v1/chat/completions', async (c) => {
    const request = parseJsonBody(c.var.bodyText, ChatCompletionRequest);
    const targets = targetsFor(request.model, 'text-generation');
    if (!request.stream) {
      const { result, target } = await dispatchGenerate(targets, request, runOptions(c.req.raw.signal, c.req.header(TIMEOUT_HEADER), c.var.requestId));
      return c.json(result.completion, 200, servedHeaders(result.servedBy, target.modelId));
    }
    const abortController = new AbortController();
    c.req.raw.signal.addEventListener('abort', () => abortController.abort(), { once: true });
    const stream = await dispatchStream(targets, request, runOptions(abortController.signal, c.req.header(TIMEOUT_HEADER), c.var.requestId));
    return new Response(sseBody({ first: stream.first, rest: stream.rest, abortController }), {
      headers: { ...SSE_HEADERS, ...servedHeaders(stream.servedBy, stream.target.modelId) },
    });
  });

  app.post('/v1/embeddings', async (c) => {
    const request = parseJsonBody(c.var.bodyText, EmbeddingsRequest);
    const targets = targetsFor(request.model, 'embeddings');
    const { result, target } = await dispatchEmbed(targets, request, runOptions(c.req.raw.signal, c.req.header(TIMEOUT_HEADER), c.var.requestId));
    return c.json(result.response, 200, servedHeaders(result.servedBy, target.modelId));
  });

  app.post('/v1/classifications', async (c) => {
    const request = parseJsonBody(c.var.bodyText, ClassificationsRequest);
    const classifier = classifierFor(request.model);
    const response = await classifier.classify(request, runOptions(c.req.raw.signal, c.req.header(TIMEOUT_HEADER), c.var.requestId));
    return c.json(response, 200, servedHeaders('local', classifier.modelId));
  });

  /** The local text classifier named `model`; classifications never fall back to the cloud. */
  function classifierFor(model: string): ClassificationRunner {
    const found = local.get(model) ?? aliases[model]?.map((id) => local.get(id)).find((candidate) => candidate !== undefined);
    if (!found) {
      throw notInstalled(
        model,
        `The model "${model}" is not installed in ${modelsDir}. Install it there ("npx switchyard models pull <id>", or "npm run models:build" for the test fixture); classifications have no cloud fallback.`,
      );
    }
    if (found.task !== 'text-classification') {
      const classifiers = localModels.filter((candidate) => candidate.task === 'text-classification').map((candidate) => candidate.id);
      throw new InvalidRequestError({
        message:
          `The model "${model}" is a ${found.task} model; POST /v1/classifications needs a text-classification model. ` +
          (classifiers.length > 0 ? `Installed: ${classifiers.join(', ')}.` : `None is installed in ${modelsDir}; "npx switchyard models list" shows the catalog.`),
        param: 'model',
        code: 'model_task_mismatch',
      });
    }
    if (!found.classifier) {
      throw new ServiceUnavailableError({
        message: `Local classification model "${model}" is unavailable: ${found.status().error ?? 'it cannot load'}. GET /readyz on the node runtime shows its state.`,
        code: 'model_unavailable',
      });
    }
    return found.classifier;
  }

  /** 503 `model_not_installed`: the refusal reason for a folder that failed verification, else `missing`. */
  function notInstalled(model: string, missing: string): ServiceUnavailableError {
    const rejected = rejectedModels.find((entry) => entry.id === model);
    return new ServiceUnavailableError({
      message: rejected ? `The model "${model}" is installed in ${modelsDir} but was refused: ${rejected.reason}` : missing,
      code: 'model_not_installed',
    });
  }

  function localTarget(model: LocalModel | undefined, task: LocalModel['task']): ResolvedTarget[] {
    if (!model || model.task !== task || !model.runner) return [];
    return [{ modelId: model.id, kind: task === 'embeddings' ? 'embeddings' : 'chat', runner: model.runner }];
  }

  function targetsFor(model: string, task: LocalModel['task']): ResolvedTarget[] {
    const aliased = aliases[model];
    const candidates = aliased
      ? aliased.map((id) => local.get(id)).filter((candidate) => candidate !== undefined && candidate.status().state !== 'failed')
      : [local.get(model)];
    const targets = [...candidates.flatMap((candidate) => localTarget(candidate, task)), ...fallbackTargets()];
    if (targets.length === 0) {
      throw notInstalled(
        model,
        `The model "${model}" is not installed in ${modelsDir} and no fallback is configured. Install it there ("npx switchyard models pull <id>", or "npm run models:build" for the test fixture), or add cloud models to nodeRuntime.fallbacks.`,
      );
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
