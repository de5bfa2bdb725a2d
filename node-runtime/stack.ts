/**
 * Starts the embedded default: the node runtime and the edge (on Node) in one process, wired by
 * a signed hop. `npm start`, the end-to-end tests and the benchmark all use this.
 */
import { resolve } from 'node:path';
import { devDefaultConfig } from '../shared/config/dev-default.ts';
import { NodeRuntimeSettings, type SwitchyardConfig } from '../shared/config/schema.ts';
import { randomHex, sha256Hex } from '../shared/crypto/index.ts';
import { HopVerifier } from '../shared/hop/index.ts';
import { createJsonLogger, type Logger } from '../shared/log/index.ts';
import { RunnerRegistry } from '../shared/providers/registry.ts';
import type { FetchFunction } from '../shared/spec/model-runner.ts';
import { createEdgeApp } from '../edge/app.ts';
import { probeNodeRuntimes } from '../edge/routes/health.ts';
import { serveOnNode, type RunningServer } from '../edge/node-server.ts';
import { loadConfigFile } from './config/load.ts';
import { selectExecutionProvider } from './execution-provider/index.ts';
import { createLocalGenerationRunner, discoverLocalModels } from './generation/index.ts';
import { createNodeRuntimeApp, type LocalModel } from './server/app.ts';

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
  localModels: string[];
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
  const hopSecret = (env[runtimeSettings.hopSecretEnv] ??= randomHex(32));
  const modelsDir = resolve(cwd, env.SWITCHYARD_MODELS_DIR || runtimeSettings.modelsDir);
  const discovered = await discoverLocalModels(modelsDir);

  // The runtime listens first: the dev default needs its real address.
  let runtimeFetch: (request: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
  const runtimeServer = await serveOnNode({
    fetch: (request) => runtimeFetch(request),
    port: options.runtimePort ?? Number(env.SWITCHYARD_NODE_RUNTIME_PORT ?? runtimeSettings.port),
    host,
  });
  const servers: RunningServer[] = [runtimeServer];
  try {
    let devKey: RunningStack['devKey'];
    let config: SwitchyardConfig;
    if (fileConfig) {
      config = fileConfig;
    } else {
      devKey = env.SWITCHYARD_DEV_KEY ? { key: env.SWITCHYARD_DEV_KEY, generated: false } : { key: `sy-dev-${randomHex(20)}`, generated: true };
      config = devDefaultConfig({
        env,
        devKeySha256: await sha256Hex(devKey.key),
        localModels: discovered.map((model) => model.id),
        nodeRuntimeURL: runtimeServer.url,
      });
    }

    const executionProvider = await selectExecutionProvider({ preference: config.nodeRuntime.executionProvider });
    logger.log('info', 'execution-provider-select', { provider: executionProvider.provider, reason: executionProvider.reason });
    const localModels: LocalModel[] = discovered.map((model) => ({
      id: model.id,
      task: 'text-generation',
      runner: createLocalGenerationRunner({ modelId: model.id, modelsDir, device: executionProvider.provider }),
    }));
    const runnerContext = { env, fetch: options.fetch };
    const runtimeApp = createNodeRuntimeApp({
      config,
      hopVerifier: new HopVerifier({ secret: hopSecret, maxAgeSeconds: config.nodeRuntime.hopMaxAgeSeconds }),
      localModels,
      registry: new RunnerRegistry(config, runnerContext),
      executionProvider,
      modelsDir,
      logger,
    });
    runtimeFetch = (request) => runtimeApp.fetch(request);

    let edgeURL: string | undefined;
    if (!options.runtimeOnly) {
      const edgeApp = createEdgeApp({
        config,
        runnerContext,
        logger,
        readiness: probeNodeRuntimes({
          runtimes: config.providers.flatMap((provider) => (provider.type === 'node-runtime' ? [provider] : [])),
          fetch: options.fetch,
        }),
      });
      const edgeServer = await serveOnNode({
        fetch: (request) => edgeApp.fetch(request),
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
      localModels: localModels.map((model) => model.id),
      secretsEnv: env,
      close: async () => {
        await Promise.all(servers.map((server) => server.close()));
      },
    };
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()));
    throw error;
  }
}
