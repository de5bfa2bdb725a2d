import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnthropicServer } from './anthropic-server.ts';
import type { TestServer } from './test-server.ts';

// The official SDK is the judge of faithfulness: if it accepts these answers, the real API's shape is kept.
let server: TestServer;
let client: Anthropic;

const weatherTool: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Weather by city',
  input_schema: { type: 'object', properties: { location: { type: 'string' } } },
};

beforeAll(async () => {
  server = await startAnthropicServer({ apiKey: 'sk-ant-test' });
  client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());

describe('anthropic test server, driven by the official @anthropic-ai/sdk client', () => {
  it('answers a message and records the SDK headers (bearer auth, the SDK\'s own API version)', async () => {
    const message = await client.messages.create({
      model: 'claude-test',
      max_tokens: 100,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'hello there' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'echo: hello there' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.input_tokens).toBe(4);
    expect(message.usage.output_tokens).toBe(3);
    const recorded = server.requests.at(-1);
    expect(recorded?.headers.authorization).toBe('Bearer sk-ant-test');
    expect(recorded?.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('streams text through the SDK stream helper', async () => {
    const stream = client.messages.stream({ model: 'claude-test', max_tokens: 100, messages: [{ role: 'user', content: 'one two three' }] });
    const pieces: string[] = [];
    stream.on('text', (text) => pieces.push(text));
    const final = await stream.finalMessage();
    expect(pieces).toEqual(['echo:', ' one', ' two', ' three']);
    expect(final.content).toMatchObject([{ type: 'text', text: 'echo: one two three' }]);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage.output_tokens).toBe(4);
  });

  it('streams a tool_use whose partial JSON the SDK reassembles', async () => {
    const stream = client.messages.stream({
      model: 'claude-test',
      max_tokens: 100,
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
    });
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe('tool_use');
    const toolUse = final.content.find((block) => block.type === 'tool_use');
    expect(toolUse).toMatchObject({ name: 'get_weather', input: { location: 'Paris' } });
  });

  it('yields the raw event sequence with stream: true', async () => {
    const stream = await client.messages.create({ model: 'claude-test', max_tokens: 2, messages: [{ role: 'user', content: 'a b c' }], stream: true });
    const types: string[] = [];
    let stopReason: string | null = null;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'message_delta') stopReason = event.delta.stop_reason;
    }
    expect(types).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(stopReason).toBe('max_tokens');
  });

  it('refuses a wrong key, a missing version header and unknown fields like the real API', async () => {
    const stranger = new Anthropic({ apiKey: 'wrong', baseURL: server.url, maxRetries: 0 });
    const request = { model: 'claude-test', max_tokens: 10, messages: [{ role: 'user' as const, content: 'x' }] };
    await expect(stranger.messages.create(request)).rejects.toBeInstanceOf(Anthropic.AuthenticationError);

    const withoutVersion = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'sk-ant-test', 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    expect(withoutVersion.status).toBe(400);

    const leaky = (await client.messages
      .create({ ...request, ...({ frequency_penalty: 1 } as object) })
      .catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.BadRequestError>;
    expect(leaky).toBeInstanceOf(Anthropic.BadRequestError);
    expect(leaky.message).toContain('frequency_penalty: Extra inputs are not permitted');
  });

  it('fails on demand: 429 with retry-after, 529 overloaded, 500', async () => {
    const request = (model: string) => client.messages.create({ model, max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
    const limited = (await request('fail-429').catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.RateLimitError>;
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect(limited.headers?.get('retry-after')).toBe('7');
    const overloaded = (await request('fail-529').catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    expect(overloaded.status).toBe(529);
    expect(overloaded.type).toBe('overloaded_error');
    await expect(request('fail-500')).rejects.toBeInstanceOf(Anthropic.InternalServerError);
  });

  it('cuts a stream short for fail-mid-stream', async () => {
    const stream = client.messages.stream({ model: 'fail-mid-stream', max_tokens: 100, messages: [{ role: 'user', content: 'a b c' }] });
    await expect(stream.finalMessage()).rejects.toThrow();
  });
});
