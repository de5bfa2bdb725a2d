import type { ChatCompletionChunk } from '../schemas/chat.ts';
import { toSwitchyardError, type SwitchyardError } from '../errors/index.ts';

export interface SseBodyOptions {
  first: ChatCompletionChunk | undefined;
  rest: AsyncIterator<ChatCompletionChunk>;
  /** Called once when the stream ends, with the error if it failed mid-way. */
  onEnd?: (outcome: { error?: SwitchyardError; chunks: number; cancelled: boolean }) => void;
  /** Aborted when the caller goes away, so the producer stops and frees its slot. */
  abortController?: AbortController;
}

const encoder = new TextEncoder();
const frame = (data: string, event?: string) => encoder.encode(`${event ? `event: ${event}\n` : ''}data: ${data}\n\n`);

/**
 * OpenAI-style SSE body: `data: <chunk>` frames, then `data: [DONE]`. A failure after the first
 * byte cannot change the status code any more, so it ends the stream with an `event: error`
 * frame carrying the error envelope — clients see an error, not a hang or a silent truncation.
 */
export function sseBody({ first, rest, onEnd, abortController }: SseBodyOptions): ReadableStream<Uint8Array> {
  let chunks = 0;
  let ended = false;
  const end = (outcome: { error?: SwitchyardError; cancelled: boolean }) => {
    if (ended) return;
    ended = true;
    onEnd?.({ ...outcome, chunks });
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (first) {
        chunks++;
        controller.enqueue(frame(JSON.stringify(first)));
      }
    },
    async pull(controller) {
      try {
        const next = await rest.next();
        if (next.done) {
          controller.enqueue(frame('[DONE]'));
          controller.close();
          end({ cancelled: false });
          return;
        }
        chunks++;
        controller.enqueue(frame(JSON.stringify(next.value)));
      } catch (thrown) {
        const error = toSwitchyardError(thrown);
        controller.enqueue(frame(JSON.stringify(error.toEnvelope()), 'error'));
        controller.close();
        end({ error, cancelled: false });
      }
    },
    async cancel() {
      abortController?.abort();
      await rest.return?.().catch(() => undefined);
      end({ cancelled: true });
    },
  });
}

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};
