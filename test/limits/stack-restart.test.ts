/** `npm start`'s stack keeps budgets in SQLite under its data folder: a restart does not reset them. */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type StackOptions } from '../../node-runtime/stack.ts';
import { parseConfig } from '../../shared/config/parse.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { CONTRACT_OPENAI_KEY, CONTRACT_SECRETS, contractConfig } from '../contract/edge-contract.ts';
import { startOpenAICompatibleServer } from '../servers/openai-compatible-server.ts';
import type { TestServer } from '../servers/test-server.ts';
import { authorized, LIMIT_KEYS, limitsConfig, SMALL_CHAT } from './limits-config.ts';

describe('the Node stack across a restart', () => {
  let upstream: TestServer;
  let options: StackOptions;
  let dataDir: string;

  beforeAll(async () => {
    upstream = await startOpenAICompatibleServer({ apiKey: CONTRACT_OPENAI_KEY });
    dataDir = join(mkdtempSync(join(tmpdir(), 'switchyard-stack-data-')), 'data');
    options = {
      config: parseConfig(await limitsConfig(contractConfig({ openaiURL: upstream.url, runtimeURL: 'http://127.0.0.1:9', deadRuntimeURL: 'http://127.0.0.1:9' }))),
      env: { ...CONTRACT_SECRETS, SWITCHYARD_MODELS_DIR: mkdtempSync(join(tmpdir(), 'switchyard-no-models-')) },
      runtimePort: 0,
      edgePort: 0,
      logger: silentLogger,
      dataDir,
      builtinModelsDir: false,
      warmUp: false,
    };
  });

  afterAll(async () => {
    await upstream?.close();
  });

  it('refuses after the restart what the budget refused before it', async () => {
    const first = await startStack(options);
    const chat = (edgeURL: string | undefined) => fetch(`${edgeURL}/v1/chat/completions`, authorized(LIMIT_KEYS.budget, { method: 'POST', body: SMALL_CHAT }));
    const statuses: number[] = [];
    try {
      for (let attempt = 0; attempt < 10 && statuses.at(-1) !== 402; attempt++) statuses.push((await chat(first.edgeURL)).status);
    } finally {
      await first.close();
    }
    expect(statuses.at(-1)).toBe(402);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(0);
    expect(existsSync(join(dataDir, 'limits.sqlite'))).toBe(true);

    const second = await startStack(options);
    try {
      const response = await chat(second.edgeURL);
      expect(response.status).toBe(402);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('budget_exceeded');
    } finally {
      await second.close();
    }
  });
});
