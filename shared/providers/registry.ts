/**
 * Turns config (providers + models + routes) into ModelRunners. Each provider type declares its
 * own factory; nothing else in the code asks what type a provider is.
 */
import type { ModelEntry, Provider, ProviderType, Route, SwitchyardConfig } from '../config/schema.ts';
import { NotFoundError, ServiceUnavailableError } from '../errors/index.ts';
import { signHop } from '../hop/index.ts';
import { createAnthropicRunner } from '../runners/anthropic/index.ts';
import { createOpenAICompatibleRunner } from '../runners/openai-compatible/index.ts';
import type { FetchFunction, ModelRunner } from '../spec/model-runner.ts';

export interface RunnerContext {
  /** Where secrets are read from: process.env on Node, the Worker's env bindings on the edge. */
  env: Readonly<Record<string, unknown>>;
  fetch?: FetchFunction;
}

type RunnerFactory<P extends Provider> = (provider: P, upstreamModel: string, context: RunnerContext) => ModelRunner;

const runnerFactories: { [T in ProviderType]: RunnerFactory<Extract<Provider, { type: T }>> } = {
  openai: (provider, upstreamModel, context) =>
    createOpenAICompatibleRunner({
      id: `${provider.id}:${upstreamModel}`,
      baseURL: provider.baseURL,
      apiKey: requireSecret(context.env, provider.apiKeyEnv, provider.id),
      upstreamModel,
      servedBy: 'cloud',
      fetch: context.fetch,
      timeoutMs: provider.timeoutMs,
    }),
  anthropic: (provider, upstreamModel, context) =>
    createAnthropicRunner({
      id: `${provider.id}:${upstreamModel}`,
      baseURL: provider.baseURL,
      apiKey: requireSecret(context.env, provider.apiKeyEnv, provider.id),
      upstreamModel,
      servedBy: 'cloud',
      fetch: context.fetch,
      timeoutMs: provider.timeoutMs,
      defaultMaxTokens: provider.defaultMaxTokens,
    }),
  'node-runtime': (provider, upstreamModel, context) => {
    const secret = requireSecret(context.env, provider.hopSecretEnv, provider.id);
    return createOpenAICompatibleRunner({
      id: `${provider.id}:${upstreamModel}`,
      baseURL: `${provider.baseURL.replace(/\/+$/, '')}/v1`,
      upstreamModel,
      servedBy: 'local',
      fetch: context.fetch,
      timeoutMs: provider.timeoutMs,
      capabilities: { tools: false, structuredOutput: false, embeddings: true },
      // The runtime's admission control refuses at once what it cannot start within this deadline.
      signHeaders: async (parts) => ({ ...(await signHop(secret, parts)), 'x-switchyard-timeout-ms': String(provider.timeoutMs) }),
    });
  },
};

function requireSecret(env: RunnerContext['env'], name: string, providerId: string): string {
  const value = env[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new MissingSecretError(name, providerId);
  }
  return value;
}

class MissingSecretError extends Error {
  constructor(
    readonly variable: string,
    readonly providerId: string,
  ) {
    super(`Provider "${providerId}" needs the environment variable ${variable}; set it (or remove the provider from the config).`);
  }
}

/** The part of the edge classifier's output that routing uses. */
export interface RoutingDecision {
  difficulty: 'simple' | 'complex';
  uncertain: boolean;
}

/** A route's targets for a decision; the route's default targets stay as the last fallbacks. */
export function routeTargets(route: Route, decision: RoutingDecision | undefined): string[] {
  if (!route.byDifficulty || !decision) return route.targets;
  const difficulty = decision.uncertain ? route.whenUncertain : decision.difficulty;
  const chosen = difficulty === 'default' ? [] : route.byDifficulty[difficulty];
  return [...chosen, ...route.targets];
}

export interface ResolvedTarget {
  /** The config model id (or `<provider>/<model>` passthrough name) this target serves. */
  modelId: string;
  kind: ModelEntry['kind'];
  runner: ModelRunner;
}

/**
 * Resolves caller-facing model names to ordered targets, building runners once and reusing them.
 * A provider whose secret is missing yields a runner that fails with a 503 explaining which
 * variable to set, so one misconfigured provider cannot take down the others.
 */
export class RunnerRegistry {
  readonly #config: SwitchyardConfig;
  readonly #context: RunnerContext;
  readonly #providers: Map<string, Provider>;
  readonly #models: Map<string, ModelEntry>;
  readonly #routes: Map<string, Route>;
  readonly #runners = new Map<string, ModelRunner>();

  constructor(config: SwitchyardConfig, context: RunnerContext) {
    this.#config = config;
    this.#context = context;
    this.#providers = new Map(config.providers.map((provider) => [provider.id, provider]));
    this.#models = new Map(config.models.map((model) => [model.id, model]));
    this.#routes = new Map(config.routes.map((route) => [route.id, route]));
  }

  /** True when at least one model or route could serve chat. */
  get hasChatTargets(): boolean {
    return this.#config.models.some((model) => model.kind === 'chat') || this.#config.routes.length > 0 || this.#config.providers.some((provider) => provider.passthrough);
  }

  /** Names callers may send in `model`, for GET /v1/models. */
  listModels(): { id: string; ownedBy: string }[] {
    return [
      ...this.#config.models.map((model) => ({ id: model.id, ownedBy: model.provider })),
      ...this.#config.routes.map((route) => ({ id: route.id, ownedBy: 'switchyard' })),
    ];
  }

  /**
   * Ordered targets for a caller's model name: a route's targets (per difficulty when the route
   * has them and a classification is given), or the model and its fallbacks.
   * Throws NotFoundError for names the config does not know.
   */
  resolve(requested: string, classification?: RoutingDecision): ResolvedTarget[] {
    const route = this.#routes.get(requested);
    const names = route ? routeTargets(route, classification).flatMap((target) => this.#expandModel(target)) : this.#expandModel(requested);
    return [...new Set(names)].map((name) => this.#target(name));
  }

  /** The single target for a model id, without fallbacks. */
  target(modelId: string): ResolvedTarget {
    return this.#target(modelId);
  }

  #expandModel(name: string): string[] {
    const model = this.#models.get(name);
    if (model) return [model.id, ...model.fallbacks];
    if (this.#passthrough(name)) return [name];
    throw new NotFoundError({
      message: `The model "${name}" does not exist. GET /v1/models lists the models this endpoint serves.`,
      code: 'model_not_found',
      param: 'model',
    });
  }

  #passthrough(name: string): { provider: Provider; upstreamModel: string } | undefined {
    const slash = name.indexOf('/');
    if (slash <= 0) return undefined;
    const provider = this.#providers.get(name.slice(0, slash));
    if (!provider?.passthrough) return undefined;
    return { provider, upstreamModel: name.slice(slash + 1) };
  }

  #target(name: string): ResolvedTarget {
    const model = this.#models.get(name);
    const passthrough = model ? undefined : this.#passthrough(name);
    const provider = model ? this.#providers.get(model.provider) : passthrough?.provider;
    const upstreamModel = model ? (model.upstreamModel ?? model.id) : passthrough?.upstreamModel;
    if (!provider || upstreamModel === undefined) {
      throw new NotFoundError({ message: `The model "${name}" does not exist.`, code: 'model_not_found', param: 'model' });
    }
    const cacheKey = `${provider.id}\u0000${upstreamModel}`;
    let runner = this.#runners.get(cacheKey);
    if (!runner) {
      runner = this.#build(provider, upstreamModel);
      this.#runners.set(cacheKey, runner);
    }
    return { modelId: name, kind: model?.kind ?? 'chat', runner };
  }

  #build(provider: Provider, upstreamModel: string): ModelRunner {
    const factory = runnerFactories[provider.type] as RunnerFactory<Provider>;
    try {
      return factory(provider, upstreamModel, this.#context);
    } catch (error) {
      if (error instanceof MissingSecretError) return unavailableRunner(`${provider.id}:${upstreamModel}`, error.message);
      throw error;
    }
  }
}

/** A runner that always answers 503 with a fix-it message (e.g. a provider without its API key). */
export function unavailableRunner(id: string, message: string): ModelRunner {
  const fail = (): never => {
    throw new ServiceUnavailableError({ message, code: 'provider_not_configured' });
  };
  return {
    specVersion: 'v1',
    id,
    servedBy: 'cloud',
    capabilities: { chat: true, streaming: true, tools: true, structuredOutput: true, embeddings: true },
    doGenerate: async () => fail(),
    doStream: async () => fail(),
    doEmbed: async () => fail(),
  };
}
