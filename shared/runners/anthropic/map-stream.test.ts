import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../errors/index.ts';
import { ChatCompletionChunk } from '../../schemas/chat.ts';
import { createStreamMapper } from './map-stream.ts';
import { TOOL_USE_EVENTS } from './fixtures/tool-use-stream.ts';
import { AnthropicStreamEvent } from './schemas.ts';

const now = () => Date.UTC(2026, 0, 1);

function mapAll(events: unknown[], includeUsage: boolean) {
  const mapper = createStreamMapper({ runnerId: 'anthropic:test', includeUsage, now });
  const chunks = events.flatMap((event) => mapper.map(AnthropicStreamEvent.parse(event)));
  return { mapper, chunks };
}

describe('createStreamMapper', () => {
  it('maps a tool-use stream to OpenAI chunks, with the usage chunk when asked', () => {
    const { mapper, chunks } = mapAll(TOOL_USE_EVENTS, true);
    chunks.push(...mapper.finish());
    const base = { id: 'msg_01', object: 'chat.completion.chunk', created: now() / 1000, model: 'claude-test' };
    const choice = (delta: object, finishReason: string | null = null) => ({ ...base, choices: [{ index: 0, delta, finish_reason: finishReason }] });
    expect(chunks).toEqual([
      choice({ role: 'assistant', content: '' }),
      choice({ content: 'Okay' }),
      choice({ content: ', checking.' }),
      choice({ tool_calls: [{ index: 0, id: 'toolu_01', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      choice({ tool_calls: [{ index: 0, function: { arguments: '{"location": "San' } }] }),
      choice({ tool_calls: [{ index: 0, function: { arguments: ' Francisco"}' } }] }),
      choice({ tool_calls: [{ index: 1, id: 'toolu_02', type: 'function', function: { name: 'get_time', arguments: '' } }] }),
      choice({ tool_calls: [{ index: 1, function: { arguments: '{}' } }] }),
      choice({}, 'tool_calls'),
      { ...base, choices: [], usage: { prompt_tokens: 480, completion_tokens: 89, total_tokens: 569 } },
    ]);
    for (const chunk of chunks) expect(ChatCompletionChunk.safeParse(chunk).success).toBe(true);
  });

  it('leaves the usage chunk out unless asked', () => {
    const { mapper, chunks } = mapAll(TOOL_USE_EVENTS, false);
    expect(mapper.finish()).toEqual([]);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(chunks.some((chunk) => chunk.usage)).toBe(false);
  });

  it('treats a stream that ends after the stop reason as whole, and one without it as cut off', () => {
    const withoutStop = mapAll(TOOL_USE_EVENTS.slice(0, -1), true);
    expect(withoutStop.mapper.finish()).toHaveLength(1);
    const cut = mapAll(TOOL_USE_EVENTS.slice(0, 5), true);
    expect(() => cut.mapper.finish()).toThrow(UpstreamError);
  });

  it('throws a retryable UpstreamError for an overloaded error event', () => {
    const mapper = createStreamMapper({ runnerId: 'anthropic:test', includeUsage: false, now });
    mapper.map(AnthropicStreamEvent.parse(TOOL_USE_EVENTS[0]));
    let caught: unknown;
    try {
      mapper.map(AnthropicStreamEvent.parse({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UpstreamError);
    expect((caught as UpstreamError).upstreamStatus).toBe(529);
    expect((caught as UpstreamError).isRetryable).toBe(true);
    expect((caught as UpstreamError).message).toBe('Upstream "anthropic:test" reported an error mid-stream (overloaded_error)');
  });

  it('refuses content before message_start and tool input for a text block', () => {
    const early = createStreamMapper({ runnerId: 'x', includeUsage: false, now });
    expect(() => early.map(AnthropicStreamEvent.parse(TOOL_USE_EVENTS[3]))).toThrow(/before message_start/);
    const { mapper } = mapAll(TOOL_USE_EVENTS.slice(0, 2), false);
    expect(() =>
      mapper.map(AnthropicStreamEvent.parse({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{' } })),
    ).toThrow(UpstreamError);
  });

  it('skips delta types it does not map (thinking, signatures)', () => {
    const { chunks } = mapAll(
      [TOOL_USE_EVENTS[0], { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hmm' } }],
      false,
    );
    expect(chunks).toHaveLength(1);
  });
});
