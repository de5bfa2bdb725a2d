/**
 * The one config file (`switchyard.config.json`), as a zod schema. The JSON Schema for editors is
 * generated from this (`npm run config:schema`), so the two cannot drift.
 *
 * Secrets never live in the file: API keys are stored as SHA-256 hashes, provider keys and the
 * hop secret are named by the environment variable that holds them.
 */
import { z } from 'zod';

const Id = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._:-]{0,127}$/, 'must be 1-128 letters, digits, ".", "_", ":" or "-"');
const ModelName = z.string().min(1).max(256);
const EnvName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name (UPPER_SNAKE)');
const HttpUrl = z.url({ protocol: /^https?$/ });

export const Scope = z.enum(['chat', 'embeddings', 'models']);
export type Scope = z.infer<typeof Scope>;
export const ALL_SCOPES: readonly Scope[] = Scope.options;

export const ApiKeyEntry = z.strictObject({
  id: Id,
  /** Lowercase hex SHA-256 of the full key. The key itself is shown once at creation and never stored. */
  sha256: z.string().regex(/^[a-f0-9]{64}$/, 'must be a lowercase hex SHA-256 (64 characters)'),
  scopes: z.array(Scope).min(1).default([...ALL_SCOPES]),
  /** ISO 8601; the key is refused from this instant on. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  revoked: z.boolean().default(false),
});
export type ApiKeyEntry = z.infer<typeof ApiKeyEntry>;

export const Tenant = z.strictObject({
  id: Id,
  name: z.string().optional(),
  keys: z.array(ApiKeyEntry).default([]),
});
export type Tenant = z.infer<typeof Tenant>;

const ProviderCommon = {
  id: Id,
  /** Per-attempt timeout for calls to this provider, in milliseconds. */
  timeoutMs: z.int().min(100).max(600_000).default(120_000),
  /** Allow `<provider id>/<upstream model>` names that are not declared under `models`. */
  passthrough: z.boolean().default(false),
};

export const OpenAIProvider = z.strictObject({
  ...ProviderCommon,
  type: z.literal('openai'),
  baseURL: HttpUrl.default('https://api.openai.com/v1'),
  apiKeyEnv: EnvName.default('OPENAI_API_KEY'),
});

export const AnthropicProvider = z.strictObject({
  ...ProviderCommon,
  type: z.literal('anthropic'),
  baseURL: HttpUrl.default('https://api.anthropic.com'),
  apiKeyEnv: EnvName.default('ANTHROPIC_API_KEY'),
  /** Anthropic requires max_tokens; used when the caller sends none. */
  defaultMaxTokens: z.int().min(1).default(1024),
});

export const NodeRuntimeProvider = z.strictObject({
  ...ProviderCommon,
  type: z.literal('node-runtime'),
  baseURL: HttpUrl,
  hopSecretEnv: EnvName.default('SWITCHYARD_HOP_SECRET'),
});

export const Provider = z.discriminatedUnion('type', [OpenAIProvider, AnthropicProvider, NodeRuntimeProvider]);
export type Provider = z.infer<typeof Provider>;
export type ProviderType = Provider['type'];

export const ModelEntry = z.strictObject({
  /** The name callers send in `model`. */
  id: ModelName,
  provider: Id,
  /** The name the provider knows it by; defaults to `id`. */
  upstreamModel: ModelName.optional(),
  kind: z.enum(['chat', 'embeddings']).default('chat'),
  /** Model ids (or `<provider>/<model>` passthrough names) tried in order when this one cannot serve. */
  fallbacks: z.array(ModelName).default([]),
});
export type ModelEntry = z.infer<typeof ModelEntry>;

export const Route = z.strictObject({
  /** An alias callers can send in `model`, e.g. `auto`. */
  id: ModelName,
  /** Model ids tried in order. */
  targets: z.array(ModelName).min(1),
});
export type Route = z.infer<typeof Route>;

export const ServerSettings = z.strictObject({
  /** Largest accepted request body; larger bodies get 413. */
  maxBodyBytes: z.int().min(1024).max(100 * 1024 * 1024).default(1024 * 1024),
});

export const NodeRuntimeSettings = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: z.int().min(0).max(65535).default(8788),
  /** Folder with one sub-folder per model (transformers.js layout). Relative to the working directory. */
  modelsDir: z.string().default('./models/local'),
  executionProvider: z.enum(['auto', 'cuda', 'cpu']).default('auto'),
  /** Model ids (usually cloud) the runtime itself uses when a local model is missing or fails. */
  fallbacks: z.array(ModelName).default([]),
  hopSecretEnv: EnvName.default('SWITCHYARD_HOP_SECRET'),
  /** Largest accepted clock skew and replay window for signed hops, in seconds. */
  hopMaxAgeSeconds: z.int().min(1).max(3600).default(60),
});

export const SwitchyardConfig = z
  .strictObject({
    $schema: z.string().optional(),
    server: ServerSettings.default(ServerSettings.parse({})),
    tenants: z.array(Tenant).default([]),
    providers: z.array(Provider).default([]),
    models: z.array(ModelEntry).default([]),
    routes: z.array(Route).default([]),
    nodeRuntime: NodeRuntimeSettings.default(NodeRuntimeSettings.parse({})),
  })
  .superRefine(checkReferences);
export type SwitchyardConfig = z.infer<typeof SwitchyardConfig>;
export type SwitchyardConfigInput = z.input<typeof SwitchyardConfig>;

type RefinementContext = z.RefinementCtx<SwitchyardConfig>;

function checkReferences(config: SwitchyardConfig, context: RefinementContext): void {
  const report = (path: (string | number)[], message: string) => context.addIssue({ code: 'custom', path, message });
  reportDuplicates(config.tenants.map((tenant) => tenant.id), 'tenants', report);
  reportDuplicates(config.providers.map((provider) => provider.id), 'providers', report);
  reportDuplicates(config.models.map((model) => model.id), 'models', report);
  reportDuplicates(config.routes.map((route) => route.id), 'routes', report);
  reportDuplicates(config.tenants.flatMap((tenant) => tenant.keys.map((key) => key.sha256)), 'key hashes', report);

  const providers = new Map(config.providers.map((provider) => [provider.id, provider]));
  const modelIds = new Set(config.models.map((model) => model.id));
  const resolvable = (name: string) => modelIds.has(name) || isPassthroughName(name, providers);

  config.models.forEach((model, index) => {
    if (!providers.has(model.provider)) {
      report(['models', index, 'provider'], `unknown provider "${model.provider}"; declare it under "providers"`);
    }
    model.fallbacks.forEach((fallback, fallbackIndex) => {
      if (!resolvable(fallback)) report(['models', index, 'fallbacks', fallbackIndex], `unknown model "${fallback}"`);
      if (fallback === model.id) report(['models', index, 'fallbacks', fallbackIndex], 'a model cannot fall back to itself');
    });
  });
  config.routes.forEach((route, index) => {
    if (modelIds.has(route.id)) report(['routes', index, 'id'], `"${route.id}" is already a model id`);
    route.targets.forEach((target, targetIndex) => {
      if (!resolvable(target)) report(['routes', index, 'targets', targetIndex], `unknown model "${target}"`);
    });
  });
  config.nodeRuntime.fallbacks.forEach((fallback, index) => {
    if (!resolvable(fallback)) report(['nodeRuntime', 'fallbacks', index], `unknown model "${fallback}"`);
  });
}

function reportDuplicates(
  values: string[],
  what: string,
  report: (path: (string | number)[], message: string) => void,
): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) report([], `duplicate ${what} entry "${value}"`);
    seen.add(value);
  }
}

/** `openai/gpt-4o` names a passthrough provider's upstream model directly. */
export function isPassthroughName(name: string, providers: ReadonlyMap<string, Provider>): boolean {
  const slash = name.indexOf('/');
  if (slash <= 0 || slash === name.length - 1) return false;
  return providers.get(name.slice(0, slash))?.passthrough === true;
}
