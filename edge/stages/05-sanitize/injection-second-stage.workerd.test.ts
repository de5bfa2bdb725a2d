/**
 * The injection policy's second stage inside workerd: the edge app with the onnxruntime-web
 * classifier and the classification runtime double as the node runtime (hop signed and verified
 * with Web Crypto in workerd), then the real Worker entry failing over a dead runtime address.
 * The Node twin is injection-second-stage.test.ts.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEdgeApp } from '../../app.ts';
import { workerdClassifier } from '../../classifier/workerd.ts';
import worker from '../../worker.ts';
import { parseConfig } from '../../../shared/config/parse.ts';
import type { SwitchyardConfigInput } from '../../../shared/config/schema.ts';
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

const contract = JSON.parse(String(env.SWITCHYARD_CONFIG)) as SwitchyardConfigInput;
const lines: { level: string; event: string; [field: string]: unknown }[] = [];
const logger: Logger = { log: (level, event, fields) => lines.push({ level, event, ...fields }) };

async function edgeWith(runtime: ClassificationRuntime) {
  const config = parseConfig(await secondStageConfig(contract));
  return createEdgeApp({ config, runnerContext: { env: { ...env, GUARD_HOP_SECRET }, fetch: routingFetch(runtime) }, logger, classifier: workerdClassifier });
}

function request(path: string, key: string, body: unknown): Request {
  return new Request(`http://edge.test${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}
const chatBody = (content: string) => ({ model: 'cloud-model', messages: [{ role: 'user', content }], max_tokens: 8 });

beforeAll(async () => {
  // The scenario's texts must sit where the scenario says on the workerd classifier too.
  const classifier = await workerdClassifier();
  await expectScenarioScores(classifier);
});

describe('second stage on the edge inside workerd', () => {
  it('refuses under block what the second stage flags, and passes what it clears', async () => {
    const runtime = secondStageRuntime();
    const app = await edgeWith(runtime);
    const refused = await app.fetch(request('/v1/chat/completions', SECOND_STAGE_KEYS.block, chatBody(SECOND_STAGE_TEXTS.edgeUnsure)));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { type: string; code: string } }).error).toMatchObject({ type: 'policy_violation', code: 'injection_score' });

    const cleared = await app.fetch(request('/v1/chat/completions', SECOND_STAGE_KEYS.block, chatBody(SECOND_STAGE_TEXTS.edgeFlags)));
    expect(cleared.status).toBe(200);
    expect(cleared.headers.get('x-switchyard-route')).toBe('cloud');
    expect(cleared.headers.get('x-switchyard-injection')).toBeNull();

    expect(runtime.rejections).toEqual([]);
    expect(runtime.calls.map((call) => call.input)).toEqual([[SECOND_STAGE_TEXTS.edgeUnsure], [SECOND_STAGE_TEXTS.edgeFlags]]);
  });

  it('flags with the second stage as the reason under flag', async () => {
    const app = await edgeWith(secondStageRuntime());
    const response = await app.fetch(request('/v1/chat/completions', SECOND_STAGE_KEYS.flag, chatBody(SECOND_STAGE_TEXTS.edgeUnsure)));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchyard-injection')).toBe('flagged; reasons=second_stage');
    expect(lines.some((line) => line.event === 'injection-flag' && line.reasons === 'second_stage')).toBe(true);
  });

  it('/v1/guard reports the decisive score', async () => {
    const runtime = secondStageRuntime();
    const app = await edgeWith(runtime);
    const response = await app.fetch(request('/v1/guard', SECOND_STAGE_KEYS.flag, { input: [SECOND_STAGE_TEXTS.edgeUnsure, SECOND_STAGE_TEXTS.edgeFlags] }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { results: { injection: { score: number; flagged: boolean } }[] };
    expect(body.results.map((result) => result.injection)).toEqual([
      { score: 0.97, flagged: true },
      { score: 0.03, flagged: false },
    ]);
    expect(runtime.calls).toHaveLength(1);
  });
});

describe('the Worker entry with a second stage on a dead runtime', () => {
  async function viaWorker(onError: 'edge-verdict' | 'flag', content: string): Promise<Response> {
    const config: SwitchyardConfigInput = { ...(await secondStageConfig(contract)), guards: { injection: { secondStage: { provider: 'dead', model: 'x', onError, timeoutMs: 3000 } } } };
    const context = createExecutionContext();
    const response = (await worker.fetch(request('/v1/chat/completions', SECOND_STAGE_KEYS.block, chatBody(content)) as never, { ...env, SWITCHYARD_CONFIG: JSON.stringify(config) } as never, context as never)) as unknown as Response;
    const buffered = new Response(await response.arrayBuffer(), response);
    await waitOnExecutionContext(context);
    return buffered;
  }

  it('keeps the edge verdict by default and refuses as unverified under onError: flag', async () => {
    expect((await viaWorker('edge-verdict', SECOND_STAGE_TEXTS.edgeUnsure)).status).toBe(200);
    const refused = await viaWorker('flag', SECOND_STAGE_TEXTS.edgeUnsure);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('injection_unverified');
    expect((await viaWorker('flag', SECOND_STAGE_TEXTS.benign)).status).toBe(200);
  });
});
