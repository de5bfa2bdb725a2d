import { describe, expect, it } from 'vitest';
import {
  InvalidRequestError,
  ServiceUnavailableError,
  SwitchyardError,
  TimeoutError,
  UpstreamError,
} from '../../errors/index.ts';
import type { ChatCompletionChunk, ChatCompletionRequest } from '../../schemas/chat.ts';
import type { FetchFunction } from '../../spec/model-runner.ts';
import { createOpenAICompatibleRunner, type OpenAICompatibleRunnerOptions } from './index.ts';

interface SentRequest {
  url: string;
  method: string;
  headers: Headers;
  body: Record<string, unknown>;
  signal: AbortSignal | undefined;
}

function stubFetch(answer: (request: SentRequest) => Response | Promise<Response>): { fetch: FetchFunction; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const fetch: FetchFunction = async (input, init) => {
    const request: SentRequest = {
      url: String(input),
      method: init?.method ?? 'GET',
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

/** An SSE response whose chunks are written as given; `end: 'close' | 'error' | 'hang'`. */
function eventStream(parts: string[], end: 'close' | 'error' | 'hang' = 'close', onCancel?: () => void): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part));
      if (end === 'close') controller.close();
      // Erroring at once would discard the queued chunks; a broken socket delivers them first.
      if (end === 'error') setTimeout(() => controller.error(new TypeError('terminated')), 5);
    },
    cancel() {
      onCancel?.();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

const completion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hi there' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
};

function chunk(delta: ChatCompletionChunk['choices'][number]['delta'], finishReason: string | null = null) {
  return { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: finishReason }] };
}

const sse = (value: unknown) => `data: ${typeof value === 'string' ? value : JSON.stringify(value)}\n\n`;

const request: ChatCompletionRequest = {
  model: 'fast',
  messages: [{ role: 'user', content: 'Hello' }],
  temperature: 0.2,
  stream: true,
  stream_options: { include_usage: true },
  vendor_knob: { keep: 'me' },
};

function runner(fetch: FetchFunction, overrides: Partial<OpenAICompatibleRunnerOptions> = {}) {
  return createOpenAICompatibleRunner({
    id: 'openai:gpt-4o-mini',
    baseURL: 'https://api.example.test/v1/',
    apiKey: 'sk-test',
    upstreamModel: 'gpt-4o-mini',
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

describe('createOpenAICompatibleRunner doGenerate', () => {
  it('sends the request with the upstream model, unknown fields kept and stream fields removed', async () => {
    const { fetch, sent } = stubFetch(() => json(completion));
    const result = await runner(fetch).doGenerate(request, { requestId: 'req-1' });

    expect(sent).toHaveLength(1);
    const [outgoing] = sent;
    expect(outgoing?.url).toBe('https://api.example.test/v1/chat/completions');
    expect(outgoing?.method).toBe('POST');
    expect(outgoing?.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hello' }],
      temperature: 0.2,
      vendor_knob: { keep: 'me' },
    });
    expect(outgoing?.headers.get('authorization')).toBe('Bearer sk-test');
    expect(outgoing?.headers.get('content-type')).toBe('application/json');
    expect(outgoing?.headers.get('x-request-id')).toBe('req-1');
    expect(result).toEqual({ completion, servedBy: 'cloud', model: 'gpt-4o-mini' });
  });

  it('signs the exact body and path, and reports the route a node runtime says it took', async () => {
    const signed: { method: string; path: string; body: string }[] = [];
    const { fetch, sent } = stubFetch(() =>
      json(completion, { headers: { 'x-switchyard-route': 'cloud', 'x-switchyard-model': 'openai/gpt-4o' } }),
    );
    const nodeRunner = runner(fetch, {
      baseURL: 'http://gpu-box:8788/v1',
      apiKey: undefined,
      servedBy: 'local',
      signHeaders: async (parts) => {
        signed.push(parts);
        return { 'x-switchyard-hop-signature': 'abc' };
      },
    });
    const result = await nodeRunner.doGenerate({ model: 'tiny', messages: [{ role: 'user', content: 'x' }] });

    expect(signed).toEqual([{ method: 'POST', path: '/v1/chat/completions', body: JSON.stringify(sent[0]?.body) }]);
    expect(sent[0]?.headers.get('x-switchyard-hop-signature')).toBe('abc');
    expect(sent[0]?.headers.has('authorization')).toBe(false);
    expect(result.servedBy).toBe('cloud');
    expect(result.model).toBe('openai/gpt-4o');
  });

  it('refuses a 2xx body that is not a chat completion, without quoting it', async () => {
    const { fetch } = stubFetch(() => json({ ...completion, choices: [{ index: 0, message: { role: 'user', content: 'secret text' } }] }));
    const error = await runner(fetch).doGenerate(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).message).toMatch(/does not match the expected format \(at choices\.0/);
    expect((error as UpstreamError).message).not.toContain('secret text');
  });

  it('refuses a 2xx body that is not JSON or is an error envelope', async () => {
    const notJson = stubFetch(() => new Response('<html>proxy error</html>', { status: 200 }));
    await expect(runner(notJson.fetch).doGenerate(request)).rejects.toBeInstanceOf(UpstreamError);
    const envelope = stubFetch(() => json({ error: { message: 'boom', type: 'server_error' } }));
    await expect(runner(envelope.fetch).doGenerate(request)).rejects.toThrow(/answered with an error \(server_error\)/);
  });

  it.each([400, 404, 422])('maps upstream %i to InvalidRequestError quoting the truncated message and keeping param', async (status) => {
    const message = `Invalid value for 'temperature'. ${'x'.repeat(400)}`;
    const { fetch } = stubFetch(() =>
      json({ error: { message, type: 'invalid_request_error', param: 'temperature', code: null } }, { status }),
    );
    const error = (await runner(fetch).doGenerate(request).catch((caught: unknown) => caught)) as InvalidRequestError;
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.message.startsWith(`Upstream "openai:gpt-4o-mini" rejected the request: Invalid value for 'temperature'.`)).toBe(true);
    expect(error.message.length).toBeLessThan(380);
    expect(error.param).toBe('temperature');
    expect(error.statusCode).toBe(status === 422 ? 422 : 400);
    expect(error.isRetryable).toBe(false);
  });

  it.each([
    [401, false],
    [403, false],
    [429, true],
    [500, true],
    [503, true],
  ])('maps upstream %i to UpstreamError with upstreamStatus (retryable: %s), without quoting the body', async (status, retryable) => {
    const { fetch } = stubFetch(() =>
      json({ error: { message: 'Incorrect API key provided: sk-te****test', type: 'invalid_request_error', code: 'invalid_api_key' } }, { status }),
    );
    const error = (await runner(fetch).doGenerate(request).catch((caught: unknown) => caught)) as UpstreamError;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.upstreamStatus).toBe(status);
    expect(error.isRetryable).toBe(retryable);
    expect(error.message).toBe(`Upstream "openai:gpt-4o-mini" answered ${status} (invalid_api_key)`);
  });

  it('passes Retry-After through as seconds, from seconds, an HTTP date or retry-after-ms', async () => {
    const now = Date.now();
    const cases: [Record<string, string>, number][] = [
      [{ 'retry-after': '7' }, 7],
      [{ 'retry-after': new Date(now + 30_000).toUTCString() }, 30],
      [{ 'retry-after-ms': '1500', 'retry-after': '9' }, 2],
    ];
    for (const [headers, expected] of cases) {
      const { fetch } = stubFetch(() => json({ error: { message: 'slow down', type: 'requests' } }, { status: 429, headers }));
      const error = (await runner(fetch).doGenerate(request).catch((caught: unknown) => caught)) as UpstreamError;
      expect(error.retryAfterSeconds === expected || error.retryAfterSeconds === expected - 1).toBe(true);
    }
  });

  it("turns a node runtime's 503 into ServiceUnavailableError carrying its message", async () => {
    const { fetch } = stubFetch(() =>
      json(
        { error: { message: 'Model "tiny" is loading; try again shortly.', type: 'service_unavailable', code: null, param: null } },
        { status: 503, headers: { 'retry-after': '2' } },
      ),
    );
    const error = (await runner(fetch, { servedBy: 'local' }).doGenerate(request).catch((caught: unknown) => caught)) as ServiceUnavailableError;
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toBe('Model "tiny" is loading; try again shortly.');
    expect(error.retryAfterSeconds).toBe(2);
  });

  it('maps a network failure to a retryable UpstreamError and a timeout to TimeoutError', async () => {
    const failing: FetchFunction = async () => {
      throw new TypeError('fetch failed');
    };
    const networkError = (await runner(failing).doGenerate(request).catch((caught: unknown) => caught)) as UpstreamError;
    expect(networkError).toBeInstanceOf(UpstreamError);
    expect(networkError.isRetryable).toBe(true);

    const { fetch } = stubFetch(
      ({ signal }) =>
        new Promise<Response>((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason))),
    );
    const timeout = (await runner(fetch, { timeoutMs: 30 }).doGenerate(request).catch((caught: unknown) => caught)) as TimeoutError;
    expect(timeout).toBeInstanceOf(TimeoutError);
    expect(timeout.isRetryable).toBe(true);
  });

  it("rethrows the caller's abort reason instead of an upstream error, and aborts the fetch", async () => {
    const { fetch, sent } = stubFetch(
      ({ signal }) =>
        new Promise<Response>((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason))),
    );
    const controller = new AbortController();
    const pending = runner(fetch).doGenerate(request, { signal: controller.signal });
    const reason = new DOMException('client closed', 'AbortError');
    setTimeout(() => controller.abort(reason), 10);
    await expect(pending).rejects.toBe(reason);
    expect(sent[0]?.signal?.aborted).toBe(true);
  });
});

describe('createOpenAICompatibleRunner doStream', () => {
  it('sends stream: true, passes include_usage through, and yields validated chunks until [DONE]', async () => {
    const chunks = [chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hi' }), chunk({}, 'stop')];
    const usageChunk = { ...chunk({}), choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } };
    const { fetch, sent } = stubFetch(() =>
      eventStream([...chunks, usageChunk].map(sse).concat(': keep-alive\n\n', 'event: ping\ndata: ping\n\n', sse('[DONE]'), sse(chunk({ content: 'after done' })))),
    );
    const result = await runner(fetch).doStream(request, { requestId: 'req-2' });

    expect(sent[0]?.body).toMatchObject({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, vendor_knob: { keep: 'me' } });
    expect(sent[0]?.headers.get('accept')).toBe('text/event-stream');
    expect(result.servedBy).toBe('cloud');
    expect(await drain(result.chunks)).toEqual([...chunks, usageChunk]);
  });

  it('leaves stream_options out when the caller did not ask for usage', async () => {
    const { fetch, sent } = stubFetch(() => eventStream([sse(chunk({}, 'stop')), sse('[DONE]')]));
    const { stream_options: _omitted, ...withoutUsage } = request;
    await drain((await runner(fetch).doStream(withoutUsage)).chunks);
    expect(sent[0]?.body).not.toHaveProperty('stream_options');
  });

  it('rejects before any chunk when the upstream answers non-2xx, so the caller can fall back', async () => {
    const { fetch } = stubFetch(() => json({ error: { message: 'overloaded', type: 'server_error' } }, { status: 500 }));
    await expect(runner(fetch).doStream(request)).rejects.toBeInstanceOf(UpstreamError);
  });

  it('accepts a stream without [DONE] when a finish reason arrived', async () => {
    const { fetch } = stubFetch(() => eventStream([sse(chunk({ content: 'Hi' })), sse(chunk({}, 'stop'))]));
    expect(await drain((await runner(fetch).doStream(request)).chunks)).toHaveLength(2);
  });

  it.each([
    ['the connection breaks', [sse(chunk({ content: 'Hi' }))], 'error' as const],
    ['the stream ends with neither [DONE] nor a finish reason', [sse(chunk({ content: 'Hi' }))], 'close' as const],
    ['an error event arrives', [sse(chunk({ content: 'Hi' })), 'event: error\ndata: {"error":{"message":"x","type":"overloaded"}}\n\n'], 'close' as const],
    ['a data line carries an error object', [sse(chunk({ content: 'Hi' })), sse({ error: { message: 'x' } })], 'close' as const],
    ['a chunk does not validate', [sse(chunk({ content: 'Hi' })), sse({ id: 1 })], 'close' as const],
    ['a data line is not JSON', [sse(chunk({ content: 'Hi' })), sse('{not json')], 'close' as const],
  ])('throws UpstreamError from the iterator when %s', async (_case, parts, end) => {
    const { fetch } = stubFetch(() => eventStream(parts, end));
    const { chunks } = await runner(fetch).doStream(request);
    const received: ChatCompletionChunk[] = [];
    const error = await (async () => {
      for await (const item of chunks) received.push(item);
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(received).toHaveLength(1);
  });

  it('throws TimeoutError when the stream stalls longer than timeoutMs', async () => {
    const { fetch } = stubFetch(({ signal }) => {
      const response = eventStream([sse(chunk({ content: 'Hi' }))], 'hang');
      signal?.addEventListener('abort', () => response.body?.cancel().catch(() => {}));
      return response;
    });
    const { chunks } = await runner(fetch, { timeoutMs: 40 }).doStream(request);
    await expect(drain(chunks)).rejects.toBeInstanceOf(TimeoutError);
  });

  it('cancels the upstream body when the caller aborts mid-stream', async () => {
    let cancelled = false;
    const { fetch } = stubFetch(() => eventStream([sse(chunk({ content: 'Hi' }))], 'hang', () => (cancelled = true)));
    const controller = new AbortController();
    const { chunks } = await runner(fetch).doStream(request, { signal: controller.signal });
    const error = await (async () => {
      for await (const item of chunks) {
        expect(item.choices[0]?.delta.content).toBe('Hi');
        controller.abort();
      }
    })().catch((caught: unknown) => caught);
    expect(SwitchyardError.isInstance(error)).toBe(false);
    expect((error as Error).name).toBe('AbortError');
    expect(cancelled).toBe(true);
  });

  it('cancels the upstream body when the consumer stops reading', async () => {
    let cancelled = false;
    const { fetch } = stubFetch(() => eventStream([sse(chunk({ content: 'Hi' })), sse(chunk({ content: '!' }))], 'hang', () => (cancelled = true)));
    const { chunks } = await runner(fetch).doStream(request);
    for await (const item of chunks) {
      void item;
      break;
    }
    expect(cancelled).toBe(true);
  });
});

describe('createOpenAICompatibleRunner doEmbed', () => {
  it('posts to /embeddings with the upstream model and validates the answer', async () => {
    const embeddings = {
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: [0.6, 0.8] }],
      model: 'text-embedding-3-small',
      usage: { prompt_tokens: 1, total_tokens: 1 },
    };
    const { fetch, sent } = stubFetch(() => json(embeddings));
    const embedRunner = runner(fetch, { upstreamModel: 'text-embedding-3-small' });
    const result = await embedRunner.doEmbed?.({ model: 'embed', input: 'hello', dimensions: 2 });
    expect(sent[0]?.url).toBe('https://api.example.test/v1/embeddings');
    expect(sent[0]?.body).toEqual({ model: 'text-embedding-3-small', input: 'hello', dimensions: 2 });
    expect(result).toEqual({ response: embeddings, servedBy: 'cloud', model: 'text-embedding-3-small' });

    const broken = stubFetch(() => json({ ...embeddings, data: [{ index: 0 }] }));
    await expect(runner(broken.fetch).doEmbed?.({ model: 'embed', input: 'hello' })).rejects.toBeInstanceOf(UpstreamError);
  });
});

describe('createOpenAICompatibleRunner options', () => {
  it('checks its options when built and merges capabilities over the defaults', () => {
    const { fetch } = stubFetch(() => json(completion));
    expect(() => runner(fetch, { baseURL: 'ftp://x' })).toThrow(/baseURL/);
    expect(() => runner(fetch, { upstreamModel: '' })).toThrow(/upstreamModel/);
    expect(runner(fetch, { capabilities: { tools: false } }).capabilities).toEqual({
      chat: true,
      streaming: true,
      tools: false,
      structuredOutput: true,
      embeddings: true,
    });
  });
});
