/**
 * The Cloudflare Worker entry. Config comes from the SWITCHYARD_CONFIG variable (the JSON of
 * switchyard.config.json; set it with `wrangler secret put SWITCHYARD_CONFIG < switchyard.config.json`)
 * or, without it, the built-in dev default keyed by SWITCHYARD_DEV_KEY.
 */
import { createPiiScanner } from '../shared/pii/index.ts';
import { logAuditSink, type AuditSink } from '../shared/audit/index.ts';
import type { ExportedHandler } from '@cloudflare/workers-types';
import type { Hono } from 'hono';
import { devDefaultConfig } from '../shared/config/dev-default.ts';
import { ConfigError, parseConfigText } from '../shared/config/parse.ts';
import type { SwitchyardConfig } from '../shared/config/schema.ts';
import { sha256Hex } from '../shared/crypto/index.ts';
import { ServiceUnavailableError } from '../shared/errors/index.ts';
import { requestIdFrom } from '../shared/http/errors.ts';
import { createJsonLogger } from '../shared/log/index.ts';
import { kvKeyStore, type KvReader } from './adapters/kv-key-store.ts';
import { durableObjectLimiter, type LimitsNamespace } from './adapters/limits-durable-object.ts';
import { createEdgeApp } from './app.ts';
import { d1AuditSink, type D1Database } from './audit/index.ts';
import type { AppEnv } from './context.ts';
import { workerdClassifier } from './classifier/workerd.ts';
import { probeNodeRuntimes } from './routes/health.ts';
import { chainKeyStores, configKeyStore, type KeyStore } from './stages/02-auth/index.ts';

export { LimitsDurableObject } from './adapters/limits-durable-object.ts';

export interface Env {
  /** The whole config file as JSON. */
  SWITCHYARD_CONFIG?: string;
  /** Dev default only: the one accepted API key. */
  SWITCHYARD_DEV_KEY?: string;
  /** Dev default only: comma-separated model ids the node runtime serves. */
  SWITCHYARD_LOCAL_MODELS?: string;
  SWITCHYARD_NODE_RUNTIME_URL?: string;
  SWITCHYARD_HOP_SECRET?: string;
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  ANTHROPIC_API_KEY?: string;
  ANTHROPIC_BASE_URL?: string;
  /** Durable Objects that count limits and budgets (wrangler.toml). */
  SWITCHYARD_LIMITS?: LimitsNamespace;
  /** API keys kept in KV, next to the config's own (wrangler.toml). */
  SWITCHYARD_KEYS?: KvReader;
  /** The audit trail's D1 database (wrangler.toml); without it, records go to the log. */
  AUDIT_DB?: D1Database;
}

function keyStoreFor(config: SwitchyardConfig, env: Env): KeyStore {
  const fromConfig = configKeyStore(config);
  if (!env.SWITCHYARD_KEYS) return fromConfig;
  return chainKeyStores(fromConfig, kvKeyStore({ namespace: env.SWITCHYARD_KEYS, tenants: new Set(config.tenants.map((tenant) => tenant.id)) }));
}

const logger = createJsonLogger();

let noticedMissingAuditStore = false;

function auditSinkFor(config: SwitchyardConfig, env: Env): AuditSink {
  if (env.AUDIT_DB) return d1AuditSink({ database: env.AUDIT_DB, retentionDays: config.audit.retentionDays, maxRecords: config.audit.maxRecords, logger });
  if (config.audit.enabled && !noticedMissingAuditStore) {
    noticedMissingAuditStore = true;
    logger.log('warn', 'audit-store-missing', { fix: 'bind a D1 database as AUDIT_DB (wrangler.toml); until then audit records go to the log, without text' });
  }
  return logAuditSink(logger);
}

async function loadConfig(env: Env): Promise<SwitchyardConfig> {
  if (env.SWITCHYARD_CONFIG) return parseConfigText(env.SWITCHYARD_CONFIG, 'SWITCHYARD_CONFIG');
  if (!env.SWITCHYARD_DEV_KEY) {
    throw new ServiceUnavailableError({
      message: 'This Switchyard edge is not configured: set SWITCHYARD_CONFIG (the config JSON) or SWITCHYARD_DEV_KEY.',
      code: 'not_configured',
    });
  }
  const localModels = (env.SWITCHYARD_LOCAL_MODELS ?? '').split(',').map((id) => id.trim()).filter(Boolean);
  const { SWITCHYARD_LIMITS: _limits, SWITCHYARD_KEYS: _keys, AUDIT_DB: _audit, ...variables } = env;
  return devDefaultConfig({ env: variables, devKeySha256: await sha256Hex(env.SWITCHYARD_DEV_KEY), localModels });
}

// One app per isolate, rebuilt only when the config text changes: building runners per request would waste CPU.
let cached: { fingerprint: string; app: Promise<Hono<AppEnv>> } | undefined;

function appFor(env: Env): Promise<Hono<AppEnv>> {
  const fingerprint = JSON.stringify([env.SWITCHYARD_CONFIG, env.SWITCHYARD_DEV_KEY, env.SWITCHYARD_LOCAL_MODELS, env.SWITCHYARD_NODE_RUNTIME_URL, Boolean(env.SWITCHYARD_LIMITS), Boolean(env.SWITCHYARD_KEYS), Boolean(env.AUDIT_DB)]);
  if (cached?.fingerprint !== fingerprint) {
    const app = loadConfig(env).then((config) =>
      createEdgeApp({
        config,
        runnerContext: { env: { ...env } },
        logger,
        keys: keyStoreFor(config, env),
        audit: auditSinkFor(config, env),
        limiter: env.SWITCHYARD_LIMITS ? durableObjectLimiter(env.SWITCHYARD_LIMITS) : undefined,
        classifier: workerdClassifier,
        pii: createPiiScanner(),
        readiness: probeNodeRuntimes({
          runtimes: config.providers.flatMap((provider) => (provider.type === 'node-runtime' ? [provider] : [])),
        }),
      }),
    );
    cached = { fingerprint, app };
  }
  return cached.app;
}

function configFailure(error: unknown): Response {
  const isConfigError = error instanceof ConfigError;
  if (isConfigError) logger.log('error', 'config-invalid', { problems: error.problems.length, first: error.problems[0]?.path });
  const failure =
    error instanceof ServiceUnavailableError
      ? error
      : new ServiceUnavailableError({
          message: isConfigError ? `Invalid SWITCHYARD_CONFIG: ${error.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}` : 'The edge failed to start.',
          code: 'config_invalid',
        });
  return Response.json(failure.toEnvelope(), { status: failure.statusCode, headers: { 'x-request-id': requestIdFrom(undefined) } });
}

// workers-types' Request/Response are nominally different from the DOM ones this codebase compiles
// against; at run time they are the same objects, hence the casts at this one boundary.
type WorkerResponse = ReturnType<NonNullable<ExportedHandler<Env>['fetch']>>;

export default {
  async fetch(request, env, context?) {
    let app: Hono<AppEnv>;
    try {
      app = await appFor(env);
    } catch (error) {
      cached = undefined;
      return configFailure(error) as unknown as WorkerResponse;
    }
    // The execution context lets settlement (limits, usage) finish after the response via waitUntil.
    return app.fetch(request as unknown as Request, env, context) as unknown as WorkerResponse;
  },
} satisfies ExportedHandler<Env>;
