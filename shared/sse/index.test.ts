import { describe, expect, it } from 'vitest';
import { encodeServerSentEvent, parseServerSentEvents, ServerSentEventsLimitError, type ServerSentEvent } from './index.ts';

const encoder = new TextEncoder();

function streamOf(chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
      controller.close();
    },
  });
}

async function collect(body: ReadableStream<Uint8Array>, signal?: AbortSignal): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of parseServerSentEvents(body, signal)) events.push(event);
  return events;
}

/** Every way to cut `text` into two chunks, plus one byte at a time. */
function allSplits(text: string): Uint8Array[][] {
  const bytes = encoder.encode(text);
  const splits: Uint8Array[][] = [];
  for (let cut = 0; cut <= bytes.length; cut++) splits.push([bytes.slice(0, cut), bytes.slice(cut)]);
  splits.push(Array.from(bytes, (byte) => Uint8Array.of(byte)));
  return splits;
}

describe('parseServerSentEvents', () => {
  const wire =
    '\uFEFF: a comment\r\n' +
    'event: greeting\r\n' +
    'id: 7\r\n' +
    'data: héllo\r\n' +
    'data:  two spaces\r\n' +
    '\r\n' +
    'data: plain\r' +
    '\r' +
    'data:{"a":1}\n' +
    'retry: 100\n' +
    'unknown: field\n' +
    '\n' +
    'event: ignored-without-data\n' +
    '\n' +
    'data\n' +
    '\n' +
    'data: 😀 end\n\n';
  const expected: ServerSentEvent[] = [
    { event: 'greeting', id: '7', data: 'héllo\n two spaces' },
    { id: '7', data: 'plain' },
    { id: '7', data: '{"a":1}' },
    { id: '7', data: '' },
    { id: '7', data: '😀 end' },
  ];

  it('parses CRLF, CR and LF line ends, multi-line data, comments and the BOM', async () => {
    expect(await collect(streamOf([wire]))).toEqual(expected);
  });

  it('gives the same events however the bytes are split into chunks', async () => {
    for (const chunks of allSplits(wire)) {
      expect(await collect(streamOf(chunks))).toEqual(expected);
    }
  });

  it('treats a CR at the end of one chunk and an LF at the start of the next as one line end', async () => {
    const events = await collect(streamOf(['data: a\r', '\n\r', '\ndata: b\r', '\r']));
    expect(events).toEqual([{ data: 'a' }, { data: 'b' }]);
  });

  it('drops an event the stream ends in the middle of', async () => {
    expect(await collect(streamOf(['data: complete\n\ndata: cut off\n']))).toEqual([{ data: 'complete' }]);
    expect(await collect(streamOf(['data: complete\n\ndata: cut']))).toEqual([{ data: 'complete' }]);
  });

  it('throws when one line grows past the limit, even when it arrives in small chunks', async () => {
    const chunks = Array.from({ length: 20 }, () => 'x'.repeat(100));
    const events = parseServerSentEvents(streamOf(['data: ', ...chunks]), undefined, { maxLineLength: 1000 });
    await expect(async () => {
      for await (const event of events) void event;
    }).rejects.toBeInstanceOf(ServerSentEventsLimitError);
  });

  it('throws when one event collects too much data across lines', async () => {
    const body = streamOf([Array.from({ length: 50 }, () => 'data: 0123456789\n').join('')]);
    const events = parseServerSentEvents(body, undefined, { maxEventLength: 200 });
    await expect(async () => {
      for await (const event of events) void event;
    }).rejects.toThrow(/exceeds 200 characters/);
  });

  it('cancels the body and throws the abort reason when the signal aborts', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('data: first\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const controller = new AbortController();
    const seen: string[] = [];
    const reason = new Error('caller went away');
    await expect(async () => {
      for await (const event of parseServerSentEvents(body, controller.signal)) {
        seen.push(event.data);
        controller.abort(reason);
      }
    }).rejects.toBe(reason);
    expect(seen).toEqual(['first']);
    expect(cancelled).toBe(true);
  });

  it('cancels the body when the consumer stops early', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('data: 1\n\ndata: 2\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const event of parseServerSentEvents(body)) {
      expect(event.data).toBe('1');
      break;
    }
    expect(cancelled).toBe(true);
  });
});

describe('encodeServerSentEvent', () => {
  it('writes one data line per line of data and ends with a blank line', () => {
    expect(encodeServerSentEvent({ data: '{"a":1}' })).toBe('data: {"a":1}\n\n');
    expect(encodeServerSentEvent({ event: 'message_stop', data: 'a\nb\r\nc' })).toBe(
      'event: message_stop\ndata: a\ndata: b\ndata: c\n\n',
    );
  });

  it('round-trips through the parser', async () => {
    const events: ServerSentEvent[] = [{ event: 'x', data: 'one\ntwo' }, { data: '' }, { data: ' leading space' }];
    const wire = events.map(encodeServerSentEvent).join('');
    expect(await collect(streamOf([wire]))).toEqual(events);
  });

  it('refuses line breaks in the event name', () => {
    expect(() => encodeServerSentEvent({ event: 'a\ndata: forged', data: 'x' })).toThrow(TypeError);
  });
});
