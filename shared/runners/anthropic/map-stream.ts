/**
 * Anthropic stream events -> OpenAI chat completion chunks. One mapper per stream: it remembers
 * the message id and model from `message_start`, which content block is which tool call, and the
 * token counts that arrive spread over several events.
 */
import { UpstreamError } from '../../errors/index.ts';
import type { ChatCompletionChunk, FinishReason } from '../../schemas/chat.ts';
import { toFinishReason, toUsage, type AnthropicTokenCounts } from './map-response.ts';
import { isInputJsonDelta, isTextBlock, isTextDelta, isToolUseBlock, type AnthropicStreamEvent } from './schemas.ts';

export interface StreamMapperOptions {
  runnerId: string;
  /** Append OpenAI's final usage chunk (`choices: []`), as `stream_options.include_usage` asks. */
  includeUsage: boolean;
  now?: () => number;
}

export interface StreamMapper {
  /** Chunks for one event (often none); throws UpstreamError for an `error` event or a broken sequence. */
  map(event: AnthropicStreamEvent): ChatCompletionChunk[];
  /** Call when the body ends: the remaining chunks, or UpstreamError if the message was cut off. */
  finish(): ChatCompletionChunk[];
}

type Delta = ChatCompletionChunk['choices'][number]['delta'];

/** Statuses Anthropic uses for these error types, so a mid-stream error is as retryable as a response one. */
const ERROR_TYPE_STATUS: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
};

/** Anthropic's error type as an UpstreamError; the message text is not quoted. */
export function streamErrorFrom(runnerId: string, errorType: string): UpstreamError {
  const safeType = /^[a-z_]{1,64}$/.test(errorType) ? errorType : 'unknown';
  const upstreamStatus = ERROR_TYPE_STATUS[safeType];
  return new UpstreamError({
    message: `Upstream "${runnerId}" reported an error mid-stream (${safeType})`,
    ...(upstreamStatus !== undefined ? { upstreamStatus } : {}),
  });
}

export function createStreamMapper({ runnerId, includeUsage, now = Date.now }: StreamMapperOptions): StreamMapper {
  let header: { id: string; created: number; model: string } | undefined;
  const toolIndexByBlock = new Map<number, number>();
  const tokens: AnthropicTokenCounts = {};
  let stopReason: FinishReason | null = null;
  let usageSent = false;
  let stopped = false;

  const chunk = (choices: ChatCompletionChunk['choices']): ChatCompletionChunk => {
    if (!header) throw new UpstreamError({ message: `Upstream "${runnerId}" sent stream events before message_start` });
    return { id: header.id, object: 'chat.completion.chunk', created: header.created, model: header.model, choices };
  };
  const deltaChunk = (delta: Delta, finishReason: FinishReason | null = null) => chunk([{ index: 0, delta, finish_reason: finishReason }]);
  const usageChunk = (): ChatCompletionChunk[] => {
    if (!includeUsage || usageSent) return [];
    usageSent = true;
    return [{ ...chunk([]), usage: toUsage(tokens) }];
  };

  return {
    map(event) {
      if (event.type === 'error') throw streamErrorFrom(runnerId, event.error.type);
      if (event.type === 'ping') return [];
      if (event.type === 'message_start') {
        header = { id: event.message.id, created: Math.floor(now() / 1000), model: event.message.model };
        Object.assign(tokens, definedCounts(event.message.usage));
        return [deltaChunk({ role: 'assistant', content: '' })];
      }
      if (!header) throw new UpstreamError({ message: `Upstream "${runnerId}" sent stream events before message_start` });
      switch (event.type) {
        case 'content_block_start': {
          const block = event.content_block;
          if (isToolUseBlock(block)) {
            const index = toolIndexByBlock.size;
            toolIndexByBlock.set(event.index, index);
            return [deltaChunk({ tool_calls: [{ index, id: block.id, type: 'function', function: { name: block.name, arguments: '' } }] })];
          }
          return isTextBlock(block) && block.text !== '' ? [deltaChunk({ content: block.text })] : [];
        }
        case 'content_block_delta': {
          const delta = event.delta;
          if (isTextDelta(delta)) return delta.text === '' ? [] : [deltaChunk({ content: delta.text })];
          if (isInputJsonDelta(delta)) {
            const index = toolIndexByBlock.get(event.index);
            if (index === undefined) {
              throw new UpstreamError({ message: `Upstream "${runnerId}" sent tool input for a block that is not a tool call` });
            }
            return delta.partial_json === '' ? [] : [deltaChunk({ tool_calls: [{ index, function: { arguments: delta.partial_json } }] })];
          }
          return [];
        }
        case 'message_delta':
          Object.assign(tokens, definedCounts(event.usage));
          stopReason = toFinishReason(event.delta.stop_reason);
          return stopReason === null ? [] : [deltaChunk({}, stopReason)];
        case 'message_stop':
          stopped = true;
          return usageChunk();
        case 'content_block_stop':
          return [];
      }
    },
    finish() {
      // A stop reason proves the answer is whole even if message_stop was lost.
      if (!stopped && stopReason === null) {
        throw new UpstreamError({ message: `Upstream "${runnerId}" ended the stream before it was complete` });
      }
      return usageChunk();
    },
  };
}

const TOKEN_FIELDS = ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const;

/** Only the counts present: later events repeat some counts and omit others. */
function definedCounts(usage: AnthropicTokenCounts): AnthropicTokenCounts {
  const counts: AnthropicTokenCounts = {};
  for (const field of TOKEN_FIELDS) {
    const value = usage[field];
    if (typeof value === 'number') counts[field] = value;
  }
  return counts;
}
