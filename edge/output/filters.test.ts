import { describe, expect, it } from 'vitest';
import type { ChatCompletionChunk } from '../../shared/schemas/chat.ts';
import type { OutputFilter } from '../context.ts';
import { filterCompletion, filterStream, prepend } from './filters.ts';

/** Replaces `[X]` with `secret`, holding back an unfinished `[…` until it closes or the text ends. */
const unmask: OutputFilter = {
  name: 'unmask',
  open() {
    let held = '';
    return {
      push(text) {
        const combined = held + text;
        const open = combined.lastIndexOf('[');
        const cut = open >= 0 && !combined.slice(open).includes(']') ? open : combined.length;
        held = combined.slice(cut);
        return combined.slice(0, cut).replaceAll('[X]', 'secret');
      },
      end() {
        const rest = held;
        held = '';
        return rest;
      },
    };
  },
};

const chunk = (content: string | undefined, finish: 'stop' | null = null, index = 0): ChatCompletionChunk => ({
  id: 'c',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [{ index, delta: content === undefined ? {} : { content }, finish_reason: finish }],
});

async function drain(iterator: AsyncIterator<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const out: ChatCompletionChunk[] = [];
  for (;;) {
    const next = await iterator.next();
    if (next.done) return out;
    out.push(next.value);
  }
}

describe('output filters', () => {
  it('rewrite a whole completion', () => {
    const completion = filterCompletion(
      {
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'm',
        choices: [{ index: 0, message: { role: 'assistant', content: 'the [X] is [X' }, finish_reason: 'stop' }],
      },
      [unmask],
    );
    expect(completion.choices[0]?.message.content).toBe('the secret is [X');
  });

  it('rewrite a placeholder split across stream chunks and release held text at the finish', async () => {
    const source = prepend(chunk('the ['), (async function* () {
      yield chunk('X] and [');
      yield chunk('X');
      yield chunk(undefined, 'stop');
    })());
    const { chunks } = filterStream(source, [unmask], { callerWantsUsage: false });
    const out = await drain(chunks);
    expect(out.map((item) => item.choices[0]?.delta.content ?? '').join('')).toBe('the secret and [X');
    expect(out.at(-1)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('captures usage and drops the usage chunk the caller did not ask for', async () => {
    const usageChunk: ChatCompletionChunk = { ...chunk(undefined), choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } };
    const source = (async function* () {
      yield chunk('hi', 'stop');
      yield usageChunk;
    })();
    const stream = filterStream(source, [], { callerWantsUsage: false });
    const out = await drain(stream.chunks);
    expect(out).toHaveLength(1);
    expect(stream.usage()).toEqual({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
  });
});
