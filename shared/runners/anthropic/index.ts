/**
 * A ModelRunner for Anthropic's Messages API. Callers keep speaking OpenAI's format: requests,
 * responses and stream chunks are mapped both ways (map-request, map-response, map-stream).
 */
import { UpstreamError } from '../../errors/index.ts';
import type { ChatCompletionChunk, ChatCompletionRequest } from '../../schemas/chat.ts';
import { parseServerSentEvents } from '../../sse/index.ts';
import type {
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
  readJsonBody,
  reportedRoute,
  startDeadline,
  translateFailure,
  type Deadline,
  type FailureContext,
} from '../upstream.ts';
import { toAnthropicRequest } from './map-request.ts';
import { toChatCompletion } from './map-response.ts';
import { createStreamMapper, type StreamMapper } from './map-stream.ts';
import { AnthropicMessage, AnthropicStreamEvent, KNOWN_STREAM_EVENT_TYPES, type AnthropicMessagesRequest } from './schemas.ts';

export interface AnthropicRunnerOptions {
  id: string;
  /** Without the version path, e.g. `https://api.anthropic.com`; requests go to `{baseURL}/v1/messages`. */
  baseURL: string;
  /** Sent as `x-api-key` when given. */
  apiKey?: string;
  upstreamModel: string;
  servedBy: 'cloud' | 'local';
  fetch?: FetchFunction;
  /** Per attempt: until the whole body for generate, until headers and then between events for streams. */
  timeoutMs?: number;
  capabilities?: Partial<ModelRunnerCapabilities>;
  anthropicVersion?: string;
  /** Anthropic requires max_tokens; sent when the caller gives neither max_tokens nor max_completion_tokens. */
  defaultMaxTokens?: number;
}

const DEFAULT_CAPABILITIES: ModelRunnerCapabilities = {
  chat: true,
  streaming: true,
  tools: true,
  // Anthropic has no response_format; the edge enforces output formats itself.
  structuredOutput: false,
  embeddings: false,
};

/**
 * Creates a runner that calls `POST {baseURL}/v1/messages` and speaks OpenAI's format to its caller.
 *
 * @param options.fetch defaults to `globalThis.fetch`
 * @param options.timeoutMs defaults to 120 000
 * @param options.anthropicVersion defaults to `2023-06-01`
 * @param options.defaultMaxTokens defaults to 1024
 * @example
 * const runner = createAnthropicRunner({
 *   id: 'anthropic:claude-haiku', baseURL: 'https://api.anthropic.com', apiKey: env.ANTHROPIC_API_KEY,
 *   upstreamModel: 'claude-3-5-haiku-latest', servedBy: 'cloud',
 * });
 */
export function createAnthropicRunner({
  id,
  baseURL,
  apiKey,
  upstreamModel,
  servedBy,
  fetch = defaultFetch,
  timeoutMs = 120_000,
  capabilities,
  anthropicVersion = '2023-06-01',
  defaultMaxTokens = 1024,
}: AnthropicRunnerOptions): ModelRunner {
  if (!id) throw new Error('createAnthropicRunner requires "id"');
  if (!/^https?:\/\//.test(baseURL)) throw new Error('createAnthropicRunner requires an http(s) "baseURL"');
  if (!upstreamModel) throw new Error('createAnthropicRunner requires "upstreamModel"');
  if (!Number.isInteger(defaultMaxTokens) || defaultMaxTokens < 1) throw new Error('createAnthropicRunner requires a positive integer "defaultMaxTokens"');
  const url = joinURL(baseURL, '/v1/messages');

  async function post(body: AnthropicMessagesRequest, options: RunOptions, deadline: Deadline): Promise<Response> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'anthropic-version': anthropicVersion,
      accept: body.stream ? 'text/event-stream' : 'application/json',
    };
    if (apiKey) headers['x-api-key'] = apiKey;
    if (options.requestId) headers['x-request-id'] = options.requestId;
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: deadline.signal });
    if (!response.ok) throw await errorFromResponse(id, response, { fromNodeRuntime: servedBy === 'local' });
    return response;
  }

  return {
    specVersion: 'v1',
    id,
    servedBy,
    capabilities: { ...DEFAULT_CAPABILITIES, ...capabilities },

    async doGenerate(request: ChatCompletionRequest, options: RunOptions = {}): Promise<GenerateResult> {
      // Mapping errors are the caller's (InvalidRequestError) and must surface before any network call.
      const body = toAnthropicRequest(request, { upstreamModel, defaultMaxTokens, stream: false });
      const deadline = startDeadline(timeoutMs, options.signal);
      try {
        const response = await post(body, options, deadline);
        const parsed = AnthropicMessage.safeParse(await readJsonBody(id, response, 'a message'));
        if (!parsed.success) throw invalidBodyError(id, 'a message', parsed.error);
        return { completion: toChatCompletion(parsed.data), ...reportedRoute(response.headers, servedBy, upstreamModel) };
      } catch (error) {
        throw translateFailure(error, { runnerId: id, timeoutMs, deadline, callerSignal: options.signal });
      } finally {
        deadline.dispose();
      }
    },

    async doStream(request: ChatCompletionRequest, options: RunOptions = {}): Promise<StreamResult> {
      const body = toAnthropicRequest(request, { upstreamModel, defaultMaxTokens, stream: true });
      const mapper = createStreamMapper({ runnerId: id, includeUsage: request.stream_options?.include_usage === true });
      const deadline = startDeadline(timeoutMs, options.signal);
      const failure = { runnerId: id, timeoutMs, deadline, callerSignal: options.signal };
      let response: Response;
      try {
        response = await post(body, options, deadline);
        if (!response.body) throw new UpstreamError({ message: `Upstream "${id}" answered a stream request without a body` });
      } catch (error) {
        deadline.dispose();
        throw translateFailure(error, failure);
      }
      return {
        chunks: readChunks(id, response.body, mapper, deadline, failure),
        ...reportedRoute(response.headers, servedBy, upstreamModel),
      };
    },
  };
}

async function* readChunks(
  runnerId: string,
  body: ReadableStream<Uint8Array>,
  mapper: StreamMapper,
  deadline: Deadline,
  failure: FailureContext,
): AsyncGenerator<ChatCompletionChunk, void, undefined> {
  try {
    for await (const event of parseServerSentEvents(body, deadline.signal)) {
      deadline.restart();
      let json: unknown;
      try {
        json = JSON.parse(event.data);
      } catch {
        throw invalidBodyError(runnerId, 'a stream event');
      }
      const type = typeof json === 'object' && json !== null && 'type' in json ? json.type : undefined;
      // Anthropic may add event types; the API versioning policy says to skip unknown ones.
      if (typeof type !== 'string' || !KNOWN_STREAM_EVENT_TYPES.has(type)) {
        if (event.event === 'error') throw invalidBodyError(runnerId, 'an error event');
        continue;
      }
      const parsed = AnthropicStreamEvent.safeParse(json);
      if (!parsed.success) throw invalidBodyError(runnerId, `a ${type} event`, parsed.error);
      yield* mapper.map(parsed.data);
      if (parsed.data.type === 'message_stop') break;
    }
    yield* mapper.finish();
  } catch (error) {
    throw translateFailure(error, failure);
  } finally {
    deadline.dispose();
  }
}
