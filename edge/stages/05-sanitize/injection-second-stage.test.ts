/**
 * The injection policy's second stage through the edge app on Node (app.request), with the real
 * edge classifier and the classification runtime double. The workerd twin is
 * injection-second-stage.workerd.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEdgeApp } from '../../app.ts';
import { nodeClassifier } from '../../classifier/node.ts';
import { parseConfig } from '../../../shared/config/parse.ts';
import type { Logger } from '../../../shared/log/index.ts';
import type { ClassificationRuntime } from '../../../test/doubles/classification-runtime.ts';
import {
  expectScenarioScores,
  GUARD_HOP_SECRET,
  routingFetch,
  SECOND_STAGE_KEYS,
  SECOND_STAGE_TEXTS,
  secondStageConfig,
  secondStageRuntime,
} from '../../../test/doubles/second-stage-edge.ts';
import { startOpenAICompatibleServer } from '../../../test/servers/openai-compatible-server.ts';
import type { TestServer } from '../../../test/servers/test-server.ts';

const lines: { level: string; event: string; [field: string]: unknown }[] = [];
const logger: Logger = { log: (level, event, fields) => lines.push({ level, event, ...fields }) };
let upstream: TestServer;

async function edgeWith(runtime: ClassificationRuntime, onError: 'edge-verdict' | 'flag' = 'edge-verdict') {
  const base = {
    providers: [{ id: 'cloud', type: 'openai' as const, baseURL: `${upstream.url}/v1`, apiKeyEnv: 'UPSTREAM_KEY' }],
    models: [{ id: 'm', provider: 'cloud', upstreamModel: 'echo-1' }],
  };
  const config = parseConfig(await secondStageConfig(base, onError));
  return createEdgeApp({ config, runnerContext: { env: { UPSTREAM_KEY: 'x', GUARD_HOP_SECRET }, fetch: routingFetch(runtime) }, logger, classifier: nodeClassifier });
}

const post = (app: Awaited<ReturnType<typeof edgeWith>>, path: string, key: string, body: unknown, requestId: string) =>
  app.request(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-request-id': requestId },
    body: JSON.stringify(body),
  });
const chat = (app: Awaited<ReturnType<typeof edgeWith>>, key: string, content: string, requestId: string) =>
  post(app, '/v1/chat/completions', key, { model: 'm', messages: [{ role: 'user', content }] }, requestId);

beforeAll(async () => {
  upstream = await startOpenAICompatibleServer();
  // The scenario's texts must sit where the scenario says on the real edge classifier.
  const classifier = await nodeClassifier();
  await expectScenarioScores(classifier);
});
afterAll(async () => upstream?.close());

describe('second stage on the edge (Node)', () => {
  it('refuses under block what the edge let through and the second stage flagged', async () => {
    const runtime = secondStageRuntime();
    const app = await edgeWith(runtime);
    const response = await chat(app, SECOND_STAGE_KEYS.block, SECOND_STAGE_TEXTS.edgeUnsure, 'req-ss-block');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { type: string; code: string; message: string } };
    expect(body.error).toMatchObject({ type: 'policy_violation', code: 'injection_score' });
    expect(body.error.message).not.toContain('banana');
    expect(runtime.calls.map((call) => call.input)).toEqual([[SECOND_STAGE_TEXTS.edgeUnsure]]);
    const flag = lines.find((line) => line.event === 'injection-flag' && line.requestId === 'req-ss-block');
    expect(flag).toMatchObject({ level: 'warn', action: 'block', reasons: 'second_stage' });
  });

  it('passes what the edge would flag when the second stage clears it, and leaves clear cases to the edge', async () => {
    const runtime = secondStageRuntime();
    const app = await edgeWith(runtime);
    const cleared = await chat(app, SECOND_STAGE_KEYS.block, SECOND_STAGE_TEXTS.edgeFlags, 'req-ss-cleared');
    expect(cleared.status).toBe(200);
    expect(cleared.headers.get('x-switchyard-injection')).toBeNull();
    const benign = await chat(app, SECOND_STAGE_KEYS.block, SECOND_STAGE_TEXTS.benign, 'req-ss-benign');
    expect(benign.status).toBe(200);
    expect(runtime.calls.map((call) => call.input)).toEqual([[SECOND_STAGE_TEXTS.edgeFlags]]);
  });

  it('under flag, answers with the second stage in x-switchyard-injection', async () => {
    const app = await edgeWith(secondStageRuntime());
    const response = await chat(app, SECOND_STAGE_KEYS.flag, SECOND_STAGE_TEXTS.edgeUnsure, 'req-ss-flag');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-injection')).toBe('flagged; reasons=second_stage');
  });

  it('keeps the edge verdict when the runtime is down and logs the code once, never the text', async () => {
    const runtime = secondStageRuntime();
    runtime.behaviour = 'unreachable';
    const app = await edgeWith(runtime);
    const response = await chat(app, SECOND_STAGE_KEYS.block, SECOND_STAGE_TEXTS.edgeFlags, 'req-ss-down');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('injection_score');
    const failures = lines.filter((line) => line.event === 'second-stage-fail' && line.requestId === 'req-ss-down');
    expect(failures).toEqual([{ level: 'warn', event: 'second-stage-fail', requestId: 'req-ss-down', check: 'injection', model: 'deberta-v3-prompt-injection', code: 'second_stage_unreachable' }]);
    expect(JSON.stringify(lines)).not.toContain('formatting the answer');
  });

  it('onError flag refuses escalated texts as unverified when the runtime is down', async () => {
    const runtime = secondStageRuntime();
    runtime.behaviour = 'not-installed';
    const app = await edgeWith(runtime, 'flag');
    const response = await chat(app, SECOND_STAGE_KEYS.block, SECOND_STAGE_TEXTS.edgeUnsure, 'req-ss-unverified');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('injection_unverified');
    expect(body.error.message).toMatch(/retry/);
    expect(lines.find((line) => line.event === 'second-stage-fail' && line.requestId === 'req-ss-unverified')).toMatchObject({ code: 'model_not_installed' });
    expect((await chat(app, SECOND_STAGE_KEYS.block, SECOND_STAGE_TEXTS.benign, 'req-ss-unverified-benign')).status).toBe(200);
  });

  it('/v1/guard reports the decisive score in one runtime call', async () => {
    const runtime = secondStageRuntime();
    const app = await edgeWith(runtime);
    const response = await post(app, '/v1/guard', SECOND_STAGE_KEYS.flag, { input: [SECOND_STAGE_TEXTS.edgeUnsure, SECOND_STAGE_TEXTS.edgeFlags, SECOND_STAGE_TEXTS.benign] }, 'req-ss-guard');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { results: { injection: { score: number; flagged: boolean } }[] };
    expect(body.results.map((result) => result.injection)).toEqual([
      { score: 0.97, flagged: true },
      { score: 0.03, flagged: false },
      { score: expect.any(Number), flagged: false },
    ]);
    expect(body.results[2]?.injection.score).toBeLessThan(0.05);
    expect(runtime.calls).toHaveLength(1);
  });
});
