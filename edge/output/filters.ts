/**
 * Applies output filters to a completion or a stream of chunks, and captures usage for the
 * response listeners. Streams always ask upstream for usage (budgets need real counts); the
 * usage chunk is dropped again when the caller did not ask for it.
 */
import type { ChatCompletion, ChatCompletionChunk, Usage } from '../../shared/schemas/chat.ts';
import type { OutputFilter, TextFilter } from '../context.ts';

function openAll(filters: readonly OutputFilter[]): TextFilter[] {
  return filters.map((filter) => filter.open());
}

function runText(chain: readonly TextFilter[], text: string): string {
  return chain.reduce((current, filter) => filter.push(current), text);
}

/** Flushes the chain in order: what the first filter held back still passes through the later ones. */
function endText(chain: readonly TextFilter[]): string {
  let carried = '';
  for (const filter of chain) carried = filter.push(carried) + filter.end();
  return carried;
}

export function filterCompletion(completion: ChatCompletion, filters: readonly OutputFilter[]): ChatCompletion {
  if (filters.length === 0) return completion;
  return {
    ...completion,
    choices: completion.choices.map((choice) => {
      if (typeof choice.message.content !== 'string') return choice;
      const chain = openAll(filters);
      return { ...choice, message: { ...choice.message, content: runText(chain, choice.message.content) + endText(chain) } };
    }),
  };
}

export interface FilteredStream {
  chunks: AsyncIterator<ChatCompletionChunk>;
  /** Usage seen in the stream so far (complete once the iterator is done). */
  usage(): Usage | undefined;
}

/**
 * Filters chunk content per choice. A choice's held-back text is released in the chunk that
 * carries its finish_reason, so nothing is lost and the order of text is kept.
 */
export function filterStream(
  source: AsyncIterator<ChatCompletionChunk>,
  filters: readonly OutputFilter[],
  { callerWantsUsage }: { callerWantsUsage: boolean },
): FilteredStream {
  const chains = new Map<number, TextFilter[]>();
  let usage: Usage | undefined;
  const chainFor = (index: number) => {
    let chain = chains.get(index);
    if (!chain) {
      chain = openAll(filters);
      chains.set(index, chain);
    }
    return chain;
  };
  const transform = (chunk: ChatCompletionChunk): ChatCompletionChunk | undefined => {
    if (chunk.usage) usage = chunk.usage;
    if (chunk.choices.length === 0 && chunk.usage && !callerWantsUsage) return undefined;
    const withoutUsage = callerWantsUsage ? chunk : { ...chunk, usage: undefined };
    if (filters.length === 0) return withoutUsage;
    return {
      ...withoutUsage,
      choices: chunk.choices.map((choice) => {
        const chain = chainFor(choice.index);
        let content = typeof choice.delta.content === 'string' ? runText(chain, choice.delta.content) : choice.delta.content;
        if (choice.finish_reason) content = (content ?? '') + endText(chain);
        return content === choice.delta.content ? choice : { ...choice, delta: { ...choice.delta, content } };
      }),
    };
  };
  const chunks: AsyncIterator<ChatCompletionChunk> = {
    async next() {
      for (;;) {
        const next = await source.next();
        if (next.done) return next;
        const transformed = transform(next.value);
        if (transformed) return { done: false, value: transformed };
      }
    },
    async return(value?: unknown) {
      await source.return?.(value);
      return { done: true, value: undefined };
    },
  };
  return { chunks, usage: () => usage };
}

/** Passes the first chunk through the same transform as the rest. */
export async function* prepend<T>(first: T | undefined, rest: AsyncIterator<T>): AsyncGenerator<T> {
  if (first !== undefined) yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}
