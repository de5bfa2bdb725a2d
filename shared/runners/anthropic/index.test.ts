import { describe, expect, it } from 'vitest';
import { InvalidRequestError, TimeoutError, UpstreamError } from '../../errors/index.ts';
import type { ChatCompletionChunk, ChatCompletionRequest } from '../../schemas/chat.ts';
import { encodeServerSentEvent } from '../../sse/index.ts';
import type { FetchFunction } from '../../spec/model-runner.ts';
import { TOOL_USE_EVENTS } from './fixtures/tool-use-stream.ts';
import { createAnthropicRunner, type AnthropicRunnerOptions } from './index.ts';

interface SentRequest {
  url: string;
  headers: Headers;
  body: Record<string, unknown>;
  signal: AbortSignal | undefined;
}

function stubFetch(answer: (request: SentRequest) => Response | Promise<Response>) {
  const sent: SentRequest[] = [];
  const fetch: FetchFunction = async (input, init) => {
    const request = {
      url: String(input),
      headers: new Headers(init?.headers),
      body: JSON.parse(String(init?.body)) as Record<string, unknown>,
      signal: init?.signal ?? undefined,
    };
    sent.push(request);
    return answer(request);
  };
  return { fetch, sent };
}

const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), { ...init, headers: { 'content-type': 'application/json', ...init.headers } });

const encoder = new TextEncoder();

function eventStream(events: unknown[], end: 'close' | 'error' | 'hang' = 'close', onCancel?: () => void): Response {
  const wire = events.map((event) =>
    encodeServerSentEvent({ event: (event as { type: string }).type, data: JSON.stringify(event) }),
  );
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      // Split mid-event so the runner cannot rely on one event per chunk.
      const bytes = encoder.encode(wire.join(''));
      for (let offset = 0; offset < bytes.length; offset += 37) controller.enqueue(bytes.slice(offset, offset + 37));
      if (end === 'close') controller.close();
      if (end === 'error') setTimeout(() => controller.error(new TypeError('terminated')), 5);
    },
    cancel() {
      onCancel?.();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

const message = {
  id: 'msg_01',
  type: 'message',
  role: 'assistant',
  model: 'claude-test-20260101',
  content: [{ type: 'text', text: 'Hello!' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 9, output_tokens: 2 },
};

const request: ChatCompletionRequest = {
  model: 'smart',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hi' },
  ],
  stream_options: { include_usage: true },
};

function runner(fetch: FetchFunction, overrides: Partial<AnthropicRunnerOptions> = {}) {
  return createAnthropicRunner({
    id: 'anthropic:claude',
    baseURL: 'https://api.anthropic.test/',
    apiKey: 'sk-ant-test',
    upstreamModel: 'claude-test',
    servedBy: 'cloud',
    fetch,
    ...overrides,
  });
}

async function drain<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('createAnthropicRunner doGenerate', () => {
  it('posts the mapped request to /v1/messages with Anthropic headers and maps the answer', async () => {
    const { fetch, sent } = stubFetch(() => json(message));
    const result = await runner(fetch, { defaultMaxTokens: 77 }).doGenerate(request, { requestId: 'req-9' });

    expect(sent[0]?.url).toBe('https://api.anthropic.test/v1/messages');
    expect(sent[0]?.headers.get('x-api-key')).toBe('sk-ant-test');
    expect(sent[0]?.headers.get('anthropic-version')).toBe('2023-06-01');
    expect(sent[0]?.headers.get('content-type')).toBe('application/json');
    expect(sent[0]?.headers.get('x-request-id')).toBe('req-9');
    expect(sent[0]?.headers.has('authorization')).toBe(false);
    expect(sent[0]?.body).toEqual({
      model: 'claude-test',
      system: 'Be brief.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      max_tokens: 77,
    });
    expect(result.servedBy).toBe('cloud');
    expect(result.model).toBe('claude-test');
    expect(result.completion.choices[0]?.message.content).toBe('Hello!');
    expect(result.completion.choices[0]?.finish_reason).toBe('stop');
    expect(result.completion.usage).toEqual({ prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 });
  });

  it('refuses a request it cannot map before calling the network', async () => {
    const { fetch, sent } = stubFetch(() => json(message));
    await expect(runner(fetch).doGenerate({ ...request, n: 3 })).rejects.toMatchObject({ param: 'n' });
    expect(sent).toHaveLength(0);
  });

  it('refuses a 2xx body that is not an Anthropic message', async () => {
    const { fetch } = stubFetch(() => json({ ...message, content: [{ type: 'text', text: 42 }] }));
    const error = (await runner(fetch).doGenerate(request).catch((caught: unknown) => caught)) as UpstreamError;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toMatch(/does not match the expected format \(at content\.0/);
  });

  it('maps Anthropic error envelopes like any upstream', async () => {
    const envelope = (type: string, text: string) => ({ type: 'error', error: { type, message: text } });
    const invalid = stubFetch(() => json(envelope('invalid_request_error', 'messages: text content blocks must be non-empty'), { status: 400 }));
    const invalidError = (await runner(invalid.fetch).doGenerate(request).catch((caught: unknown) => caught)) as InvalidRequestError;
    expect(invalidError).toBeInstanceOf(InvalidRequestError);
    expect(invalidError.message).toBe('Upstream "anthropic:claude" rejected the request: messages: text content blocks must be non-empty');

    const overloaded = stubFetch(() => json(envelope('overloaded_error', 'Overloaded'), { status: 529 }));
    const overloadedError = (await runner(overloaded.fetch).doGenerate(request).catch((caught: unknown) => caught)) as UpstreamError;
    expect(overloadedError).toBeInstanceOf(UpstreamError);
    expect(overloadedError.upstreamStatus).toBe(529);
    expect(overloadedError.isRetryable).toBe(true);
    expect(overloadedError.message).toBe('Upstream "anthropic:claude" answered 529 (overloaded_error)');

    const limited = stubFetch(() => json(envelope('rate_limit_error', 'slow down'), { status: 429, headers: { 'retry-after': '12' } }));
    const limitedError = (await runner(limited.fetch).doGenerate(request).catch((caught: unknown) => caught)) as UpstreamError;
    expect(limitedError.upstreamStatus).toBe(429);
    expect(limitedError.retryAfterSeconds).toBe(12);

    const unauthorized = stubFetch(() => json(envelope('authentication_error', 'invalid x-api-key'), { status: 401 }));
    const unauthorizedError = (await runner(unauthorized.fetch).doGenerate(request).catch((caught: unknown) => caught)) as UpstreamError;
    expect(unauthorizedError.upstreamStatus).toBe(401);
    expect(unauthorizedError.isRetryable).toBe(false);
  });

  it('maps a timeout to TimeoutError', async () => {
    const { fetch } = stubFetch(
      ({ signal }) => new Promise<Response>((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason))),
    );
    await expect(runner(fetch, { timeoutMs: 30 }).doGenerate(request)).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe('createAnthropicRunner doStream', () => {
  it('sends stream: true and yields OpenAI chunks, ending with usage when asked', async () => {
    const { fetch, sent } = stubFetch(() => eventStream(TOOL_USE_EVENTS));
    const result = await runner(fetch).doStream(request);
    expect(sent[0]?.body).toMatchObject({ stream: true, model: 'claude-test' });
    expect(sent[0]?.body).not.toHaveProperty('stream_options');
    expect(sent[0]?.headers.get('accept')).toBe('text/event-stream');

    const chunks = await drain(result.chunks);
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('Okay, checking.');
    const firstToolArguments = chunks
      .flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? [])
      .filter((call) => call.index === 0)
      .map((call) => call.function?.arguments ?? '')
      .join('');
    expect(JSON.parse(firstToolArguments)).toEqual({ location: 'San Francisco' });
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 480, completion_tokens: 89, total_tokens: 569 } });
  });

  it('skips event types it does not know', async () => {
    const { fetch } = stubFetch(() => eventStream([TOOL_USE_EVENTS[0], { type: 'brand_new_event', x: 1 }, ...TOOL_USE_EVENTS.slice(1)]));
    const chunks = await drain((await runner(fetch).doStream(request)).chunks);
    expect(chunks.at(-1)?.usage?.total_tokens).toBe(569);
  });

  it('rejects before any chunk when the upstream answers non-2xx', async () => {
    const { fetch } = stubFetch(() => json({ type: 'error', error: { type: 'api_error', message: 'x' } }, { status: 500 }));
    await expect(runner(fetch).doStream(request)).rejects.toMatchObject({ upstreamStatus: 500 });
  });

  it.each([
    ['the connection breaks', TOOL_USE_EVENTS.slice(0, 5), 'error' as const],
    ['the stream ends before the stop reason', TOOL_USE_EVENTS.slice(0, 5), 'close' as const],
    ['an error event arrives', [...TOOL_USE_EVENTS.slice(0, 5), { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }], 'close' as const],
    ['an event does not validate', [...TOOL_USE_EVENTS.slice(0, 5), { type: 'content_block_delta', index: 'zero' }], 'close' as const],
  ])('throws UpstreamError from the iterator when %s', async (_case, events, end) => {
    const { fetch } = stubFetch(() => eventStream(events, end));
    const { chunks } = await runner(fetch).doStream(request);
    const received: ChatCompletionChunk[] = [];
    const error = await (async () => {
      for await (const chunk of chunks) received.push(chunk);
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(received.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Okay, checking.');
  });

  it('cancels the upstream body when the caller aborts', async () => {
    let cancelled = false;
    const { fetch } = stubFetch(() => eventStream(TOOL_USE_EVENTS.slice(0, 4), 'hang', () => (cancelled = true)));
    const controller = new AbortController();
    const { chunks } = await runner(fetch).doStream(request, { signal: controller.signal });
    const error = await (async () => {
      for await (const chunk of chunks) {
        if (chunk.choices[0]?.delta.content === 'Okay') controller.abort();
      }
    })().catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('AbortError');
    expect(cancelled).toBe(true);
  });
});
