/**
 * The official `openai` client against the local edge: the node runtime's ONNX fixture (random
 * weights: counts, determinism and streaming are asserted, never text), cloud stand-ins, the
 * Anthropic mapping, fallbacks and failures.
 */
import OpenAI, { APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signHop } from '../../shared/hop/index.ts';
import { E2E_HOP_SECRET, E2E_KEY, startE2EStack, type E2EStack } from './stack.ts';

let e2e: E2EStack;
let client: OpenAI;

beforeAll(async () => {
  e2e = await startE2EStack();
  client = new OpenAI({ baseURL: `${e2e.edgeURL}/v1`, apiKey: E2E_KEY, maxRetries: 0, timeout: 20_000 });
});
afterAll(async () => {
  await e2e?.close();
});

const hello = [{ role: 'user' as const, content: 'Say hello to the nice people.' }];

async function collect(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>) {
  const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
  const finishReasons = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason)).filter(Boolean);
  return { chunks, text, finishReasons, usage: chunks.at(-1)?.usage };
}

describe('node runtime (ONNX fixture) through the edge', () => {
  it('answers a chat completion with real token counts', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'tiny-random-gpt2', messages: hello, max_tokens: 12, temperature: 0 })
      .withResponse();
    expect(response.headers.get('x-switchyard-route')).toBe('local');
    expect(response.headers.get('x-switchyard-model')).toBe('tiny-random-gpt2');
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    const choice = data.choices[0];
    expect(data.usage?.completion_tokens).toBeGreaterThan(0);
    expect(data.usage?.completion_tokens).toBeLessThanOrEqual(12);
    expect(choice?.finish_reason === 'length').toBe(data.usage?.completion_tokens === 12);
    expect(data.usage?.prompt_tokens).toBeGreaterThan(5);
    expect(data.usage?.total_tokens).toBe((data.usage?.prompt_tokens ?? 0) + (data.usage?.completion_tokens ?? 0));
  });

  it('is deterministic under greedy decoding', async () => {
    const request = { model: 'tiny-random-gpt2', messages: hello, max_tokens: 10, temperature: 0 };
    const first = await client.chat.completions.create(request);
    const second = await client.chat.completions.create(request);
    expect(second.choices[0]?.message.content).toBe(first.choices[0]?.message.content);
  });

  it('streams chunks, a finish_reason and usage, matching the non-stream answer', async () => {
    const request = { model: 'tiny-random-gpt2', messages: hello, max_tokens: 10, temperature: 0 };
    const whole = await client.chat.completions.create(request);
    const streamed = await collect(
      await client.chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } }),
    );
    expect(streamed.chunks.filter((chunk) => chunk.choices[0]?.delta.content).length).toBeGreaterThan(1);
    expect(streamed.finishReasons).toEqual([whole.choices[0]?.finish_reason]);
    expect(streamed.text).toBe(whole.choices[0]?.message.content);
    expect(streamed.usage).toEqual(whole.usage);
  });

  it('falls back inside the node runtime when the local model is not installed', async () => {
    const { data, response } = await client.chat.completions.create({ model: 'not-installed', messages: hello }).withResponse();
    expect(response.headers.get('x-switchyard-route')).toBe('cloud');
    expect(response.headers.get('x-switchyard-model')).toBe('gpt-test');
    expect(data.choices[0]?.message.content).toBe('echo: Say hello to the nice people.');
  });
});

describe('cloud providers through the edge', () => {
  it('routes to an OpenAI-compatible provider with its own key and model name', async () => {
    const before = e2e.openai.requests.length;
    const { data, response } = await client.chat.completions.create({ model: 'gpt-test', messages: hello, user: 'u-1' }).withResponse();
    expect(response.headers.get('x-switchyard-route')).toBe('cloud');
    expect(data.choices[0]?.message.content).toBe('echo: Say hello to the nice people.');
    const sent = e2e.openai.requests.slice(before).find((request) => request.path === '/v1/chat/completions');
    expect(sent?.headers.authorization).toBe('Bearer sk-upstream-openai');
    expect(sent?.body).toMatchObject({ model: 'echo-1', messages: hello, user: 'u-1' });
  });

  it('streams from an OpenAI-compatible provider with usage', async () => {
    const streamed = await collect(
      await client.chat.completions.create({ model: 'gpt-test', messages: hello, stream: true, stream_options: { include_usage: true } }),
    );
    expect(streamed.text).toBe('echo: Say hello to the nice people.');
    expect(streamed.finishReasons).toEqual(['stop']);
    expect(streamed.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('maps to and from the Anthropic Messages format', async () => {
    const before = e2e.anthropic.requests.length;
    const { data, response } = await client.chat.completions
      .create({ model: 'claude-test', messages: [{ role: 'system', content: 'Be brief.' }, ...hello], max_tokens: 50 })
      .withResponse();
    expect(response.headers.get('x-switchyard-route')).toBe('cloud');
    expect(data.object).toBe('chat.completion');
    expect(data.choices[0]?.message.content).toContain('Say hello to the nice people.');
    expect(data.usage?.prompt_tokens).toBeGreaterThan(0);
    const sent = e2e.anthropic.requests.slice(before).find((request) => request.path === '/v1/messages');
    expect(sent?.body).toMatchObject({ model: 'claude-test-1', system: 'Be brief.', max_tokens: 50, messages: [{ role: 'user' }] });
  });

  it('streams from Anthropic as OpenAI chunks, tool calls included', async () => {
    const streamed = await collect(
      await client.chat.completions.create({
        model: 'claude-test',
        messages: [{ role: 'user', content: 'What is the weather in Lisbon?' }],
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    const toolDeltas = streamed.chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(toolDeltas[0]?.function?.name).toBe('get_weather');
    expect(JSON.parse(toolDeltas.map((delta) => delta.function?.arguments ?? '').join(''))).toBeTypeOf('object');
    expect(streamed.finishReasons).toEqual(['tool_calls']);
    expect(streamed.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('serves embeddings and the models list', async () => {
    const embeddings = await client.embeddings.create({ model: 'embed-test', input: ['one', 'two'] });
    expect(embeddings.data).toHaveLength(2);
    expect(embeddings.data[0]?.embedding).toHaveLength(8);
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(expect.arrayContaining(['tiny-random-gpt2', 'gpt-test', 'claude-test']));
  });
});

describe('failures', () => {
  it('falls back to cloud before the first byte when the node runtime is down', async () => {
    const { response } = await client.chat.completions.create({ model: 'down-with-fallback', messages: hello }).withResponse();
    expect(response.headers.get('x-switchyard-route')).toBe('cloud');
    expect(response.headers.get('x-switchyard-model')).toBe('gpt-test');
    const streamed = await collect(await client.chat.completions.create({ model: 'down-with-fallback', messages: hello, stream: true }));
    expect(streamed.text).toBe('echo: Say hello to the nice people.');
  });

  it('answers 503 in the envelope when the node runtime is down and nothing can take over', async () => {
    const failure = await client.chat.completions.create({ model: 'down-alone', messages: hello }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(APIError);
    expect((failure as APIError).status).toBe(503);
    expect((failure as APIError).type).toBe('service_unavailable');
  });

  it('ends a stream that breaks mid-way with an error the SDK raises, not a hang', async () => {
    const stream = await client.chat.completions.create({ model: 'breaks-mid-stream', messages: hello, stream: true });
    const received: string[] = [];
    const failure = await (async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((error: unknown) => error);
    expect(received.length).toBeGreaterThan(0);
    expect(failure).toBeInstanceOf(APIError);
  });
});

describe('the signed hop to the node runtime', () => {
  const body = JSON.stringify({ model: 'tiny-random-gpt2', messages: hello, max_tokens: 2 });
  const post = (headers: Record<string, string>) =>
    fetch(`${e2e.stack.runtimeURL}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('rejects an unsigned request', async () => {
    const response = await post({});
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('hop_missing_headers');
  });

  it('rejects a request signed with the wrong secret', async () => {
    const response = await post(await signHop('not-the-secret', { method: 'POST', path: '/v1/chat/completions', body }));
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('hop_bad_signature');
  });

  it('accepts a signed request once and rejects its replay', async () => {
    const headers = await signHop(E2E_HOP_SECRET, { method: 'POST', path: '/v1/chat/completions', body });
    expect((await post(headers)).status).toBe(200);
    const replay = await post(headers);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: { code: string } }).error.code).toBe('hop_replayed');
  });

  it('rejects a stale signature', async () => {
    const response = await post(await signHop(E2E_HOP_SECRET, { method: 'POST', path: '/v1/chat/completions', body }, Date.now() - 10 * 60_000));
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('hop_stale');
  });
});
