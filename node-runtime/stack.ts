/**
 * Starts the embedded default: the node runtime and the edge (on Node) in one process, wired by
 * a signed hop. `npm start`, the end-to-end tests and the benchmark all use this.
 */
import { createPiiScanner } from '../shared/pii/index.ts';
import { resolve } from 'node:path';
import { devDefaultConfig } from '../shared/config/dev-default.ts';
import { ModelEntry, NodeRuntimeSettings, type SwitchyardConfig } from '../shared/config/schema.ts';
import { randomHex, sha256Hex } from '../shared/crypto/index.ts';
import { HopVerifier } from '../shared/hop/index.ts';
import { createJsonLogger, type Logger } from '../shared/log/index.ts';
import { RunnerRegistry } from '../shared/providers/registry.ts';
import type { FetchFunction } from '../shared/spec/model-runner.ts';
import { createEdgeApp } from '../edge/app.ts';
import { nodeClassifier } from '../edge/classifier/node.ts';
import { probeNodeRuntimes } from '../edge/routes/health.ts';
import { serveOnNode, type RunningServer } from '../edge/node-server.ts';
import { declaresLimits } from '../edge/stages/03-limits/index.ts';
import { loadConfigFile } from './config/load.ts';
import { selectExecutionProvider } from './execution-provider/index.ts';
import { createRuntimeMetrics } from './metrics/runtime-metrics.ts';
import { BUILTIN_MODELS_DIR, ensureBuiltinEncoder } from './models/builtin-models.ts';
import { createLocalModel, type LocalModel } from './models/local-models.ts';
import { loadCatalog, scanModelsDir, type RejectedModel, type VerifiedModel } from './models/registry.ts';
import { createNodeRuntimeApp } from './server/app.ts';
import { LIMITS_DATABASE_FILE, openSqliteLimiter, type SqliteLimiter } from './limits/sqlite-limiter.ts';
import { AUDIT_DATABASE_FILE, openSqliteAuditSink, type SqliteAuditSink } from './audit/sqlite-audit-sink.ts';
import { createPendingWork } from './pending-work.ts';

/** How long close() waits for after-response work (audit records, limit settlements) before closing their stores. */
const SHUTDOWN_DRAIN_MS = 5000;

export interface StackOptions {
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
  host?: string;
  /** Edge port; 0 picks a free one. Default PORT or 8787. */
  edgePort?: number;
  /** Node runtime port; default from config (8788). */
  runtimePort?: number;
  /** Use this config instead of reading the file (tests). */
  config?: SwitchyardConfig;
  logger?: Logger;
  /** fetch used for cloud and hop calls (tests inject doubles). */
  fetch?: FetchFunction;
  /** Skip the edge (GPU boxes run only the node runtime). */
  runtimeOnly?: boolean;
  /** Where the edge keeps limit counters, budgets and the audit trail (SQLite); default SWITCHYARD_DATA_DIR, else ./.data. */
  dataDir?: string;
  /** Folder of models the runtime has without downloads (the offline sentence encoder); false: none. */
  builtinModelsDir?: string | false;
  /** Load every model right away (default) instead of on its first request. */
  warmUp?: boolean;
}

/** The alias that stands for the preferred local embedding model. */
export const LOCAL_EMBEDDINGS_ALIAS = 'local-embeddings';

/**
 * A pulled transformers.js encoder takes over from the built-in one; random-weight fixtures come
 * last, so they never shadow a real model.
 */
function embeddingPreference(models: readonly VerifiedModel[]): string[] {
  const rank = ({ manifest }: VerifiedModel) => (manifest.fixture ? 2 : manifest.layout === 'transformers.js' ? 0 : 1);
  return models
    .filter((model) => model.manifest.task === 'embeddings')
    .sort((left, right) => rank(left) - rank(right) || left.id.localeCompare(right.id))
    .map((model) => model.id);
}

/** Verified models from the models folder, plus built-in ones it does not shadow. */
async function verifiedModels(modelsDir: string, builtinDir: string | false, logger: Logger): Promise<{ verified: VerifiedModel[]; rejected: RejectedModel[] }> {
  const catalog = await loadCatalog();
  if (builtinDir) await ensureBuiltinEncoder({ dir: builtinDir, logger });
  const started = performance.now();
  const installed = await scanModelsDir(modelsDir, { catalog });
  const builtin = builtinDir ? await scanModelsDir(builtinDir, { catalog }) : { verified: [], rejected: [] };
  const taken = new Set([...installed.verified, ...installed.rejected].map((model) => model.id));
  const verified = [...installed.verified, ...builtin.verified.filter((model) => !taken.has(model.id))];
  const rejected = [...installed.rejected, ...builtin.rejected.filter((model) => !taken.has(model.id))];
  for (const model of verified) logger.log('info', 'model-verify', { model: model.id, task: model.manifest.task, dtype: model.manifest.dtype, durationMs: Math.round(model.verifyMs) });
  for (const model of rejected) logger.log('warn', 'model-reject', { model: model.id, code: model.code, reason: model.reason.slice(0, 500) });
  logger.log('info', 'model-scan-end', { verified: verified.length, rejected: rejected.length, durationMs: Math.round(performance.now() - started) });
  return { verified, rejected };
}

/** The edge's SQLite files: the limits ledger when the config declares limits, the audit trail unless it is off. */
function openEdgeStores(config: SwitchyardConfig, dataDir: string, logger: Logger): { limiter?: SqliteLimiter; auditSink?: SqliteAuditSink } {
  let limiter: SqliteLimiter | undefined;
  let auditSink: SqliteAuditSink | undefined;
  if (declaresLimits(config)) {
    const path = resolve(dataDir, LIMITS_DATABASE_FILE);
    limiter = openSqliteLimiter({ path });
    logger.log('info', 'limits-open', { path });
  }
  if (config.audit.enabled) {
    const path = resolve(dataDir, AUDIT_DATABASE_FILE);
    try {
      auditSink = openSqliteAuditSink({ path, retentionDays: config.audit.retentionDays, maxRecords: config.audit.maxRecords, logger });
    } catch (error) {
      // startStack's cleanup never sees a limiter this function did not return.
      limiter?.close();
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Cannot open the audit store ${path} (${reason}). Point SWITCHYARD_DATA_DIR at a writable folder, or turn the audit trail off with "audit": { "enabled": false } in the config.`, { cause: error });
    }
    logger.log('info', 'audit-open', { path, text: config.audit.text, retentionDays: config.audit.retentionDays });
  }
  return { limiter, auditSink };
}

export interface RunningStack {
  edgeURL: string | undefined;
  runtimeURL: string;
  config: SwitchyardConfig;
  configSource: string;
  /** Set when the dev default is used; `generated` when this process made it up. */
  devKey?: { key: string; generated: boolean };
  executionProvider: { provider: 'cuda' | 'cpu'; reason: string };
  modelsDir: string;
  /** Ids of the verified local models: generation models, then encoders, then classifiers. */
  localModels: string[];
  /** The runtime's models with their live state. */
  runtimeModels: readonly LocalModel[];
  /** Model folders refused by verification, with the reason. */
  rejectedModels: readonly RejectedModel[];
  /** The environment the runners read secrets from, including a hop secret generated for this run. */
  secretsEnv: Readonly<Record<string, string | undefined>>;
  close(): Promise<void>;
}

export async function startStack(options: StackOptions = {}): Promise<RunningStack> {
  const env = { ...(options.env ?? process.env) };
  const cwd = options.cwd ?? process.cwd();
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? createJsonLogger();
  const loaded = options.config ? { source: 'file' as const, path: '(provided)', config: options.config } : loadConfigFile(env, cwd);

  const fileConfig = loaded.source === 'file' ? loaded.config : undefined;
  const runtimeSettings = fileConfig?.nodeRuntime ?? NodeRuntimeSettings.parse({});
  // Edge and runtime share this process, so a per-process random secret is enough unless one is set.
  if (options.runtimeOnly && !env[runtimeSettings.hopSecretEnv]) {
    logger.log('warn', 'hop-secret-generated', { variable: runtimeSettings.hopSecretEnv, fix: 'set it to the secret your edge signs with, or no edge can call this runtime' });
  }
  const hopSecret = (env[runtimeSettings.hopSecretEnv] ??= randomHex(32));
  const modelsDir = resolve(cwd, env.SWITCHYARD_MODELS_DIR || runtimeSettings.modelsDir);
  const { verified, rejected } = await verifiedModels(modelsDir, options.builtinModelsDir ?? BUILTIN_MODELS_DIR, logger);
  const generationIds = verified.filter((model) => model.manifest.task === 'text-generation').map((model) => model.id);
  const embeddingIds = embeddingPreference(verified);

  // The runtime listens first: the dev default needs its real address.
  let runtimeFetch: (request: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
  const runtimeServer = await serveOnNode({
    fetch: (request) => runtimeFetch(request),
    port: options.runtimePort ?? Number(env.SWITCHYARD_NODE_RUNTIME_PORT ?? runtimeSettings.port),
    // A GPU box serves edges elsewhere: it listens where nodeRuntime.host (or the variable) says.
    host: options.host ?? (env.SWITCHYARD_NODE_RUNTIME_HOST || (fileConfig ? runtimeSettings.host : host)),
  });
  const servers: RunningServer[] = [runtimeServer];
  let runtimeModels: LocalModel[] = [];
  const warmUps: Promise<void>[] = [];
  let limiter: SqliteLimiter | undefined;
  let auditSink: SqliteAuditSink | undefined;
  const pendingWork = createPendingWork();
  const closeAll = async () => {
    // Closing the servers cuts open streams; each cut stream still settles its limits and writes its audit record.
    await Promise.all(servers.map((server) => server.close()));
    const abandoned = await pendingWork.drain(SHUTDOWN_DRAIN_MS);
    if (abandoned > 0) {
      logger.log('warn', 'shutdown-work-abandoned', { pending: abandoned, waitedMs: SHUTDOWN_DRAIN_MS, fix: 'audit records or limit settlements of the last requests may be missing; check the upstreams that were still answering' });
    }
    limiter?.close();
    auditSink?.close();
    await Promise.allSettled(warmUps);
    await Promise.allSettled(runtimeModels.map((model) => model.dispose()));
  };
  try {
    let devKey: RunningStack['devKey'];
    let config: SwitchyardConfig;
    if (fileConfig) {
      config = fileConfig;
    } else {
      devKey = env.SWITCHYARD_DEV_KEY ? { key: env.SWITCHYARD_DEV_KEY, generated: false } : { key: `sy-dev-${randomHex(20)}`, generated: true };
      const generated = devDefaultConfig({
        env,
        devKeySha256: await sha256Hex(devKey.key),
        localModels: generationIds,
        nodeRuntimeURL: runtimeServer.url,
      });
      // The dev default knows chat models only; local encoders join as embeddings models.
      const embeddingNames = embeddingIds.length > 0 ? [...embeddingIds, LOCAL_EMBEDDINGS_ALIAS] : [];
      config = { ...generated, models: [...generated.models, ...embeddingNames.map((id) => ModelEntry.parse({ id, provider: 'local', kind: 'embeddings' }))] };
    }

    const executionProvider = await selectExecutionProvider({ preference: config.nodeRuntime.executionProvider });
    logger.log('info', 'execution-provider-select', { provider: executionProvider.provider, reason: executionProvider.reason });
    const metrics = createRuntimeMetrics();
    const localModels: LocalModel[] = verified.map((model) =>
      createLocalModel({ verified: model, settings: config.nodeRuntime, runtimeProvider: executionProvider, metrics, logger }),
    );
    runtimeModels = localModels;
    const warmingUp = options.warmUp === false ? Promise.resolve() : Promise.all(localModels.map((model) => model.warmUp())).then(() => undefined);
    warmUps.push(warmingUp);
    const runnerContext = { env, fetch: options.fetch };
    const runtimeApp = createNodeRuntimeApp({
      config,
      hopVerifier: new HopVerifier({ secret: hopSecret, maxAgeSeconds: config.nodeRuntime.hopMaxAgeSeconds }),
      localModels,
      aliases: embeddingIds.length > 0 ? { [LOCAL_EMBEDDINGS_ALIAS]: embeddingIds } : {},
      rejectedModels: rejected,
      registry: new RunnerRegistry(config, runnerContext),
      executionProvider,
      modelsDir,
      logger,
      metrics,
    });
    runtimeFetch = (request) => runtimeApp.fetch(request);

    let edgeURL: string | undefined;
    if (!options.runtimeOnly) {
      ({ limiter, auditSink } = openEdgeStores(config, resolve(cwd, options.dataDir ?? (env.SWITCHYARD_DATA_DIR || '.data')), logger));
      const edgeApp = createEdgeApp({
        config,
        runnerContext,
        logger,
        limiter,
        audit: auditSink,
        classifier: nodeClassifier,
        pii: createPiiScanner(),
        readiness: probeNodeRuntimes({
          runtimes: config.providers.flatMap((provider) => (provider.type === 'node-runtime' ? [provider] : [])),
          fetch: options.fetch,
        }),
      });
      const edgeServer = await serveOnNode({
        fetch: (request) => edgeApp.fetch(request, {}, pendingWork.executionContext),
        port: options.edgePort ?? Number(env.PORT ?? 8787),
        host,
      });
      servers.push(edgeServer);
      edgeURL = edgeServer.url;
    }

    return {
      edgeURL,
      runtimeURL: runtimeServer.url,
      config,
      configSource: loaded.source === 'file' ? loaded.path : 'built-in dev default',
      devKey,
      executionProvider,
      modelsDir,
      localModels: [...generationIds, ...embeddingIds, ...verified.filter((model) => model.manifest.task === 'text-classification').map((model) => model.id)],
      runtimeModels: localModels,
      rejectedModels: rejected,
      secretsEnv: env,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
