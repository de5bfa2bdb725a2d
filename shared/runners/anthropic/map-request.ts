/**
 * OpenAI chat request -> Anthropic Messages request.
 *
 * Fields Anthropic has no equivalent for (seed, penalties, logprobs, response_format) are dropped
 * rather than forwarded: Anthropic rejects unknown fields, and the runner declares
 * `structuredOutput: false` so the edge enforces output formats itself.
 */
import { InvalidRequestError } from '../../errors/index.ts';
import { contentText, requestedMaxTokens, type ChatCompletionRequest, type ChatMessage, type UserContentPart } from '../../schemas/chat.ts';
import type {
  AnthropicContentBlockParam,
  AnthropicImageSource,
  AnthropicMessageParam,
  AnthropicMessagesRequest,
  AnthropicToolChoice,
} from './schemas.ts';

export interface MapRequestOptions {
  upstreamModel: string;
  /** Anthropic requires max_tokens; used when the caller sent neither max field. */
  defaultMaxTokens: number;
  stream: boolean;
}

const IMAGE_MEDIA_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/** Throws InvalidRequestError (with `param`) for what Anthropic cannot express. */
export function toAnthropicRequest(
  request: ChatCompletionRequest,
  { upstreamModel, defaultMaxTokens, stream }: MapRequestOptions,
): AnthropicMessagesRequest {
  if (request.n !== undefined && request.n !== null && request.n > 1) {
    throw new InvalidRequestError({ message: 'This model returns one choice per request; "n" must be 1.', param: 'n' });
  }

  const systemTexts: string[] = [];
  const messages: AnthropicMessageParam[] = [];
  request.messages.forEach((message, index) => {
    if (message.role === 'system' || message.role === 'developer') {
      const text = contentText(message.content);
      if (text) systemTexts.push(text);
      return;
    }
    const mapped = toAnthropicMessage(message, index);
    if (mapped.content.length === 0) return;
    const previous = messages.at(-1);
    // Anthropic requires alternating roles; OpenAI allows runs (several tool results in a row).
    if (previous?.role === mapped.role) previous.content.push(...mapped.content);
    else messages.push(mapped);
  });
  if (messages.length === 0) {
    throw new InvalidRequestError({ message: 'At least one user or assistant message with content is required.', param: 'messages' });
  }

  const body: AnthropicMessagesRequest = {
    model: upstreamModel,
    messages,
    max_tokens: requestedMaxTokens(request) ?? defaultMaxTokens,
  };
  if (systemTexts.length > 0) body.system = systemTexts.join('\n\n');
  if (request.stop !== undefined && request.stop !== null) {
    const sequences = (typeof request.stop === 'string' ? [request.stop] : request.stop).filter((sequence) => sequence !== '');
    if (sequences.length > 0) body.stop_sequences = sequences;
  }
  // OpenAI allows temperature up to 2, Anthropic up to 1.
  if (request.temperature !== undefined && request.temperature !== null) body.temperature = Math.min(request.temperature, 1);
  if (request.top_p !== undefined && request.top_p !== null) body.top_p = request.top_p;
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map(({ function: tool }) => ({
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      input_schema: tool.parameters ?? { type: 'object', properties: {} },
    }));
  }
  const toolChoice = toAnthropicToolChoice(request);
  if (toolChoice) body.tool_choice = toolChoice;
  if (request.user) body.metadata = { user_id: request.user };
  if (stream) body.stream = true;
  return body;
}

function toAnthropicToolChoice({ tool_choice: choice, parallel_tool_calls: parallel, tools }: ChatCompletionRequest): AnthropicToolChoice | undefined {
  if (!tools || tools.length === 0) return undefined;
  const disableParallel = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined) return parallel === false ? { type: 'auto', ...disableParallel } : undefined;
  if (choice === 'none') return { type: 'none' };
  if (choice === 'auto') return { type: 'auto', ...disableParallel };
  if (choice === 'required') return { type: 'any', ...disableParallel };
  return { type: 'tool', name: choice.function.name, ...disableParallel };
}

function toAnthropicMessage(message: Exclude<ChatMessage, { role: 'system' | 'developer' }>, index: number): AnthropicMessageParam {
  switch (message.role) {
    case 'user': {
      const parts = typeof message.content === 'string' ? [{ type: 'text' as const, text: message.content }] : message.content;
      return { role: 'user', content: parts.flatMap((part, partIndex) => toUserBlocks(part, `messages[${index}].content[${partIndex}]`)) };
    }
    case 'assistant': {
      const content: AnthropicContentBlockParam[] = [];
      const text = typeof message.content === 'string' ? message.content : (message.content ?? []).map((part) => (part.type === 'text' ? part.text : '')).join('');
      if (text) content.push({ type: 'text', text });
      (message.tool_calls ?? []).forEach((call, callIndex) => {
        content.push({
          type: 'tool_use',
          id: call.id,
          name: call.function.name,
          input: parseArguments(call.function.arguments, `messages[${index}].tool_calls[${callIndex}].function.arguments`),
        });
      });
      return { role: 'assistant', content };
    }
    case 'tool': {
      const text = contentText(message.content);
      return { role: 'user', content: [{ type: 'tool_result', tool_use_id: message.tool_call_id, ...(text ? { content: text } : {}) }] };
    }
    case 'function':
      throw new InvalidRequestError({
        message: 'The deprecated "function" role is not supported by this model; send tool messages instead.',
        param: `messages[${index}].role`,
      });
  }
}

function toUserBlocks(part: UserContentPart, param: string): AnthropicContentBlockParam[] {
  switch (part.type) {
    case 'text':
      return part.text ? [{ type: 'text', text: part.text }] : [];
    case 'image_url':
      return [{ type: 'image', source: toImageSource(part.image_url.url, `${param}.image_url.url`) }];
    case 'file': {
      const data = part.file.file_data ? parseDataURL(part.file.file_data) : undefined;
      if (data?.mediaType !== 'application/pdf') {
        throw new InvalidRequestError({ message: 'Only PDF files sent inline as base64 data URLs are supported by this model.', param });
      }
      return [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: data.data } }];
    }
    case 'input_audio':
      throw new InvalidRequestError({ message: 'Audio input is not supported by this model.', param });
  }
}

function toImageSource(url: string, param: string): AnthropicImageSource {
  if (/^https?:\/\//i.test(url)) return { type: 'url', url };
  const data = parseDataURL(url);
  if (!data) throw new InvalidRequestError({ message: 'Images must be http(s) URLs or base64 data URLs.', param });
  if (!IMAGE_MEDIA_TYPES.has(data.mediaType)) {
    throw new InvalidRequestError({ message: 'Images must be JPEG, PNG, GIF or WebP.', param });
  }
  return { type: 'base64', media_type: data.mediaType, data: data.data };
}

function parseDataURL(url: string): { mediaType: string; data: string } | undefined {
  const match = /^data:([a-z0-9.+-]+\/[a-z0-9.+-]+)(?:;[a-z0-9-]+=[^;,]*)*;base64,(.*)$/is.exec(url);
  if (!match?.[1] || match[2] === undefined) return undefined;
  return { mediaType: match[1].toLowerCase(), data: match[2] };
}

function parseArguments(text: string, param: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidRequestError({ message: 'Tool call arguments must be a JSON object.', param });
  }
  return parsed as Record<string, unknown>;
}
