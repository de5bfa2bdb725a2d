/**
 * Every caller-written text of a request, rewritten through one function: message contents (plain
 * strings and text parts, any role), tool-call arguments, embeddings inputs, and string values in
 * fields the schemas pass through unmodeled (provider knobs such as `metadata`). Images, audio and
 * files are left alone. Returns a copy; the parsed request is not changed.
 */
import { InvalidRequestError } from '../../../shared/errors/index.ts';
import type { ChatCompletionRequest, ChatMessage } from '../../../shared/schemas/chat.ts';
import type { EmbeddingsRequest } from '../../../shared/schemas/embeddings.ts';
import type { ParsedBody } from '../../context.ts';

/** Gets a text and where it sits (`messages[2].content[0].text`), returns its replacement. */
export type TextTransform = (text: string, path: string) => string;

/** Deeper unmodeled values are refused rather than walked: nesting is not a way around the scan. */
export const MAX_UNMODELED_DEPTH = 32;

const CHAT_FIELDS = new Set(['model', 'messages', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'stream', 'stream_options', 'n', 'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'presence_penalty', 'frequency_penalty', 'seed', 'stop', 'user']);
const EMBEDDINGS_FIELDS = new Set(['model', 'input', 'encoding_format', 'dimensions', 'user']);

function mapContent<T extends ChatMessage['content']>(content: T, path: string, transform: TextTransform): T {
  if (typeof content === 'string') return transform(content, path) as T;
  if (!Array.isArray(content)) return content;
  return content.map((part, index) => (part.type === 'text' ? { ...part, text: transform(part.text, `${path}[${index}].text`) } : part)) as T;
}

function mapMessage(message: ChatMessage, index: number, transform: TextTransform): ChatMessage {
  const path = `messages[${index}].content`;
  switch (message.role) {
    case 'assistant':
      return {
        ...message,
        content: mapContent(message.content, path, transform),
        ...(message.tool_calls
          ? {
              tool_calls: message.tool_calls.map((call, callIndex) => ({
                ...call,
                function: { ...call.function, arguments: transform(call.function.arguments, `messages[${index}].tool_calls[${callIndex}].function.arguments`) },
              })),
            }
          : {}),
      };
    case 'function':
      return { ...message, content: message.content === null ? null : transform(message.content, path) };
    case 'system':
    case 'developer':
    case 'user':
    case 'tool':
      return { ...message, content: mapContent(message.content, path, transform) } as ChatMessage;
  }
}

/** String leaves of an unmodeled value, bounded in depth. */
function mapUnmodeled(value: unknown, path: string, transform: TextTransform, depth: number): unknown {
  if (typeof value === 'string') return transform(value, path);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_UNMODELED_DEPTH) {
    throw new InvalidRequestError({
      message: `The field ${path.split(/[.[]/)[0]} is nested more than ${MAX_UNMODELED_DEPTH} levels deep; flatten it and retry.`,
      code: 'content_too_deep',
      param: path.split(/[.[]/)[0],
    });
  }
  if (Array.isArray(value)) return value.map((item, index) => mapUnmodeled(item, `${path}[${index}]`, transform, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = mapUnmodeled(item, `${path}.${key}`, transform, depth + 1);
  return copy;
}

function mapExtraFields<T extends Record<string, unknown>>(request: T, modeled: ReadonlySet<string>, transform: TextTransform): T {
  const copy: Record<string, unknown> = { ...request };
  for (const [key, value] of Object.entries(request)) {
    if (!modeled.has(key)) copy[key] = mapUnmodeled(value, key, transform, 0);
  }
  return copy as T;
}

export function mapChatTexts(request: ChatCompletionRequest, transform: TextTransform): ChatCompletionRequest {
  const messages = request.messages.map((message, index) => mapMessage(message, index, transform));
  return { ...mapExtraFields(request, CHAT_FIELDS, transform), messages };
}

export function mapEmbeddingsTexts(request: EmbeddingsRequest, transform: TextTransform): EmbeddingsRequest {
  const { input } = request;
  // Token arrays are numbers already; only text inputs are scanned.
  const texts = typeof input === 'string' ? transform(input, 'input') : input.every((item): item is string => typeof item === 'string') ? input.map((item, index) => transform(item, `input[${index}]`)) : input;
  return { ...mapExtraFields(request, EMBEDDINGS_FIELDS, transform), input: texts };
}

export function mapBodyTexts(body: ParsedBody, transform: TextTransform): ParsedBody {
  return body.kind === 'chat' ? { kind: 'chat', request: mapChatTexts(body.request, transform) } : { kind: 'embeddings', request: mapEmbeddingsTexts(body.request, transform) };
}
