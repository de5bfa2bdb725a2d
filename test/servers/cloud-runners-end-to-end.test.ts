import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidRequestError, ServiceUnavailableError, TimeoutError, UpstreamError } from '../../shared/errors/index.ts';
import { HopVerifier, signHop } from '../../shared/hop/index.ts';
import { createAnthropicRunner } from '../../shared/runners/anthropic/index.ts';
import { createOpenAICompatibleRunner } from '../../shared/runners/openai-compatible/index.ts';
import type { ChatCompletionChunk, ChatCompletionRequest } from '../../shared/schemas/chat.ts';
import type { ModelRunner } from '../../shared/spec/model-runner.ts';
import { startAnthropicServer } from './anthropic-server.ts';
import { embed, startOpenAICompatibleServer } from './openai-compatible-server.ts';
import type { TestServer } from './test-server.ts';

let openAIServer: TestServer;
let anthropicServer: TestServer;

beforeAll(async () => {
  [openAIServer, anthropicServer] = await Promise.all([
    startOpenAICompatibleServer({ apiKey: 'sk-test', slowMs: 1000 }),
    startAnthropicServer({ apiKey: 'sk-ant-test', slowMs: 1000 }),
  ]);
});
afterAll(() => Promise.all([openAIServer.close(), anthropicServer.close()]));

const ask = (text: string, extra: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({
  model: 'caller-facing-name',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: text },
  ],
  ...extra,
});

const weatherTools: Partial<ChatCompletionRequest> = {
  tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } }],
};

async function collect(runner: ModelRunner, request: ChatCompletionRequest) {
  const { chunks, servedBy, model } = await runner.doStream(request);
  const received: ChatCompletionChunk[] = [];
  for await (const chunk of chunks) received.push(chunk);
  const text = received.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
  const toolArguments = received.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []).map((call) => call.function?.arguments ?? '').join('');
  const finishReason = received.map((chunk) => chunk.choices[0]?.finish_reason).find((reason) => reason);
  return { received, text, toolArguments, finishReason, usage: received.at(-1)?.usage, servedBy, model };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe.each([
  {
    name: 'OpenAI-compatible runner',
    create: (upstreamModel: string, options: { apiKey?: string; timeoutMs?: number } = {}) =>
      createOpenAICompatibleRunner({ id: 'openai:test', baseURL: `${openAIServer.url}/v1`, apiKey: 'sk-test', upstreamModel, servedBy: 'cloud', ...options }),
    server: () => openAIServer,
    model: 'echo-1',
  },
  {
    name: 'Anthropic runner',
    create: (upstreamModel: string, options: { apiKey?: string; timeoutMs?: number } = {}) =>
      createAnthropicRunner({ id: 'anthropic:test', baseURL: anthropicServer.url, apiKey: 'sk-ant-test', upstreamModel, servedBy: 'cloud', ...options }),
    server: () => anthropicServer,
    model: 'claude-test',
  },
])('$name against its test server', ({ create, server, model }) => {
  it('generates, sending the upstream model and the request id', async () => {
    const result = await create(model).doGenerate(ask('hello there'), { requestId: 'req-e2e-1' });
    expect(result.completion.choices[0]?.message.content).toBe('echo: hello there');
    expect(result.completion.choices[0]?.finish_reason).toBe('stop');
    expect(result.completion.usage).toEqual({ prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 });
    expect(result).toMatchObject({ servedBy: 'cloud', model });
    const recorded = server().requests.at(-1);
    expect(recorded?.body).toMatchObject({ model });
    expect(recorded?.headers['x-request-id']).toBe('req-e2e-1');
  });

  it('streams text and the usage chunk', async () => {
    const result = await collect(create(model), ask('one two three', { stream: true, stream_options: { include_usage: true } }));
    expect(result.text).toBe('echo: one two three');
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toEqual({ prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 });
    expect(result.received.at(-1)?.choices).toEqual([]);
  });

  it('streams and generates tool calls', async () => {
    const streamed = await collect(create(model), ask('What is the weather in Paris?', weatherTools));
    expect(streamed.finishReason).toBe('tool_calls');
    expect(JSON.parse(streamed.toolArguments)).toEqual({ location: 'Paris' });
    const generated = await create(model).doGenerate(ask('weather please', weatherTools));
    expect(generated.completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(generated.completion.choices[0]?.message.tool_calls?.[0]?.function).toEqual({ name: 'get_weather', arguments: '{"location":"Paris"}' });
  });

  it('maps 429 with Retry-After, 500 and a wrong key to UpstreamError', async () => {
    const limited = (await failure(create('fail-429').doGenerate(ask('x')))) as UpstreamError;
    expect(limited).toBeInstanceOf(UpstreamError);
    expect(limited).toMatchObject({ upstreamStatus: 429, retryAfterSeconds: 7, isRetryable: true });
    const broken = (await failure(create('fail-500').doStream(ask('x')))) as UpstreamError;
    expect(broken).toMatchObject({ upstreamStatus: 500, isRetryable: true });
    const unauthorized = (await failure(create(model, { apiKey: 'wrong' }).doGenerate(ask('x')))) as UpstreamError;
    expect(unauthorized).toBeInstanceOf(UpstreamError);
    expect(unauthorized).toMatchObject({ upstreamStatus: 401, isRetryable: false });
  });

  it('maps a 400 to InvalidRequestError quoting the upstream message', async () => {
    const error = (await failure(create('fail-400').doGenerate(ask('x')))) as InvalidRequestError;
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.message).toMatch(/^Upstream "(openai|anthropic):test" rejected the request: \S/);
  });

  it('throws UpstreamError from the iterator when the stream is cut mid-way', async () => {
    const { chunks } = await create('fail-mid-stream').doStream(ask('a b c d'));
    const received: ChatCompletionChunk[] = [];
    const error = await (async () => {
      for await (const chunk of chunks) received.push(chunk);
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(received.length).toBeGreaterThanOrEqual(1);
  });

  it('times out a slow upstream and lets the caller abort one', async () => {
    const started = Date.now();
    await expect(create('slow', { timeoutMs: 100 }).doGenerate(ask('x'))).rejects.toBeInstanceOf(TimeoutError);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const aborted = (await failure(create('slow').doStream(ask('x'), { signal: controller.signal }))) as Error;
    expect(aborted.name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(900);
  });
});

describe('OpenAI-compatible runner, OpenAI-only paths', () => {
  const runner = (upstreamModel: string) =>
    createOpenAICompatibleRunner({ id: 'openai:test', baseURL: `${openAIServer.url}/v1`, apiKey: 'sk-test', upstreamModel, servedBy: 'cloud' });

  it('embeds', async () => {
    const result = await runner('embed-1').doEmbed?.({ model: 'embeddings', input: ['alpha', 'beta gamma'] });
    expect(result?.response.data.map((item) => item.embedding)).toEqual([embed('alpha'), embed('beta gamma')]);
    expect(result?.response.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
  });

  it('refuses a 2xx body that is not a chat completion', async () => {
    await expect(runner('invalid-body').doGenerate(ask('x'))).rejects.toThrow(/does not match the expected format \(at choices\)/);
  });

  it('signs hops to a node runtime and reports the route it took', async () => {
    const secret = 'hop-secret-for-tests';
    const nodeRuntime = await startOpenAICompatibleServer({ responseHeaders: { 'x-switchyard-route': 'cloud', 'x-switchyard-model': 'openai/gpt-4o-mini' } });
    try {
      const hop = createOpenAICompatibleRunner({
        id: 'node:tiny',
        baseURL: `${nodeRuntime.url}/v1`,
        upstreamModel: 'echo-1',
        servedBy: 'local',
        signHeaders: (parts) => signHop(secret, parts),
      });
      const result = await hop.doGenerate(ask('hi'));
      expect(result).toMatchObject({ servedBy: 'cloud', model: 'openai/gpt-4o-mini' });

      const recorded = nodeRuntime.requests.at(-1);
      const verdict = await new HopVerifier({ secret }).verify(
        { method: 'POST', path: recorded?.path ?? '', body: JSON.stringify(recorded?.body) },
        new Headers(recorded?.headers),
      );
      expect(verdict).toEqual({ ok: true });
      expect(recorded?.headers.authorization).toBeUndefined();
    } finally {
      await nodeRuntime.close();
    }
  });

  it("turns a node runtime's 503 into ServiceUnavailableError, a cloud's into UpstreamError", async () => {
    const local = createOpenAICompatibleRunner({ id: 'node:tiny', baseURL: `${openAIServer.url}/v1`, apiKey: 'sk-test', upstreamModel: 'fail-503', servedBy: 'local' });
    const unavailable = (await failure(local.doGenerate(ask('x')))) as ServiceUnavailableError;
    expect(unavailable).toBeInstanceOf(ServiceUnavailableError);
    expect(unavailable.message).toBe('The engine is currently overloaded, please try again later.');
    expect(unavailable.retryAfterSeconds).toBe(3);
    await expect(runner('fail-503').doGenerate(ask('x'))).rejects.toMatchObject({ upstreamStatus: 503 });
  });
});

describe('Anthropic runner, Anthropic-only paths', () => {
  const runner = (upstreamModel: string) =>
    createAnthropicRunner({ id: 'anthropic:test', baseURL: anthropicServer.url, apiKey: 'sk-ant-test', upstreamModel, servedBy: 'cloud' });

  it('sends the 2023-06-01 headers and drops or clamps what the Messages API would refuse', async () => {
    const request = ask('hello', { seed: 1, frequency_penalty: 0.5, temperature: 1.7, response_format: { type: 'json_object' }, vendor_knob: 1 });
    const result = await runner('claude-test').doGenerate(request);
    expect(result.completion.choices[0]?.message.content).toBe('echo: hello');
    const recorded = anthropicServer.requests.at(-1);
    expect(recorded?.headers['x-api-key']).toBe('sk-ant-test');
    expect(recorded?.headers['anthropic-version']).toBe('2023-06-01');
    expect(recorded?.body).toEqual({
      model: 'claude-test',
      system: 'Be brief.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }],
      max_tokens: 1024,
      temperature: 1,
    });
  });

  it('carries a tool round trip: assistant tool_use, then the tool result', async () => {
    const result = await runner('claude-test').doGenerate({
      model: 'm',
      messages: [
        { role: 'user', content: 'What is the weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'toolu_1', content: 'sunny' },
      ],
      ...weatherTools,
      tool_choice: 'auto',
    });
    expect(result.completion.choices[0]?.message.content).toBe('echo: sunny');
  });

  it('maps 529 overloaded to a retryable UpstreamError, before and during a stream', async () => {
    const overloaded = (await failure(runner('fail-529').doStream(ask('x')))) as UpstreamError;
    expect(overloaded).toBeInstanceOf(UpstreamError);
    expect(overloaded).toMatchObject({ upstreamStatus: 529, isRetryable: true });
  });

  it('reports stop sequences and max_tokens as finish reasons', async () => {
    const stopped = await runner('claude-test').doGenerate(ask('one two STOP three', { stop: 'STOP' }));
    expect(stopped.completion.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'echo: one two' } });
    const cut = await collect(runner('claude-test'), ask('one two three', { max_completion_tokens: 2 }));
    expect(cut).toMatchObject({ text: 'echo: one', finishReason: 'length' });
  });
});
