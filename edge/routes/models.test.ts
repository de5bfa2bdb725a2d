import { describe, expect, it } from 'vitest';
import { createEdgeApp } from '../app.ts';
import { parseConfig } from '../../shared/config/parse.ts';
import { sha256Hex } from '../../shared/crypto/index.ts';
import { silentLogger } from '../../shared/log/index.ts';

describe('GET /v1/models', () => {
  it('lists only what the key may use', async () => {
    const config = parseConfig({
      tenants: [
        {
          id: 't',
          keys: [
            { id: 'all', sha256: await sha256Hex('sk-all') },
            { id: 'some', sha256: await sha256Hex('sk-some'), models: ['gpt-*', 'auto'] },
          ],
        },
      ],
      providers: [{ id: 'oa', type: 'openai', apiKeyEnv: 'UNUSED' }],
      models: [{ id: 'gpt-4o-mini', provider: 'oa' }, { id: 'gpt-4o', provider: 'oa' }, { id: 'o3', provider: 'oa' }],
      routes: [{ id: 'auto', targets: ['gpt-4o-mini'] }],
    });
    const app = createEdgeApp({ config, runnerContext: { env: {} }, logger: silentLogger });
    const ids = async (key: string) =>
      ((await (await app.request('/v1/models', { headers: { authorization: `Bearer ${key}` } })).json()) as { data: { id: string }[] }).data.map((model) => model.id);
    expect(await ids('sk-all')).toEqual(['gpt-4o-mini', 'gpt-4o', 'o3', 'auto']);
    expect(await ids('sk-some')).toEqual(['gpt-4o-mini', 'gpt-4o', 'auto']);
  });
});
