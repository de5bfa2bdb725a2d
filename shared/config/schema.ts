/**
 * The one config file (`switchyard.config.json`), as a zod schema. The JSON Schema for editors is
 * generated from this (`npm run config:schema`), so the two cannot drift.
 *
 * Secrets never live in the file: API keys are stored as SHA-256 hashes, provider keys and the
 * hop secret are named by the environment variable that holds them.
 */
import { z } from 'zod';
import { GuardSettings } from './guards.ts';
import { Id, ModelName } from './names.ts';

export { GuardSettings, InjectionSecondStage } from './guards.ts';

const EnvName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name (UPPER_SNAKE)');
const HttpUrl = z.url({ protocol: /^https?$/ });

export const Scope = z.enum(['chat', 'embeddings', 'models', 'guard']);
export type Scope = z.infer<typeof Scope>;
export const ALL_SCOPES: readonly Scope[] = Scope.options;

/** Rate limits and a spend budget; each applies when set. Sliding one-minute windows. */
export const Limits = z.strictObject({
  requestsPerMinute: z.int().min(1).optional(),
  /** Prompt plus completion tokens; reserved up front (estimate + max_tokens), settled from real usage. */
  tokensPerMinute: z.int().min(1).optional(),
  /** Spend cap in USD, priced from `models[].pricing`; models without a price count tokens but not dollars. */
  budgetUsd: z.number().positive().max(1e9).optional(),
  /** When the spend budget starts over (UTC): never, each day, or each calendar month. */
  budgetPeriod: z.enum(['total', 'day', 'month']).default('month'),
});
export type Limits = z.infer<typeof Limits>;

/** What happens to personal data and secrets in a request: passed on, masked reversibly, or refused (400). */
export const PiiAction = z.enum(['allow', 'mask', 'block']);
export type PiiAction = z.infer<typeof PiiAction>;

/** What happens to a request the injection assessment flags: nothing, annotated and logged, or refused (400). */
export const InjectionAction = z.enum(['allow', 'flag', 'block']);
export type InjectionAction = z.infer<typeof InjectionAction>;

/** A tenant's request policy. Keys may override it; routes may only tighten it. */
export const Policy = z.strictObject({
  /** `mask` sends placeholders such as `[EMAIL_1]` to the model; `block` refuses with 400 policy_violation. */
  pii: PiiAction.default('mask'),
  /** Put the masked values back into answers for the caller (the model only ever sees placeholders). */
  unmaskResponses: z.boolean().default(true),
  /**
   * Prompt injection (classifier + rules over user turns and tool results): `flag` adds
   * `x-switchyard-injection` and a log event; `block` refuses with 400 policy_violation.
   */
  injection: InjectionAction.default('flag'),
});
export type Policy = z.infer<typeof Policy>;

/** Changes to a tenant's policy for one key or route. */
export const PolicyOverride = z.strictObject({
  pii: PiiAction.optional(),
  unmaskResponses: z.boolean().optional(),
  injection: InjectionAction.optional(),
});
export type PolicyOverride = z.infer<typeof PolicyOverride>;

export const ApiKeyEntry = z.strictObject({
  id: Id,
  /** Lowercase hex SHA-256 of the full key. The key itself is shown once at creation and never stored. */
  sha256: z.string().regex(/^[a-f0-9]{64}$/, 'must be a lowercase hex SHA-256 (64 characters)'),
  scopes: z.array(Scope).min(1).default([...ALL_SCOPES]),
  /** ISO 8601; the key is refused from this instant on. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  revoked: z.boolean().default(false),
  createdAt: z.iso.datetime({ offset: true }).optional(),
  /** Limits for this key alone (the tenant's limits apply as well). */
  limits: Limits.optional(),
  /** Model names and route aliases this key may call (`*` ends a prefix, e.g. `openai/*`); all when absent. */
  models: z.array(ModelName).min(1).optional(),
  /** Overrides of the tenant's policy for this key. */
  policy: PolicyOverride.optional(),
});
export type ApiKeyEntry = z.infer<typeof ApiKeyEntry>;

/**
 * Whether the audit trail keeps request and output text: `none` keeps metadata only (who, what,
 * when, outcome, usage, verdicts, PII types and counts); `masked` also keeps the text with every
 * PII finding replaced by its placeholder, truncated to `audit.maxTextChars`.
 */
export const AuditTextMode = z.enum(['none', 'masked']);
export type AuditTextMode = z.infer<typeof AuditTextMode>;

export const Tenant = z.strictObject({
  id: Id,
  name: z.string().optional(),
  keys: z.array(ApiKeyEntry).default([]),
  /** Limits shared by every key (and JWT caller) of the tenant. */
  limits: Limits.optional(),
  /** PII handling for the tenant's requests; default: mask, and unmask answers. */
  policy: Policy.default(Policy.parse({})),
  /** Overrides `audit.text` for this tenant's requests. */
  audit: z.strictObject({ text: AuditTextMode.optional() }).optional(),
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
  /** USD per 1,000 tokens, for spend budgets. Without it the model's tokens count, its dollars do not. */
  pricing: z
    .strictObject({ inputPer1kTokensUsd: z.number().min(0), outputPer1kTokensUsd: z.number().min(0).default(0) })
    .optional(),
});
export type ModelEntry = z.infer<typeof ModelEntry>;

export const Route = z.strictObject({
  /** An alias callers can send in `model`, e.g. `auto`. */
  id: ModelName,
  /** Model ids tried in order (when the classifier is not consulted or cannot run). */
  targets: z.array(ModelName).min(1),
  /** Per-difficulty targets chosen by the edge classifier, each tried in order. */
  byDifficulty: z.strictObject({ simple: z.array(ModelName).min(1), complex: z.array(ModelName).min(1) }).optional(),
  /** Where an uncertain classification goes; escalating to `complex` is the safe default. */
  whenUncertain: z.enum(['simple', 'complex', 'default']).default('complex'),
  /** Tightens the caller's policy for requests to this alias (e.g. `pii: block` for an external model). */
  policy: PolicyOverride.optional(),
});
export type Route = z.infer<typeof Route>;

export const ServerSettings = z.strictObject({
  /** Largest accepted request body; larger bodies get 413. */
  maxBodyBytes: z.int().min(1024).max(100 * 1024 * 1024).default(1024 * 1024),
});

const ExecutionProviderPreference = z.enum(['auto', 'cuda', 'cpu']);
const MaxBatchSize = z.int().min(1).max(1024);
const MaxWaitMs = z.number().min(0).max(1000);
const GenerationConcurrency = z.union([z.literal('auto'), z.int().min(1).max(256)]);
const MaxQueuedInputs = z.int().min(1).max(1_000_000);
const MaxQueuedGenerations = z.int().min(0).max(10_000);

/** Micro-batching of encoder models (embeddings): queued inputs of one model run together. */
export const BatchingSettings = z.strictObject({
  /** Most inputs in one ONNX run. */
  maxBatchSize: MaxBatchSize.default(32),
  /** How long the first waiting input waits for company before its batch runs, in milliseconds. */
  maxWaitMs: MaxWaitMs.default(4),
});

/** Admission control: how much work may wait per model before requests get 503 + Retry-After. */
export const AdmissionSettings = z.strictObject({
  /** Encoder inputs that may wait per model. */
  maxQueuedInputs: MaxQueuedInputs.default(1024),
  /** Generation requests that may wait per model, beyond those running. */
  maxQueuedGenerations: MaxQueuedGenerations.default(16),
  /** Generations running at once per model; "auto" is 1 on CPU and 4 on CUDA. */
  generationConcurrency: GenerationConcurrency.default('auto'),
  /** Deadline for requests that bring none (header x-switchyard-timeout-ms), in milliseconds. */
  defaultTimeoutMs: z.int().min(100).max(3_600_000).default(120_000),
});

/** Per-model overrides under nodeRuntime.models, keyed by model id. */
export const LocalModelSettings = z.strictObject({
  executionProvider: ExecutionProviderPreference.optional(),
  maxBatchSize: MaxBatchSize.optional(),
  maxWaitMs: MaxWaitMs.optional(),
  generationConcurrency: GenerationConcurrency.optional(),
  maxQueuedInputs: MaxQueuedInputs.optional(),
  maxQueuedGenerations: MaxQueuedGenerations.optional(),
});
export type LocalModelSettings = z.infer<typeof LocalModelSettings>;

export const NodeRuntimeSettings = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: z.int().min(0).max(65535).default(8788),
  /** Folder with one sub-folder per model (transformers.js layout + switchyard-manifest.json). Relative to the working directory. */
  modelsDir: z.string().default('./models/local'),
  executionProvider: ExecutionProviderPreference.default('auto'),
  batching: BatchingSettings.default(BatchingSettings.parse({})),
  admission: AdmissionSettings.default(AdmissionSettings.parse({})),
  models: z.record(Id, LocalModelSettings).default({}),
  /** Model ids (usually cloud) the runtime itself uses when a local model is missing or fails. */
  fallbacks: z.array(ModelName).default([]),
  hopSecretEnv: EnvName.default('SWITCHYARD_HOP_SECRET'),
  /** Largest accepted clock skew and replay window for signed hops, in seconds. */
  hopMaxAgeSeconds: z.int().min(1).max(3600).default(60),
});

/** A JWT issuer whose tokens are accepted instead of API keys (callers that already have an IdP). */
export const JwtIssuer = z.strictObject({
  /** The `iss` claim tokens must carry. */
  issuer: z.string().min(1),
  /** The `aud` claim tokens must carry, when set. */
  audience: z.string().min(1).optional(),
  algorithm: z.enum(['HS256', 'RS256']),
  /** HS256: the environment variable that holds the shared secret. */
  secretEnv: EnvName.optional(),
  /** RS256: where the issuer publishes its public keys (JWKS). */
  jwksUrl: HttpUrl.optional(),
  /** Every token of this issuer belongs to this tenant; without it, the `tenantClaim` claim names the tenant. */
  tenant: Id.optional(),
  tenantClaim: z.string().min(1).default('tenant'),
  /** Claim with the scopes: a space-separated string or an array. Unknown scopes are ignored. */
  scopesClaim: z.string().min(1).default('scope'),
  /** Limits per token subject (`sub`); the tenant's limits apply as well. */
  limits: Limits.optional(),
  /** Model names and route aliases these callers may use; all when absent. */
  models: z.array(ModelName).min(1).optional(),
  clockToleranceSeconds: z.int().min(0).max(300).default(30),
});
export type JwtIssuer = z.infer<typeof JwtIssuer>;

export const AccountingSettings = z.strictObject({
  /** Completion tokens reserved for a request that sets no max_tokens. */
  defaultMaxTokens: z.int().min(1).default(1024),
  /** A reservation that is never settled (a crash, a lost response) is charged in full after this long. */
  reservationTimeoutSeconds: z.int().min(60).max(86_400).default(600),
});

/** One audit record per API request (refusals included), written after the response. */
export const AuditSettings = z.strictObject({
  enabled: z.boolean().default(true),
  /** Text kept with each record; tenants may override it. Metadata only by default: detection can miss a name or an address. */
  text: AuditTextMode.default('none'),
  /** Longest request or output text kept per record, in UTF-16 code units (masked first, then cut). */
  maxTextChars: z.int().min(1).max(1_000_000).default(2000),
  /** Records older than this are deleted. */
  retentionDays: z.int().min(1).max(3650).default(30),
  /**
   * Most records kept, whatever their age; the oldest go first. Refusals are recorded too, so
   * without a cap a flood of bad requests could fill the disk within the retention period.
   */
  maxRecords: z.int().min(1000).max(1_000_000_000).default(1_000_000),
});
export type AuditSettings = z.infer<typeof AuditSettings>;

export const SwitchyardConfig = z
  .strictObject({
    $schema: z.string().optional(),
    server: ServerSettings.default(ServerSettings.parse({})),
    tenants: z.array(Tenant).default([]),
    jwtIssuers: z.array(JwtIssuer).default([]),
    accounting: AccountingSettings.default(AccountingSettings.parse({})),
    audit: AuditSettings.default(AuditSettings.parse({})),
    guards: GuardSettings.default(GuardSettings.parse({})),
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
    for (const difficulty of ['simple', 'complex'] as const) {
      route.byDifficulty?.[difficulty].forEach((target, targetIndex) => {
        if (!resolvable(target)) report(['routes', index, 'byDifficulty', difficulty, targetIndex], `unknown model "${target}"`);
      });
    }
  });
  config.nodeRuntime.fallbacks.forEach((fallback, index) => {
    if (!resolvable(fallback)) report(['nodeRuntime', 'fallbacks', index], `unknown model "${fallback}"`);
  });
  checkAccessAndIssuers(config, report);
  const secondStage = config.guards.injection.secondStage;
  if (secondStage) {
    const provider = providers.get(secondStage.provider);
    const path = ['guards', 'injection', 'secondStage', 'provider'];
    if (!provider) report(path, `unknown provider "${secondStage.provider}"; declare it under "providers" as a "node-runtime" provider`);
    else if (provider.type !== 'node-runtime') report(path, `provider "${provider.id}" is of type "${provider.type}"; the second stage needs a "node-runtime" provider (it calls POST /v1/classifications)`);
  }
}

function checkAccessAndIssuers(config: SwitchyardConfig, report: (path: (string | number)[], message: string) => void): void {
  const callable = new Set([...config.models.map((model) => model.id), ...config.routes.map((route) => route.id)]);
  const providers = new Map(config.providers.map((provider) => [provider.id, provider]));
  const checkModels = (models: readonly string[] | undefined, path: (string | number)[]) =>
    models?.forEach((name, index) => {
      if (!name.endsWith('*') && !callable.has(name) && !isPassthroughName(name, providers)) {
        report([...path, index], `unknown model or route "${name}" (end it with * for a prefix)`);
      }
    });
  config.tenants.forEach((tenant, tenantIndex) => {
    reportDuplicates(tenant.keys.map((key) => key.id), `key ids in tenant "${tenant.id}"`, (path, message) => report(['tenants', tenantIndex, 'keys', ...path], message));
    tenant.keys.forEach((key, keyIndex) => checkModels(key.models, ['tenants', tenantIndex, 'keys', keyIndex, 'models']));
  });
  const tenantIds = new Set(config.tenants.map((tenant) => tenant.id));
  reportDuplicates(config.jwtIssuers.map((issuer) => issuer.issuer), 'jwtIssuers', report);
  config.jwtIssuers.forEach((issuer, index) => {
    if (issuer.algorithm === 'HS256' && !issuer.secretEnv) report(['jwtIssuers', index, 'secretEnv'], 'HS256 needs "secretEnv", the variable that holds the shared secret');
    if (issuer.algorithm === 'RS256' && !issuer.jwksUrl) report(['jwtIssuers', index, 'jwksUrl'], 'RS256 needs "jwksUrl", where the issuer publishes its keys');
    if (issuer.tenant && !tenantIds.has(issuer.tenant)) report(['jwtIssuers', index, 'tenant'], `unknown tenant "${issuer.tenant}"; declare it under "tenants"`);
    checkModels(issuer.models, ['jwtIssuers', index, 'models']);
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
