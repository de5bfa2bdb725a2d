import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDING_DIMENSION, embed, startOpenAICompatibleServer } from './openai-compatible-server.ts';
import type { TestServer } from './test-server.ts';

// The official client is the judge of faithfulness: if it accepts these answers, so will callers' code.
let server: TestServer;
let client: OpenAI;

beforeAll(async () => {
  server = await startOpenAICompatibleServer({ apiKey: 'sk-test', slowMs: 300 });
  client = new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, maxRetries: 0 });
});
afterAll(() => server.close());

describe('openai-compatible test server, driven by the official openai client', () => {
  it('answers a chat completion and records the request', async () => {
    const completion = await client.chat.completions.create({
      model: 'echo-1',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hello there world' },
      ],
    });
    expect(completion.choices[0]?.message.content).toBe('echo: hello there world');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toEqual({ prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 });
    const recorded = server.requests.at(-1);
    expect(recorded?.path).toBe('/v1/chat/completions');
    expect(recorded?.headers.authorization).toBe('Bearer sk-test');
    expect(recorded?.body).toMatchObject({ model: 'echo-1' });
  });

  it('streams word chunks and the usage chunk when include_usage is set', async () => {
    const stream = await client.chat.completions.create({
      model: 'echo-1',
      messages: [{ role: 'user', content: 'one two three' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const pieces: string[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finishReason: string | null | undefined;
    for await (const chunk of stream) {
      pieces.push(chunk.choices[0]?.delta.content ?? '');
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(pieces.filter(Boolean)).toEqual(['echo:', ' one', ' two', ' three']);
    expect(finishReason).toBe('stop');
    expect(usage).toEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
  });

  it("accumulates a streamed tool call with the client's stream helper", async () => {
    const runner = client.chat.completions.stream({
      model: 'echo-1',
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } }],
    });
    const final = await runner.finalChatCompletion();
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    const call = final.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' ? JSON.parse(call.function.arguments) : undefined).toEqual({ location: 'Paris' });
  });

  it('returns deterministic unit embeddings, as floats or base64 (the client default)', async () => {
    const decoded = await client.embeddings.create({ model: 'embed-1', input: ['alpha', 'beta'] });
    expect(server.requests.at(-1)?.body).toMatchObject({ encoding_format: 'base64' });
    const floats = await client.embeddings.create({ model: 'embed-1', input: ['alpha', 'beta'], encoding_format: 'float' });
    expect(decoded.data.map((item) => item.embedding)).toEqual(floats.data.map((item) => item.embedding));
    expect(floats.data[0]?.embedding).toEqual(embed('alpha'));
    expect(floats.data[0]?.embedding).toHaveLength(EMBEDDING_DIMENSION);
    expect(Math.hypot(...(floats.data[1]?.embedding ?? []))).toBeCloseTo(1, 5);
    expect(floats.usage).toEqual({ prompt_tokens: 2, total_tokens: 2 });
  });

  it('lists models', async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toContain('echo-1');
  });

  it('refuses a wrong key with the 401 envelope', async () => {
    const stranger = new OpenAI({ apiKey: 'sk-wrong', baseURL: `${server.url}/v1`, maxRetries: 0 });
    const error = await stranger.models.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe('invalid_api_key');
  });

  it('fails on demand: 429 with Retry-After, 500, 400 with param', async () => {
    const request = (model: string) => client.chat.completions.create({ model, messages: [{ role: 'user', content: 'x' }] });
    const limited = (await request('fail-429').catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.RateLimitError>;
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(limited.headers.get('retry-after')).toBe('7');
    await expect(request('fail-500')).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    const invalid = (await request('fail-400').catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(invalid).toBeInstanceOf(OpenAI.BadRequestError);
    expect(invalid.param).toBe('temperature');
  });

  it('cuts a stream after two chunks for fail-mid-stream', async () => {
    const stream = await client.chat.completions.create({ model: 'fail-mid-stream', messages: [{ role: 'user', content: 'a b c d' }], stream: true });
    const pieces: string[] = [];
    await expect(async () => {
      for await (const chunk of stream) pieces.push(chunk.choices[0]?.delta.content ?? '');
    }).rejects.toThrow();
    expect(pieces).toHaveLength(2);
  });

  it('answers slowly for slow, and gives up when the client does', async () => {
    const started = Date.now();
    await client.chat.completions.create({ model: 'slow', messages: [{ role: 'user', content: 'x' }] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const impatient = new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, maxRetries: 0, timeout: 50 });
    await expect(impatient.chat.completions.create({ model: 'slow', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(
      OpenAI.APIConnectionTimeoutError,
    );
  });
});
