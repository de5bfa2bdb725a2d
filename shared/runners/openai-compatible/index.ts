/**
 * A ModelRunner for any OpenAI-compatible API: OpenAI itself, other clouds that copy its wire
 * format, and the node runtime (which speaks it too, behind a signed hop).
 */
import { UpstreamError } from '../../errors/index.ts';
import { parseServerSentEvents } from '../../sse/index.ts';
import { ChatCompletion, ChatCompletionChunk, type ChatCompletionRequest } from '../../schemas/chat.ts';
import { EmbeddingsResponse, type EmbeddingsRequest } from '../../schemas/embeddings.ts';
import type {
  EmbedResult,
  FetchFunction,
  GenerateResult,
  ModelRunner,
  ModelRunnerCapabilities,
  RunOptions,
  StreamResult,
} from '../../spec/model-runner.ts';
import {
  defaultFetch,
  errorFromResponse,
  invalidBodyError,
  joinURL,
  readErrorDetails,
  readJsonBody,
  reportedRoute,
  startDeadline,
  translateFailure,
  type Deadline,
  type FailureContext,
} from '../upstream.ts';

export interface SignableRequestParts {
  method: string;
  /** The URL path including any path prefix of `baseURL`, e.g. `/v1/chat/completions`. */
  path: string;
  /** The exact body that is sent. */
  body: string;
}

export interface OpenAICompatibleRunnerOptions {
  id: string;
  /** Up to and including the version segment, e.g. `https://api.openai.com/v1`. */
  baseURL: string;
  /** Sent as `Authorization: Bearer <apiKey>` when given. */
  apiKey?: string;
  /** Replaces `model` in every outgoing body. */
  upstreamModel: string;
  servedBy: 'cloud' | 'local';
  fetch?: FetchFunction;
  /** Per attempt: until the whole body for generate/embed, until headers and then between chunks for streams. */
  timeoutMs?: number;
  capabilities?: Partial<ModelRunnerCapabilities>;
  /** Extra headers per request, e.g. the edge signing its hop to a node runtime. */
  signHeaders?: (parts: SignableRequestParts) => Promise<Record<string, string>>;
}

const DEFAULT_CAPABILITIES: ModelRunnerCapabilities = {
  chat: true,
  streaming: true,
  tools: true,
  structuredOutput: true,
  embeddings: true,
};

/**
 * Creates a runner that calls `{baseURL}/chat/completions` and `{baseURL}/embeddings`.
 *
 * Every upstream body is validated before it is returned; failures become the error model
 * (see `errorFromResponse`). A node runtime reports where it really answered through
 * `x-switchyard-route` / `x-switchyard-model`, and the results say so.
 *
 * @param options.fetch defaults to `globalThis.fetch`
 * @param options.timeoutMs defaults to 120 000
 * @param options.capabilities defaults to everything supported
 * @example
 * const runner = createOpenAICompatibleRunner({
 *   id: 'openai:gpt-4o-mini', baseURL: 'https://api.openai.com/v1', apiKey: env.OPENAI_API_KEY,
 *   upstreamModel: 'gpt-4o-mini', servedBy: 'cloud',
 * });
 * const { completion } = await runner.doGenerate(request, { signal, requestId });
 */
export function createOpenAICompatibleRunner({
  id,
  baseURL,
  apiKey,
  upstreamModel,
  servedBy,
  fetch = defaultFetch,
  timeoutMs = 120_000,
  capabilities,
  signHeaders,
}: OpenAICompatibleRunnerOptions): ModelRunner {
  if (!id) throw new Error('createOpenAICompatibleRunner requires "id"');
  if (!/^https?:\/\//.test(baseURL)) throw new Error('createOpenAICompatibleRunner requires an http(s) "baseURL"');
  if (!upstreamModel) throw new Error('createOpenAICompatibleRunner requires "upstreamModel"');
  const fromNodeRuntime = servedBy === 'local';

  async function post(path: string, body: Record<string, unknown>, accept: string, options: RunOptions, deadline: Deadline) {
    const url = joinURL(baseURL, path);
    const serialized = JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json', accept };
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    if (options.requestId) headers['x-request-id'] = options.requestId;
    if (signHeaders) Object.assign(headers, await signHeaders({ method: 'POST', path: new URL(url).pathname, body: serialized }));
    const response = await fetch(url, { method: 'POST', headers, body: serialized, signal: deadline.signal });
    if (!response.ok) throw await errorFromResponse(id, response, { fromNodeRuntime });
    return response;
  }

  async function callJson(path: string, body: Record<string, unknown>, what: string, options: RunOptions) {
    const deadline = startDeadline(timeoutMs, options.signal);
    try {
      const response = await post(path, body, 'application/json', options, deadline);
      return { response, json: await readJsonBody(id, response, what) };
    } catch (error) {
      throw translateFailure(error, { runnerId: id, timeoutMs, deadline, callerSignal: options.signal });
    } finally {
      deadline.dispose();
    }
  }

  return {
    specVersion: 'v1',
    id,
    servedBy,
    capabilities: { ...DEFAULT_CAPABILITIES, ...capabilities },

    async doGenerate(request: ChatCompletionRequest, options: RunOptions = {}): Promise<GenerateResult> {
      const { stream: _stream, stream_options: _streamOptions, ...rest } = request;
      const { response, json } = await callJson('/chat/completions', { ...rest, model: upstreamModel }, 'a chat completion', options);
      const parsed = ChatCompletion.safeParse(json);
      if (!parsed.success) throw invalidBodyError(id, 'a chat completion', parsed.error);
      return { completion: parsed.data, ...reportedRoute(response.headers, servedBy, upstreamModel) };
    },

    async doStream(request: ChatCompletionRequest, options: RunOptions = {}): Promise<StreamResult> {
      const { stream_options: streamOptions, ...rest } = request;
      const body: Record<string, unknown> = { ...rest, model: upstreamModel, stream: true };
      if (streamOptions) body.stream_options = streamOptions;
      const deadline = startDeadline(timeoutMs, options.signal);
      const failure = { runnerId: id, timeoutMs, deadline, callerSignal: options.signal };
      let response: Response;
      try {
        response = await post('/chat/completions', body, 'text/event-stream', options, deadline);
        if (!response.body) throw new UpstreamError({ message: `Upstream "${id}" answered a stream request without a body` });
      } catch (error) {
        deadline.dispose();
        throw translateFailure(error, failure);
      }
      return {
        chunks: readChunks(id, response.body, deadline, failure),
        ...reportedRoute(response.headers, servedBy, upstreamModel),
      };
    },

    async doEmbed(request: EmbeddingsRequest, options: RunOptions = {}): Promise<EmbedResult> {
      const { response, json } = await callJson('/embeddings', { ...request, model: upstreamModel }, 'an embeddings response', options);
      const parsed = EmbeddingsResponse.safeParse(json);
      if (!parsed.success) throw invalidBodyError(id, 'an embeddings response', parsed.error);
      return { response: parsed.data, ...reportedRoute(response.headers, servedBy, upstreamModel) };
    },
  };
}

async function* readChunks(
  runnerId: string,
  body: ReadableStream<Uint8Array>,
  deadline: Deadline,
  failure: FailureContext,
): AsyncGenerator<ChatCompletionChunk, void, undefined> {
  let sawFinishReason = false;
  try {
    for await (const event of parseServerSentEvents(body, deadline.signal)) {
      deadline.restart();
      if (event.event === 'error') throw streamError(runnerId, parseJson(event.data));
      // Chunks come as unnamed events; named ones (keep-alives, vendor extras) carry no chunk.
      if (event.event !== undefined && event.event !== 'message') continue;
      if (event.data === '[DONE]') return;
      const json = parseJson(event.data);
      if (json === undefined) throw invalidBodyError(runnerId, 'a stream event');
      if (readErrorDetails(json)) throw streamError(runnerId, json);
      const parsed = ChatCompletionChunk.safeParse(json);
      if (!parsed.success) throw invalidBodyError(runnerId, 'a chat completion chunk', parsed.error);
      if (parsed.data.choices.some((choice) => choice.finish_reason !== null)) sawFinishReason = true;
      yield parsed.data;
    }
    // Some compatible servers omit [DONE]; a finish reason still proves the answer is whole.
    if (!sawFinishReason) {
      throw new UpstreamError({ message: `Upstream "${runnerId}" ended the stream before it was complete` });
    }
  } catch (error) {
    throw translateFailure(error, failure);
  } finally {
    deadline.dispose();
  }
}

function streamError(runnerId: string, body: unknown): UpstreamError {
  const kind = readErrorDetails(body)?.kind;
  return new UpstreamError({ message: `Upstream "${runnerId}" reported an error mid-stream${kind ? ` (${kind})` : ''}` });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
