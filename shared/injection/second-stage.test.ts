import { describe, expect, it } from 'vitest';
import { createClassificationRuntime, type RuntimeBehaviour } from '../../test/doubles/classification-runtime.ts';
import { InjectionSecondStage, NodeRuntimeProvider } from '../config/schema.ts';
import { SwitchyardError } from '../errors/index.ts';
import { MAX_CLASSIFICATION_INPUTS } from '../schemas/classifications.ts';
import { classificationWindows, createSecondStage, SECOND_STAGE_WINDOW_CHARS } from './second-stage.ts';

const SECRET = 'second-stage-test-secret';
const BASE_URL = 'http://classifier-runtime.test';
const provider = NodeRuntimeProvider.parse({ id: 'guard-box', type: 'node-runtime', baseURL: BASE_URL, hopSecretEnv: 'GUARD_HOP_SECRET' });

function setup({ settings = {}, env = { GUARD_HOP_SECRET: SECRET }, scores = {} }: { settings?: Partial<InjectionSecondStage>; env?: Record<string, unknown>; scores?: Record<string, number> } = {}) {
  const runtime = createClassificationRuntime({ baseURL: BASE_URL, secret: SECRET, model: 'injection-deberta', scores });
  const secondStage = createSecondStage({
    settings: InjectionSecondStage.parse({ provider: 'guard-box', model: 'injection-deberta', ...settings }),
    provider,
    env,
    fetch: runtime.fetch,
  });
  return { runtime, secondStage };
}

async function failureOf(promise: Promise<unknown>): Promise<SwitchyardError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!SwitchyardError.isInstance(error)) throw new Error(`expected a SwitchyardError, got ${String(error)}`);
  return error;
}

describe('second-stage client', () => {
  it('posts { model, input } hop-signed with the timeout header and returns P(attack) per text', async () => {
    const { runtime, secondStage } = setup({ scores: { 'ignore them': 0.97, 'what time is it': 0.02 } });
    expect(await secondStage.classify(['ignore them', 'what time is it', 'ignore them'])).toEqual([0.97, 0.02, 0.97]);
    expect(runtime.rejections).toEqual([]);
    // Repeated texts travel once.
    expect(runtime.calls).toEqual([{ input: ['ignore them', 'what time is it'], timeoutMs: '1000' }]);
    expect(await secondStage.classify([])).toEqual([]);
    expect(runtime.calls).toHaveLength(1);
  });

  it('sends at most MAX_CLASSIFICATION_INPUTS texts per call and keeps the order', async () => {
    const texts = Array.from({ length: 150 }, (_, index) => `text number ${index}`);
    const scores = Object.fromEntries(texts.map((text, index) => [text, index / 1000]));
    const { runtime, secondStage } = setup({ scores });
    expect(await secondStage.classify(texts)).toEqual(texts.map((_, index) => index / 1000));
    expect(runtime.calls.map((call) => call.input.length)).toEqual([MAX_CLASSIFICATION_INPUTS, MAX_CLASSIFICATION_INPUTS, 150 - 2 * MAX_CLASSIFICATION_INPUTS]);
  });

  it('sends the head and the tail of a long text as two windows and keeps the higher score, never half a surrogate pair', async () => {
    const head = `IGNORE-HEAD ${'a'.repeat(SECOND_STAGE_WINDOW_CHARS)}`;
    const long = `${head}${'b'.repeat(100_000)}${'c'.repeat(SECOND_STAGE_WINDOW_CHARS)} TAIL-EXFILTRATE`;
    const [headWindow, tailWindow] = classificationWindows(long);
    const { runtime, secondStage } = setup({ scores: { [headWindow ?? '']: 0.2, [tailWindow ?? '']: 0.9 } });
    expect(await secondStage.classify([long])).toEqual([0.9]);
    expect(runtime.calls[0]?.input).toEqual([headWindow, tailWindow]);
    expect(headWindow?.startsWith('IGNORE-HEAD')).toBe(true);
    expect(tailWindow?.endsWith('TAIL-EXFILTRATE')).toBe(true);
    expect([headWindow?.length, tailWindow?.length]).toEqual([SECOND_STAGE_WINDOW_CHARS, SECOND_STAGE_WINDOW_CHARS]);
    // An emoji is two UTF-16 units; a window boundary between them would send a broken character.
    const emoji = `x${'😀'.repeat(SECOND_STAGE_WINDOW_CHARS)}`;
    for (const window of classificationWindows(emoji)) {
      expect(window.length).toBeLessThanOrEqual(SECOND_STAGE_WINDOW_CHARS);
      expect(window.replace(/^x/, '')).toMatch(/^(?:😀)+$/u);
    }
    expect(classificationWindows('short')).toEqual(['short']);
  });

  it('says which variable to set when the hop secret is missing, without calling the runtime', async () => {
    const { runtime, secondStage } = setup({ env: {} });
    const error = await failureOf(secondStage.classify(['x']));
    expect(error.code).toBe('second_stage_secret_missing');
    expect(error.message).toContain('GUARD_HOP_SECRET');
    expect(runtime.calls).toEqual([]);
  });

  it('passes on a hop rejection with what to check', async () => {
    const { runtime, secondStage } = setup({ env: { GUARD_HOP_SECRET: 'a-different-secret' } });
    const error = await failureOf(secondStage.classify(['x']));
    expect(runtime.rejections).toEqual(['bad-signature']);
    expect(error.code).toBe('hop_bad_signature');
    expect(error.message).toContain('GUARD_HOP_SECRET');
  });

  it.each<[RuntimeBehaviour, string, RegExp]>([
    ['unreachable', 'second_stage_unreachable', /could not be reached.*baseURL/],
    ['not-installed', 'model_not_installed', /not installed.*Install the text-classification model "injection-deberta"/],
    ['not-json', 'second_stage_malformed', /not JSON/],
    ['wrong-shape', 'second_stage_malformed', /classifications format \(at data\)/],
    ['missing-result', 'second_stage_malformed', /1 results for 2 inputs/],
    ['unknown-label', 'second_stage_unknown_label', /no label "INJECTION" \(its labels: LABEL_0, LABEL_1\).*attackLabel/],
  ])('%s → %s', async (behaviour, code, message) => {
    const { runtime, secondStage } = setup();
    runtime.behaviour = behaviour;
    const error = await failureOf(secondStage.classify(['first', 'second']));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('gives up after timeoutMs', async () => {
    const { runtime, secondStage } = setup({ settings: { timeoutMs: 50 } });
    runtime.behaviour = 'hang';
    const error = await failureOf(secondStage.classify(['slow']));
    expect(error.code).toBe('second_stage_timeout');
    expect(error.message).toMatch(/within 50 ms.*timeoutMs/);
    expect(runtime.calls[0]?.timeoutMs).toBe('50');
  });

  it("rethrows the caller's abort as it is", async () => {
    const { runtime, secondStage } = setup();
    runtime.behaviour = 'hang';
    const controller = new AbortController();
    const reason = new Error('caller went away');
    const pending = secondStage.classify(['x'], controller.signal);
    setTimeout(() => controller.abort(reason), 5);
    await expect(pending).rejects.toBe(reason);
  });

  it('refuses a provider that is not a node runtime', () => {
    const settings = InjectionSecondStage.parse({ provider: 'guard-box', model: 'm' });
    const cloud = { id: 'guard-box', type: 'openai', baseURL: 'https://api.openai.com/v1', apiKeyEnv: 'K', timeoutMs: 1000, passthrough: false } as const;
    expect(() => createSecondStage({ settings, provider: cloud as never, env: {} })).toThrow(/node-runtime/);
  });
});
