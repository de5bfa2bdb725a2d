/**
 * A deterministic stand-in for Anthropic's Messages API (`POST /v1/messages`), JSON and the real
 * event stream (`event:` lines, message_start ... message_stop). Faithful enough that the
 * official `@anthropic-ai/sdk` client accepts it (see the tests beside it).
 *
 * Like the real API it requires `anthropic-version` and `max_tokens`, refuses unknown top-level
 * fields and temperatures above 1, and (under version 2023-06-01) system turns in `messages` — so
 * a runner that leaks OpenAI fields fails here. It accepts the key as `x-api-key` or, as the 1.x
 * SDK sends it, `Authorization: Bearer`.
 *
 * Replies: `echo: <last user text>`; with tools and "weather" in that text, a short text and a
 * tool_use of the first tool. Token counts are word counts. Failure switches by model name:
 * `fail-400`, `fail-429` (retry-after), `fail-500`, `fail-529` (overloaded), `fail-mid-stream`,
 * `slow` (answers after `slowMs`).
 */
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

export interface AnthropicServerOptions extends TestServerOptions {
  /** When set, requests must carry `x-api-key: <apiKey>`. */
  apiKey?: string;
  /** How long the `slow` model waits before answering. Default 2000 ms. */
  slowMs?: number;
}

const ALLOWED_FIELDS = new Set([
  'model',
  'messages',
  'max_tokens',
  'system',
  'stop_sequences',
  'temperature',
  'top_p',
  'top_k',
  'tools',
  'tool_choice',
  'metadata',
  'stream',
  'thinking',
  'service_tier',
]);

type ContentBlock = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

interface Reply {
  content: ContentBlock[];
  stopReason: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use';
  stopSequence: string | null;
  inputTokens: number;
  outputTokens: number;
}

/** Starts the server; `close()` it when done. */
export async function startAnthropicServer(options: AnthropicServerOptions = {}): Promise<TestServer> {
  const { apiKey, slowMs = 2000 } = options;
  let counter = 0;
  return startTestServer(options, async (request, response) => {
    if (`${request.method} ${request.path}` !== 'POST /v1/messages') {
      sendError(response, 404, 'not_found_error', 'Not Found');
      return;
    }
    // API version 2023-06-01 authenticates with x-api-key; the 1.x SDK (version 2026-10-21) sends a bearer token.
    if (apiKey !== undefined && request.headers['x-api-key'] !== apiKey && request.headers.authorization !== `Bearer ${apiKey}`) {
      sendError(response, 401, 'authentication_error', 'invalid x-api-key');
      return;
    }
    if (!request.headers['anthropic-version']) {
      sendError(response, 400, 'invalid_request_error', 'anthropic-version: header is required');
      return;
    }
    const problem = findProblem(request.body, request.headers['anthropic-version']);
    if (problem || !isRecord(request.body)) {
      sendError(response, 400, 'invalid_request_error', problem ?? 'body must be a JSON object');
      return;
    }
    counter += 1;
    await answer(request.body, response, `msg_test_${counter}`, slowMs);
  });
}

function sendError(response: ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(response, status, { type: 'error', error: { type, message } }, headers);
}

function findProblem(body: unknown, version: string): string | undefined {
  // Only later API versions accept system turns inside `messages`.
  const roles = version === '2023-06-01' ? ['user', 'assistant'] : ['user', 'assistant', 'system'];
  if (!isRecord(body)) return 'body must be a JSON object';
  for (const field of Object.keys(body)) {
    if (!ALLOWED_FIELDS.has(field)) return `${field}: Extra inputs are not permitted`;
  }
  if (typeof body.model !== 'string') return 'model: Field required';
  if (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens) || body.max_tokens < 1) return 'max_tokens: Field required';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: at least one message is required';
  for (const [index, message] of body.messages.entries()) {
    if (!isRecord(message) || !roles.includes(String(message.role))) return `messages.${index}.role: Input should be ${roles.map((role) => `'${role}'`).join(' or ')}`;
    if (Array.isArray(message.content)) {
      for (const block of message.content) {
        if (isRecord(block) && block.type === 'text' && block.text === '') return `messages.${index}: text content blocks must be non-empty`;
      }
    } else if (typeof message.content !== 'string') {
      return `messages.${index}.content: Input should be a valid list`;
    }
  }
  if (body.temperature !== undefined && (typeof body.temperature !== 'number' || body.temperature < 0 || body.temperature > 1)) {
    return 'temperature: Input should be less than or equal to 1';
  }
  return undefined;
}

async function answer(body: Record<string, unknown>, response: ServerResponse, id: string, slowMs: number): Promise<void> {
  const model = String(body.model);
  switch (model) {
    case 'fail-400':
      sendError(response, 400, 'invalid_request_error', 'max_tokens: 999999 > 8192, which is the maximum allowed number of output tokens');
      return;
    case 'fail-429':
      sendError(response, 429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit', { 'retry-after': '7' });
      return;
    case 'fail-500':
      sendError(response, 500, 'api_error', 'Internal server error');
      return;
    case 'fail-529':
      sendError(response, 529, 'overloaded_error', 'Overloaded');
      return;
    case 'slow':
      if (!(await waitUnlessClosed(response, slowMs))) return;
      break;
  }
  const reply = buildReply(body, id);
  const headers = { 'request-id': `req_${id}` };
  if (body.stream === true) {
    await streamReply(response, { id, model, reply, cut: model === 'fail-mid-stream', headers });
    return;
  }
  if (model === 'fail-mid-stream') {
    response.writeHead(200, { 'content-type': 'application/json', ...headers });
    await writeAndWait(response, `{"id":"${id}","type":"message","con`);
    await cutConnection(response);
    return;
  }
  sendJson(response, 200, message(id, model, reply, reply.content, reply.stopReason, reply.outputTokens), headers);
}

function message(id: string, model: string, reply: Reply, content: ContentBlock[], stopReason: string | null, outputTokens: number) {
  return {
    id,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: stopReason,
    stop_sequence: stopReason === null ? null : reply.stopSequence,
    usage: { input_tokens: reply.inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: outputTokens, service_tier: 'standard' },
  };
}

function buildReply(body: Record<string, unknown>, id: string): Reply {
  const messages = (body.messages as unknown[]).filter(isRecord);
  const inputTokens =
    countWords(typeof body.system === 'string' ? body.system : textOf(body.system)) +
    messages.reduce((total, entry) => total + countWords(textOf(entry.content)), 0);
  const lastUser = [...messages].reverse().find((entry) => entry.role === 'user');
  const lastUserText = lastUser ? textOf(lastUser.content) : '';
  const tools = Array.isArray(body.tools) ? body.tools.filter(isRecord) : [];
  const toolName = typeof tools[0]?.name === 'string' ? tools[0].name : undefined;
  const toolChoice = isRecord(body.tool_choice) ? body.tool_choice.type : undefined;

  if (toolName && toolChoice !== 'none' && /weather/i.test(lastUserText)) {
    const text = 'Let me check the weather.';
    return {
      content: [
        { type: 'text', text },
        { type: 'tool_use', id: `toolu_${id}`, name: toolName, input: { location: 'Paris' } },
      ],
      stopReason: 'tool_use',
      stopSequence: null,
      inputTokens,
      outputTokens: countWords(text) + 1,
    };
  }
  let words = splitWords(`echo: ${lastUserText}`);
  let stopReason: Reply['stopReason'] = 'end_turn';
  let stopSequence: string | null = null;
  const stopSequences = Array.isArray(body.stop_sequences) ? body.stop_sequences.filter((value): value is string => typeof value === 'string') : [];
  const stopAt = words.findIndex((word) => stopSequences.some((sequence) => word.includes(sequence)));
  if (stopAt !== -1) {
    stopSequence = stopSequences.find((sequence) => words[stopAt]?.includes(sequence)) ?? null;
    words = words.slice(0, stopAt);
    stopReason = 'stop_sequence';
  }
  const maxTokens = Number(body.max_tokens);
  if (words.length > maxTokens) {
    words = words.slice(0, maxTokens);
    stopReason = 'max_tokens';
    stopSequence = null;
  }
  const text = words.join('');
  return { content: text ? [{ type: 'text', text }] : [], stopReason, stopSequence, inputTokens, outputTokens: words.length };
}

/** Text of a string or of a block list's text and tool_result blocks. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter(isRecord)
    .map((block) => {
      if (block.type === 'text' && typeof block.text === 'string') return block.text;
      if (block.type === 'tool_result') return textOf(block.content);
      return '';
    })
    .filter(Boolean)
    .join(' ');
}

interface StreamPlan {
  id: string;
  model: string;
  reply: Reply;
  cut: boolean;
  headers: Record<string, string>;
}

async function streamReply(response: ServerResponse, { id, model, reply, cut, headers }: StreamPlan): Promise<void> {
  const send = (event: Record<string, unknown> & { type: string }) => writeAndWait(response, `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  startEventStream(response, headers);
  await send({ type: 'message_start', message: message(id, model, reply, [], null, 1) });
  for (const [index, block] of reply.content.entries()) {
    if (block.type === 'text') {
      await send({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      if (index === 0) await send({ type: 'ping' });
      for (const word of splitWords(block.text)) {
        await send({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: word } });
        if (cut) {
          await cutConnection(response);
          return;
        }
      }
    } else {
      await send({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      const json = JSON.stringify(block.input);
      const third = Math.ceil(json.length / 3);
      for (const partial of ['', json.slice(0, third), json.slice(third, 2 * third), json.slice(2 * third)]) {
        await send({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: partial } });
      }
    }
    await send({ type: 'content_block_stop', index });
  }
  await send({ type: 'message_delta', delta: { stop_reason: reply.stopReason, stop_sequence: reply.stopSequence }, usage: { output_tokens: reply.outputTokens } });
  await send({ type: 'message_stop' });
  response.end();
}
