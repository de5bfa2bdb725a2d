import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../node-runtime/config/write-json-schema.ts';
import { devDefaultConfig } from './dev-default.ts';
import { ConfigError, parseConfig, parseConfigText } from './parse.ts';

const HASH = 'a'.repeat(64);

function problemsOf(raw: unknown): string[] {
  try {
    parseConfig(raw, 'test');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
    throw error;
  }
  return [];
}

describe('config schema', () => {
  it('fills defaults for an empty file', () => {
    const config = parseConfig({});
    expect(config.server.maxBodyBytes).toBe(1024 * 1024);
    expect(config.nodeRuntime.port).toBe(8788);
    expect(config.tenants).toEqual([]);
  });

  it('reports every problem with its path', () => {
    const problems = problemsOf({
      tenants: [{ id: 'acme', keys: [{ id: 'k1', sha256: 'not-a-hash', scopes: ['chat', 'admin'] }] }],
      providers: [{ id: 'oa', type: 'openai', baseURL: 'ftp://nope' }, { id: 'x', type: 'mystery' }],
      models: [{ id: 'm', provider: 'missing', fallbacks: ['ghost'] }],
      unknownTopLevel: true,
    });
    const joined = problems.join('\n');
    expect(joined).toContain('tenants[0].keys[0].sha256');
    expect(joined).toContain('tenants[0].keys[0].scopes[1]');
    expect(joined).toContain('providers[0].baseURL');
    expect(joined).toContain('providers[1].type');
    expect(joined).toMatch(/unknownTopLevel|\(root\)/);
  });

  it('checks cross references once the shape is valid', () => {
    const problems = problemsOf({
      providers: [{ id: 'oa', type: 'openai' }],
      models: [{ id: 'm', provider: 'missing', fallbacks: ['ghost', 'm'] }],
      routes: [{ id: 'm', targets: ['nowhere'] }],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'models[0].provider: unknown provider "missing"; declare it under "providers"',
        'models[0].fallbacks[0]: unknown model "ghost"',
        'models[0].fallbacks[1]: a model cannot fall back to itself',
        'routes[0].id: "m" is already a model id',
        'routes[0].targets[0]: unknown model "nowhere"',
      ]),
    );
  });

  it('accepts passthrough names only for passthrough providers', () => {
    expect(problemsOf({ providers: [{ id: 'oa', type: 'openai', passthrough: true }], routes: [{ id: 'auto', targets: ['oa/gpt-4o'] }] })).toEqual([]);
    expect(problemsOf({ providers: [{ id: 'oa', type: 'openai' }], routes: [{ id: 'auto', targets: ['oa/gpt-4o'] }] })).toHaveLength(1);
  });

  it('says where JSON is broken', () => {
    expect(() => parseConfigText('{ "tenants": [ }', 'switchyard.config.json')).toThrowError(/switchyard\.config\.json[\s\S]*not valid JSON/);
  });

  it('keeps the committed JSON Schema in step with the zod schema', () => {
    expect(readFileSync('switchyard.config.schema.json', 'utf8')).toBe(configJsonSchema());
  });

  it('validates the example config shipped in the repo', () => {
    expect(() => parseConfigText(readFileSync('switchyard.config.example.json', 'utf8'), 'example')).not.toThrow();
  });
});

describe('guards.injection.secondStage', () => {
  const providers = [
    { id: 'gpu', type: 'node-runtime', baseURL: 'http://10.0.0.2:8788' },
    { id: 'oa', type: 'openai' },
  ];
  const withSecondStage = (secondStage: Record<string, unknown>) => ({ providers, guards: { injection: { secondStage } } });

  it('is absent by default and fills its own defaults when present', () => {
    expect(parseConfig({}).guards.injection.secondStage).toBeUndefined();
    expect(parseConfig(withSecondStage({ provider: 'gpu', model: 'injection-deberta' })).guards.injection.secondStage).toEqual({
      provider: 'gpu',
      model: 'injection-deberta',
      attackLabel: 'INJECTION',
      threshold: 0.5,
      escalate: 'uncertain',
      uncertainBand: [0.05, 0.99],
      timeoutMs: 1000,
      onError: 'edge-verdict',
    });
  });

  it('must name a declared node-runtime provider', () => {
    expect(problemsOf(withSecondStage({ provider: 'nowhere', model: 'm' }))).toEqual([
      'guards.injection.secondStage.provider: unknown provider "nowhere"; declare it under "providers" as a "node-runtime" provider',
    ]);
    expect(problemsOf(withSecondStage({ provider: 'oa', model: 'm' }))).toEqual([
      'guards.injection.secondStage.provider: provider "oa" is of type "openai"; the second stage needs a "node-runtime" provider (it calls POST /v1/classifications)',
    ]);
  });

  it('rejects a band that is not low < high and out-of-range settings', () => {
    const joined = problemsOf(withSecondStage({ provider: 'gpu', model: 'm', uncertainBand: [0.9, 0.1], threshold: 1.5, escalate: 'some', onError: 'ignore' })).join('\n');
    expect(joined).toContain('guards.injection.secondStage.uncertainBand: the band must be [low, high] with low < high');
    expect(joined).toContain('guards.injection.secondStage.threshold');
    expect(joined).toContain('guards.injection.secondStage.escalate');
    expect(joined).toContain('guards.injection.secondStage.onError');
    expect(problemsOf(withSecondStage({ provider: 'gpu' })).join('\n')).toContain('guards.injection.secondStage.model');
  });
});

describe('dev default', () => {
  it('serves local models and adds cloud providers from conventional variables', () => {
    const config = devDefaultConfig({
      env: { OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: 'http://127.0.0.1:9999/v1' },
      devKeySha256: HASH,
      localModels: ['tiny'],
    });
    expect(config.tenants[0]?.keys[0]?.sha256).toBe(HASH);
    expect(config.providers.map((provider) => provider.id)).toEqual(['local', 'openai']);
    expect(config.providers[1]).toMatchObject({ baseURL: 'http://127.0.0.1:9999/v1', passthrough: true });
    expect(config.models).toEqual([expect.objectContaining({ id: 'tiny', provider: 'local', fallbacks: ['openai/gpt-4o-mini'] })]);
    expect(config.routes).toEqual([{ id: 'auto', targets: ['tiny', 'openai/gpt-4o-mini'], whenUncertain: 'complex' }]);
  });

  it('has no chat targets with no models and no keys', () => {
    const config = devDefaultConfig({ env: {}, devKeySha256: HASH, localModels: [] });
    expect(config.models).toEqual([]);
    expect(config.routes).toEqual([]);
  });
});
