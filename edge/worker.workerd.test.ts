/** The Worker entry's own logic (config from bindings), unit style: worker.fetch(request, env) inside workerd. */
import { describe, expect, it } from 'vitest';
import worker, { type Env } from './worker.ts';

const call = (env: Env, path = '/v1/models', key?: string) =>
  worker.fetch(new Request(`http://edge.test${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} }) as never, env) as unknown as Promise<Response>;

describe('Worker entry', () => {
  it('answers 503 with what to set when it has no config at all', async () => {
    const response = await call({});
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('not_configured');
    expect(body.error.message).toContain('SWITCHYARD_CONFIG');
  });

  it('answers 503 naming each problem of an invalid SWITCHYARD_CONFIG', async () => {
    const response = await call({ SWITCHYARD_CONFIG: JSON.stringify({ providers: [{ id: 'x', type: 'openai', baseURL: 'nope' }] }) });
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('config_invalid');
    expect(body.error.message).toContain('providers[0].baseURL');
  });

  it('uses the dev default keyed by SWITCHYARD_DEV_KEY', async () => {
    const env: Env = { SWITCHYARD_DEV_KEY: 'sk-worker-dev', SWITCHYARD_LOCAL_MODELS: 'tiny-a, tiny-b' };
    expect((await call(env, '/v1/models', 'sk-wrong')).status).toBe(401);
    const response = await call(env, '/v1/models', 'sk-worker-dev');
    expect(response.status).toBe(200);
    const list = (await response.json()) as { data: { id: string }[] };
    expect(list.data.map((model) => model.id)).toEqual(['tiny-a', 'tiny-b', 'auto']);
  });
});
