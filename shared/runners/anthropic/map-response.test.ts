import { describe, expect, it } from 'vitest';
import { ChatCompletion } from '../../schemas/chat.ts';
import { toChatCompletion, toFinishReason } from './map-response.ts';
import { AnthropicMessage } from './schemas.ts';

const now = Date.UTC(2026, 0, 1);

describe('toChatCompletion', () => {
  it('joins text blocks, turns tool_use into tool calls, maps stop reason and usage', () => {
    const message = AnthropicMessage.parse({
      id: 'msg_01',
      type: 'message',
      role: 'assistant',
      model: 'claude-test-20260101',
      content: [
        { type: 'thinking', thinking: 'hmm', signature: 'sig' },
        { type: 'text', text: 'Let me ' },
        { type: 'text', text: 'check.', citations: null },
        { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris', units: ['c'] } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 3, cache_creation_input_tokens: null, service_tier: 'standard' },
    });
    const completion = toChatCompletion(message, now);
    expect(completion).toEqual({
      id: 'msg_01',
      object: 'chat.completion',
      created: now / 1000,
      model: 'claude-test-20260101',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Let me check.',
            tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","units":["c"]}' } }],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 13, completion_tokens: 5, total_tokens: 18 },
    });
    expect(ChatCompletion.safeParse(completion).success).toBe(true);
  });

  it('sends null content for a tool-call-only answer', () => {
    const message = AnthropicMessage.parse({
      id: 'msg_02',
      type: 'message',
      role: 'assistant',
      model: 'm',
      content: [{ type: 'tool_use', id: 'toolu_2', name: 'f', input: {} }],
      stop_reason: 'tool_use',
      usage: { input_tokens: 1, output_tokens: 1 },
    });
    expect(toChatCompletion(message, now).choices[0]?.message.content).toBeNull();
  });

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    ['pause_turn', 'stop'],
    [null, null],
  ] as const)('maps stop_reason %s to %s', (stopReason, finishReason) => {
    expect(toFinishReason(stopReason)).toBe(finishReason);
  });

  it('refuses blocks that claim a mapped type but lack its fields', () => {
    const broken = { id: 'm', type: 'message', role: 'assistant', model: 'm', stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 } };
    expect(AnthropicMessage.safeParse({ ...broken, content: [{ type: 'text' }] }).success).toBe(false);
    expect(AnthropicMessage.safeParse({ ...broken, content: [{ type: 'tool_use', id: 'x', name: 'f', input: 'no' }] }).success).toBe(false);
  });
});
