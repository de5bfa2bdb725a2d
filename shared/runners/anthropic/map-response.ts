/** Anthropic Messages response -> OpenAI chat completion. */
import type { ChatCompletion, FinishReason, ToolCall, Usage } from '../../schemas/chat.ts';
import { isTextBlock, isToolUseBlock, type AnthropicMessage } from './schemas.ts';

/** Anthropic stop reasons as OpenAI finish reasons; reasons Anthropic adds later read as `stop`. */
export function toFinishReason(stopReason: string | null | undefined): FinishReason | null {
  switch (stopReason) {
    case null:
    case undefined:
      return null;
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}

export interface AnthropicTokenCounts {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

/** Anthropic counts cached prompt tokens separately; OpenAI's prompt_tokens includes them. */
export function toUsage(usage: AnthropicTokenCounts): Usage {
  const promptTokens = (usage.input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
  const completionTokens = usage.output_tokens ?? 0;
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

export function toChatCompletion(message: AnthropicMessage, now: number = Date.now()): ChatCompletion {
  let text = '';
  const toolCalls: ToolCall[] = [];
  for (const block of message.content) {
    if (isTextBlock(block)) text += block.text;
    if (isToolUseBlock(block)) {
      toolCalls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input) } });
    }
  }
  return {
    id: message.id,
    object: 'chat.completion',
    created: Math.floor(now / 1000),
    model: message.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          // OpenAI sends null content when the answer is only tool calls.
          content: text === '' && toolCalls.length > 0 ? null : text,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: toFinishReason(message.stop_reason),
      },
    ],
    usage: toUsage(message.usage),
  };
}
