/**
 * The edge app: the stages of the request path, in order, as Hono middleware. The same app runs
 * in workerd (edge/worker.ts) and on Node (edge/node-server.ts); runtime specifics are injected.
 */
import { Hono } from 'hono';
import { logAuditSink, type AuditSink } from '../shared/audit/index.ts';
import type { EdgeClassifier } from '../shared/classifier/index.ts';
import type { SwitchyardConfig } from '../shared/config/schema.ts';
import { InvalidRequestError, NotFoundError } from '../shared/errors/index.ts';
import { errorResponse } from '../shared/http/errors.ts';
import { createSecondStage, type SecondStage } from '../shared/injection/index.ts';
import type { Logger } from '../shared/log/index.ts';
import { RunnerRegistry, type RunnerContext } from '../shared/providers/registry.ts';
import { ChatCompletionRequest } from '../shared/schemas/chat.ts';
import { EmbeddingsRequest } from '../shared/schemas/embeddings.ts';
import { audit as auditTrail } from './audit/index.ts';
import type { AppEnv } from './context.ts';
import { healthRoutes, type ReadinessProbe } from './routes/health.ts';
import { guardRoute, type PiiScanner } from './routes/guard.ts';
import { modelsRoute } from './routes/models.ts';
import { requestContext } from './stages/01-request-context/index.ts';
import { auth, configKeyStore, createJwtVerifier, requireModelAccess, requireScope, type JwtVerifier, type KeyStore } from './stages/02-auth/index.ts';
import { limits, type Limiter } from './stages/03-limits/index.ts';
import { parse } from './stages/04-parse/index.ts';
import { piiCheck, sanitize } from './stages/05-sanitize/index.ts';
import { injectionCheck } from './stages/05-sanitize/injection.ts';
import { cache } from './stages/06-cache/index.ts';
import { classify } from './stages/07-classify/index.ts';
import { route } from './stages/08-route/index.ts';
import { validate } from './stages/09-validate/index.ts';
import { respond } from './stages/10-respond/index.ts';

export interface EdgeAppOptions {
  config: SwitchyardConfig;
  /** Secrets and fetch for the runners (process.env on Node, the Worker env on the edge). */
  runnerContext: RunnerContext;
  logger: Logger;
  keys?: KeyStore;
  /** Bearer JWTs from `config.jwtIssuers`; built from the config (secrets from runnerContext.env) when absent. */
  jwt?: JwtVerifier;
  /** Counts for limits and budgets: Durable Objects on the edge, SQLite on Node. Needed when the config declares limits. */
  limiter?: Limiter;
  /** Extra readiness checks (e.g. node runtimes), reported by GET /readyz. */
  readiness?: ReadinessProbe;
  /** The runtime's edge classifier (onnxruntime-web in workerd, onnxruntime-node on Node), created once. */
  classifier?: () => Promise<EdgeClassifier>;
  /** PII detection and masking for /v1/guard. */
  pii?: PiiScanner;
  /** Where audit records go (SQLite on Node, D1 on Workers); the log when absent. */
  audit?: AuditSink;
}

const NO_CLASSIFIER = (): Promise<EdgeClassifier> => Promise.reject(new Error('no edge classifier configured'));

/**
 * Builds the edge app.
 *
 * @example
 * const app = createEdgeApp({ config, runnerContext: { env: process.env }, logger: createJsonLogger() })
 * const response = await app.request('/v1/models', { headers: { authorization: `Bearer ${key}` } })
 */
export function createEdgeApp({
  config,
  runnerContext,
  logger,
  keys = configKeyStore(config),
  jwt = defaultJwtVerifier(config, runnerContext),
  limiter,
  readiness,
  classifier = NO_CLASSIFIER,
  pii,
  audit = logAuditSink(logger),
}: EdgeAppOptions): Hono<AppEnv> {
  const registry = new RunnerRegistry(config, runnerContext);
  const secondStage = injectionSecondStage(config, runnerContext);
  const { maxBodyBytes } = config.server;
  const app = new Hono<AppEnv>();

  app.use('*', requestContext({ logger }));
  app.route('/', healthRoutes({ registry, readiness }));

  // Limits run after parse on model routes: reserving tokens and dollars needs max_tokens and the model.
  const limit = limits({ config, limiter });
  // Before auth, so refused callers are audited too.
  app.use('/v1/*', auditTrail({ sink: audit, config }));
  app.use('/v1/*', auth({ keys, jwt }));
  app.get('/v1/models', requireScope('models'), limit, modelsRoute({ registry }));

  app.post('/v1/guard', requireScope('guard'), limit, guardRoute({ classifier, pii, maxBodyBytes, secondStage }));

  // Injection runs before PII masking so it sees the caller's own words.
  const checks = [injectionCheck({ classifier, config, secondStage }), piiCheck({ config })];
  const modelPath = [sanitize({ config, checks }), cache(), classify({ classifier }), route({ registry }), validate(), respond()];
  app.post(
    '/v1/chat/completions',
    requireScope('chat'),
    parse({ kind: 'chat', schema: ChatCompletionRequest, maxBodyBytes }),
    requireModelAccess(),
    limit,
    ...modelPath,
  );
  app.post(
    '/v1/embeddings',
    requireScope('embeddings'),
    parse({ kind: 'embeddings', schema: EmbeddingsRequest, maxBodyBytes }),
    requireModelAccess(),
    limit,
    ...modelPath,
  );
  for (const path of ['/v1/chat/completions', '/v1/embeddings', '/v1/guard']) {
    app.all(path, (c) => {
      throw new InvalidRequestError({ message: `${c.req.method} is not allowed on ${path}; use POST.`, code: 'method_not_allowed', statusCode: 405 });
    });
  }

  app.notFound((c) => {
    throw new NotFoundError({ message: `Unknown path ${c.req.method} ${c.req.path}.`, code: 'unknown_url' });
  });
  app.onError((thrown, c) => {
    const { error, response } = errorResponse(thrown);
    if (error.statusCode >= 500) {
      c.get('logger')?.log('error', 'request-fail', { requestId: c.get('requestId'), type: error.type, code: error.code, cause: describeCause(thrown) });
    }
    return response;
  });
  return app;
}

/** The injection policy's second stage on a node runtime, when the config asks for one. */
function injectionSecondStage(config: SwitchyardConfig, runnerContext: RunnerContext): SecondStage | undefined {
  const settings = config.guards.injection.secondStage;
  if (!settings) return undefined;
  const provider = config.providers.find((candidate) => candidate.id === settings.provider);
  // parseConfig reports this too; a config built some other way must not silently lose the check.
  if (provider?.type !== 'node-runtime') throw new Error(`guards.injection.secondStage.provider "${settings.provider}" must name a node-runtime provider`);
  return createSecondStage({ settings, provider, env: runnerContext.env, fetch: runnerContext.fetch });
}

function defaultJwtVerifier(config: SwitchyardConfig, runnerContext: RunnerContext): JwtVerifier | undefined {
  if (config.jwtIssuers.length === 0) return undefined;
  return createJwtVerifier({ issuers: config.jwtIssuers, tenants: new Set(config.tenants.map((tenant) => tenant.id)), env: runnerContext.env, fetch: runnerContext.fetch });
}

/** The class name of an unexpected error, for logs; never its message, which may quote input. */
function describeCause(thrown: unknown): string {
  const cause = thrown instanceof Error && thrown.cause instanceof Error ? thrown.cause : thrown;
  return cause instanceof Error ? cause.name : typeof cause;
}
