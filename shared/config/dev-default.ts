/**
 * The built-in config used when no config file exists: one dev tenant whose key comes from
 * SWITCHYARD_DEV_KEY, the node runtime's local models, and the cloud providers whose
 * conventional variables are set. Scripts and first-time users need no file.
 */
import { parseConfig } from './parse.ts';
import type { SwitchyardConfig, SwitchyardConfigInput } from './schema.ts';

export interface DevDefaultOptions {
  /** Environment (process.env on Node, the Worker's env on the edge). */
  env: Readonly<Record<string, string | undefined>>;
  /** SHA-256 hex of the dev API key. */
  devKeySha256: string;
  /** Model ids the node runtime serves from its models folder. */
  localModels: readonly string[];
  nodeRuntimeURL?: string;
}

export const DEFAULT_NODE_RUNTIME_URL = 'http://127.0.0.1:8788';
const DEFAULT_OPENAI_FALLBACK = 'gpt-4o-mini';
const DEFAULT_ANTHROPIC_FALLBACK = 'claude-3-5-haiku-latest';

export function devDefaultConfig({ env, devKeySha256, localModels, nodeRuntimeURL }: DevDefaultOptions): SwitchyardConfig {
  const providers: NonNullable<SwitchyardConfigInput['providers']> = [
    { id: 'local', type: 'node-runtime', baseURL: nodeRuntimeURL ?? env.SWITCHYARD_NODE_RUNTIME_URL ?? DEFAULT_NODE_RUNTIME_URL },
  ];
  const cloudFallbacks: string[] = [];
  if (env.OPENAI_API_KEY) {
    providers.push({ id: 'openai', type: 'openai', passthrough: true, ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}) });
    cloudFallbacks.push(`openai/${env.SWITCHYARD_OPENAI_FALLBACK_MODEL ?? DEFAULT_OPENAI_FALLBACK}`);
  }
  if (env.ANTHROPIC_API_KEY) {
    providers.push({ id: 'anthropic', type: 'anthropic', passthrough: true, ...(env.ANTHROPIC_BASE_URL ? { baseURL: env.ANTHROPIC_BASE_URL } : {}) });
    cloudFallbacks.push(`anthropic/${env.SWITCHYARD_ANTHROPIC_FALLBACK_MODEL ?? DEFAULT_ANTHROPIC_FALLBACK}`);
  }
  const models = localModels.map((id) => ({ id, provider: 'local', fallbacks: cloudFallbacks }));
  const autoTargets = [...localModels.slice(0, 1), ...cloudFallbacks];
  return parseConfig(
    {
      tenants: [{ id: 'dev', name: 'Local development', keys: [{ id: 'dev-key', sha256: devKeySha256 }] }],
      providers,
      models,
      routes: autoTargets.length > 0 ? [{ id: 'auto', targets: autoTargets }] : [],
      nodeRuntime: { fallbacks: cloudFallbacks },
    } satisfies SwitchyardConfigInput,
    'built-in dev default',
  );
}
