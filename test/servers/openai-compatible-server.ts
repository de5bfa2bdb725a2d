/**
 * A deterministic stand-in for an OpenAI-compatible cloud API: /v1/chat/completions (JSON and
 * SSE), /v1/embeddings, /v1/models. Faithful enough that the official `openai` client accepts
 * it (see the tests beside it).
 *
 * Replies: `echo: <last user text>`; with tools and "weather" in that text, a call to the first
 * tool. Token counts are word counts. The model name switches failure modes: `fail-400`,
 * `fail-500`, `fail-429` (Retry-After), `fail-503`, `fail-mid-stream` (two chunks, then the socket
 * is destroyed), `slow` (answers after `slowMs`), `invalid-body` (a 200 that is not a completion).
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  countWords,
  cutConnection,
  isRecord,
  sendJson,
  splitWords,
  startEventStream,
  startTestServer,
  waitUnlessClosed,
  writeAndWait,
  type RecordedRequest,
  type TestServer,
  type TestServerOptions,
} from './test-server.ts';

export interface OpenAICompatibleServerOptions extends TestServerOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** How long the `slow` model waits before answering. Default 2000 ms. */
  slowMs?: number;
  /** Extra response headers on chat answers, e.g. `x-switchyard-route` to imitate a node runtime. */
  responseHeaders?: Record<string, string>;
}

export const CREATED = 1_700_000_000;
export const EMBEDDING_DIMENSION = 8;
const MODELS = ['echo-1', 'embed-1', 'fail-400', 'fail-429', 'fail-500', 'fail-503', 'fail-mid-stream', 'slow', 'invalid-body'];

/** Starts the server; `close()` it when done. */
export async function startOpenAICompatibleServer(options: OpenAICompatibleServerOptions = {}): Promise<TestServer> {
  const { apiKey, slowMs = 2000, responseHeaders = {} } = options;
  let counter = 0;
  return startTestServer(options, async (request, response) => {
    if (apiKey !== undefined && request.headers.authorization !== `Bearer ${apiKey}`) {
      sendError(response, 401, 'Incorrect API key provided.', 'invalid_request_error', { code: 'invalid_api_key' });
      return;
    }
    const route = `${request.method} ${request.path}`;
    if (route === 'GET /v1/models') {
      sendJson(response, 200, { object: 'list', data: MODELS.map((id) => ({ id, object: 'model', created: CREATED, owned_by: 'switchyard-test' })) });
      return;
    }
    if (route === 'POST /v1/chat/completions') {
      counter += 1;
      await answerChat(request, response, { id: `chatcmpl-test-${counter}`, slowMs, responseHeaders });
      return;
    }
    if (route === 'POST /v1/embeddings') {
      answerEmbeddings(request, response);
      return;
    }
    sendError(response, 404, `Unknown request URL: ${route}.`, 'invalid_request_error', { code: 'unknown_url' });
  });
}

function sendError(
  response: ServerResponse,
  status: number,
  message: string,
  type: string,
  { code = null, param = null, headers = {} }: { code?: string | null; param?: string | null; headers?: Record<string, string> } = {},
): void {
  sendJson(response, status, { error: { message, type, param, code } }, headers);
}

interface ChatContext {
  id: string;
  slowMs: number;
  responseHeaders: Record<string, string>;
}

interface Reply {
  content: string | null;
  toolCalls: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
  finishReason: 'stop' | 'length' | 'tool_calls';
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

async function answerChat(request: RecordedRequest, response: ServerResponse, { id, slowMs, responseHeaders }: ChatContext): Promise<void> {
  const body = request.body;
  if (!isRecord(body) || typeof body.model !== 'string' || !Array.isArray(body.messages) || body.messages.length === 0) {
    sendError(response, 400, "Missing required parameter: 'messages'.", 'invalid_request_error', { param: 'messages' });
    return;
  }
  const model = body.model;
  switch (model) {
    case 'fail-400':
      sendError(response, 400, "Invalid value for 'temperature': this model does not support it.", 'invalid_request_error', { param: 'temperature' });
      return;
    case 'fail-429':
      sendError(response, 429, 'Rate limit reached for requests.', 'requests', { code: 'rate_limit_exceeded', headers: { 'retry-after': '7' } });
      return;
    case 'fail-500':
      sendError(response, 500, 'The server had an error while processing your request.', 'server_error');
      return;
    case 'fail-503':
      sendError(response, 503, 'The engine is currently overloaded, please try again later.', 'server_error', { headers: { 'retry-after': '3' } });
      return;
    case 'invalid-body':
      sendJson(response, 200, { id, object: 'chat.completion', created: CREATED, model, choices: 'not a list' });
      return;
    case 'slow':
      if (!(await waitUnlessClosed(response, slowMs))) return;
      break;
  }

  const reply = buildReply(body, `call_${id}`);
  if (body.stream === true) {
    const includeUsage = isRecord(body.stream_options) && body.stream_options.include_usage === true;
    await streamReply(response, { id, model, reply, includeUsage, cutAfterTwoChunks: model === 'fail-mid-stream', headers: responseHeaders });
    return;
  }
  if (model === 'fail-mid-stream') {
    response.writeHead(200, { 'content-type': 'application/json', ...responseHeaders });
    await writeAndWait(response, `{"id":"${id}","object":"chat.completion","choi`);
    await cutConnection(response);
    return;
  }
  sendJson(
    response,
    200,
    {
      id,
      object: 'chat.completion',
      created: CREATED,
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: reply.content, refusal: null, ...(reply.toolCalls.length > 0 ? { tool_calls: reply.toolCalls } : {}) },
          logprobs: null,
          finish_reason: reply.finishReason,
        },
      ],
      usage: reply.usage,
      system_fingerprint: null,
    },
    responseHeaders,
  );
}

function buildReply(body: Record<string, unknown>, toolCallId: string): Reply {
  const messages = (body.messages as unknown[]).filter(isRecord);
  const promptTokens = messages.reduce((total, message) => total + countWords(textOf(message.content)), 0);
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  const lastUserText = lastUser ? textOf(lastUser.content) : '';
  const tools = Array.isArray(body.tools) ? body.tools.filter(isRecord) : [];
  const firstTool = tools[0];
  const toolName = isRecord(firstTool?.function) && typeof firstTool.function.name === 'string' ? firstTool.function.name : undefined;

  if (toolName && body.tool_choice !== 'none' && /weather/i.test(lastUserText)) {
    return {
      content: null,
      toolCalls: [{ id: toolCallId, type: 'function', function: { name: toolName, arguments: '{"location":"Paris"}' } }],
      finishReason: 'tool_calls',
      usage: { prompt_tokens: promptTokens, completion_tokens: 1, total_tokens: promptTokens + 1 },
    };
  }
  let words = splitWords(`echo: ${lastUserText}`);
  const limit = [body.max_completion_tokens, body.max_tokens].find((value) => typeof value === 'number');
  const truncated = typeof limit === 'number' && words.length > limit;
  if (truncated) words = words.slice(0, limit);
  const content = words.join('');
  return {
    content,
    toolCalls: [],
    finishReason: truncated ? 'length' : 'stop',
    usage: { prompt_tokens: promptTokens, completion_tokens: words.length, total_tokens: promptTokens + words.length },
  };
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter(isRecord)
    .map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : ''))
    .join(' ');
}

interface StreamPlan {
  id: string;
  model: string;
  reply: Reply;
  includeUsage: boolean;
  cutAfterTwoChunks: boolean;
  headers: Record<string, string>;
}

async function streamReply(response: ServerResponse, { id, model, reply, includeUsage, cutAfterTwoChunks, headers }: StreamPlan): Promise<void> {
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
    id,
    object: 'chat.completion.chunk',
    created: CREATED,
    model,
    system_fingerprint: null,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {}),
  });
  const deltas: Record<string, unknown>[] = [{ role: 'assistant', content: reply.content === null ? null : '', refusal: null }];
  for (const word of splitWords(reply.content ?? '')) deltas.push({ content: word });
  reply.toolCalls.forEach((call, index) => {
    deltas.push({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] });
    const half = Math.ceil(call.function.arguments.length / 2);
    deltas.push({ tool_calls: [{ index, function: { arguments: call.function.arguments.slice(0, half) } }] });
    deltas.push({ tool_calls: [{ index, function: { arguments: call.function.arguments.slice(half) } }] });
  });

  startEventStream(response, headers);
  for (const [index, delta] of deltas.entries()) {
    await writeAndWait(response, `data: ${JSON.stringify(chunk(delta))}\n\n`);
    if (cutAfterTwoChunks && index === 1) {
      await cutConnection(response);
      return;
    }
  }
  await writeAndWait(response, `data: ${JSON.stringify(chunk({}, reply.finishReason))}\n\n`);
  if (includeUsage) {
    const usageChunk = { id, object: 'chat.completion.chunk', created: CREATED, model, system_fingerprint: null, choices: [], usage: reply.usage };
    await writeAndWait(response, `data: ${JSON.stringify(usageChunk)}\n\n`);
  }
  response.end('data: [DONE]\n\n');
}

function answerEmbeddings(request: RecordedRequest, response: ServerResponse): void {
  const body = request.body;
  const inputs = isRecord(body) ? embeddingInputs(body.input) : undefined;
  if (!isRecord(body) || typeof body.model !== 'string' || !inputs) {
    sendError(response, 400, "'input' must be a string, an array of strings or an array of token arrays.", 'invalid_request_error', { param: 'input' });
    return;
  }
  if (body.model === 'fail-500') {
    sendError(response, 500, 'The server had an error while processing your request.', 'server_error');
    return;
  }
  const base64 = body.encoding_format === 'base64';
  const tokens = inputs.reduce((total, input) => total + countWords(input), 0);
  sendJson(response, 200, {
    object: 'list',
    data: inputs.map((input, index) => {
      const vector = embed(input);
      return { object: 'embedding', index, embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector };
    }),
    model: body.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

function embeddingInputs(input: unknown): string[] | undefined {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (input.every((item) => typeof item === 'string')) return input;
  if (input.every((item) => typeof item === 'number')) return [JSON.stringify(input)];
  if (input.every((item) => Array.isArray(item))) return input.map((item) => JSON.stringify(item));
  return undefined;
}

/** A unit vector derived from the text's SHA-256: equal texts, equal vectors. */
export function embed(text: string): number[] {
  const digest = createHash('sha256').update(text).digest();
  const raw = Array.from({ length: EMBEDDING_DIMENSION }, (_, index) => digest.readUInt32BE(index * 4) / 0xffffffff - 0.5);
  const norm = Math.hypot(...raw);
  // Rounded through float32 so JSON and base64 encodings decode to the same numbers.
  return raw.map((value) => Math.fround(value / norm));
}
