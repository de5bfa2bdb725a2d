/**
 * Server-sent events (the `text/event-stream` format from the HTML standard), parsed from and
 * encoded to the wire. Portable: only ReadableStream, TextDecoder and AbortSignal.
 */

export interface ServerSentEvent {
  /** The `event:` field; absent for the default `message` type. */
  event?: string;
  data: string;
  /** The last event id seen on the stream so far (it persists across events, as the standard says). */
  id?: string;
}

export interface ParseServerSentEventsOptions {
  /** Longest line accepted, in characters; a longer one throws `ServerSentEventsLimitError`. Default 1 MiB. */
  maxLineLength?: number;
  /** Most `data` characters one event may collect across its lines. Default 4 MiB. */
  maxEventLength?: number;
}

/** The stream broke a size limit; the upstream is broken or hostile. */
export class ServerSentEventsLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerSentEventsLimitError';
  }
}

const DEFAULT_MAX_LINE_LENGTH = 1024 * 1024;
const DEFAULT_MAX_EVENT_LENGTH = 4 * 1024 * 1024;

/**
 * Parses a `text/event-stream` body into events, whatever the chunk boundaries (CRLF split in
 * two, a multi-byte character split in two, many events in one chunk).
 *
 * Follows the HTML standard: LF, CR and CRLF all end a line; `:` lines are comments; `data`
 * lines join with `\n`; an event is dispatched on a blank line, so an event cut off by the end of
 * the stream is dropped. Aborting `signal` cancels the body and makes the iterator throw the
 * signal's reason. Breaking out of the loop cancels the body too.
 *
 * @example
 * for await (const event of parseServerSentEvents(response.body, signal)) {
 *   if (event.data === '[DONE]') break;
 * }
 */
export async function* parseServerSentEvents(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
  { maxLineLength = DEFAULT_MAX_LINE_LENGTH, maxEventLength = DEFAULT_MAX_EVENT_LENGTH }: ParseServerSentEventsOptions = {},
): AsyncGenerator<ServerSentEvent, void, undefined> {
  signal?.throwIfAborted();
  const reader = body.getReader();
  const cancelOnAbort = () => {
    reader.cancel(signal?.reason).catch(() => {});
  };
  signal?.addEventListener('abort', cancelOnAbort, { once: true });

  const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
  let pending = '';
  // A CR that ended the previous chunk: an LF opening the next chunk belongs to it.
  let skipLeadingLineFeed = false;
  let eventType: string | undefined;
  let data = '';
  let hasData = false;
  let lastEventId: string | undefined;
  let finished = false;

  const takeLine = (line: string): ServerSentEvent | undefined => {
    if (line === '') {
      const dispatched = hasData ? withOptionalFields(data, eventType, lastEventId) : undefined;
      eventType = undefined;
      data = '';
      hasData = false;
      return dispatched;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        eventType = value;
        break;
      case 'data':
        data = hasData ? `${data}\n${value}` : value;
        hasData = true;
        if (data.length > maxEventLength) {
          throw new ServerSentEventsLimitError(`An event's data exceeds ${maxEventLength} characters`);
        }
        break;
      case 'id':
        if (!value.includes('\0')) lastEventId = value;
        break;
      default:
        // `retry` and unknown fields do not affect what we dispatch.
        break;
    }
    return undefined;
  };

  try {
    while (true) {
      let read: ReadableStreamReadResult<Uint8Array>;
      try {
        read = await reader.read();
      } catch (error) {
        signal?.throwIfAborted();
        throw error;
      }
      signal?.throwIfAborted();
      const { done, value } = read;
      if (done) finished = true;
      const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
      // Only `text` is scanned: `pending` never holds a line break, so long lines stay linear.
      if (text !== '') {
        let start = 0;
        if (skipLeadingLineFeed && text.charCodeAt(0) === 10) start = 1;
        skipLeadingLineFeed = false;
        for (let end = nextLineEnd(text, start); end !== -1; end = nextLineEnd(text, start)) {
          const line = pending + text.slice(start, end);
          pending = '';
          if (line.length > maxLineLength) throw lineTooLong(maxLineLength);
          const event = takeLine(line);
          if (event) yield event;
          if (text.charCodeAt(end) === 13 && end + 1 === text.length) skipLeadingLineFeed = true;
          start = text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
        }
        pending += text.slice(start);
        if (pending.length > maxLineLength) throw lineTooLong(maxLineLength);
      }
      // The standard drops a final event that was not closed by a blank line.
      if (finished) return;
    }
  } finally {
    signal?.removeEventListener('abort', cancelOnAbort);
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

function lineTooLong(maxLineLength: number): ServerSentEventsLimitError {
  return new ServerSentEventsLimitError(`An event stream line exceeds ${maxLineLength} characters`);
}

const LINE_BREAK = /[\r\n]/g;

function nextLineEnd(text: string, from: number): number {
  LINE_BREAK.lastIndex = from;
  return LINE_BREAK.exec(text)?.index ?? -1;
}

function withOptionalFields(data: string, event: string | undefined, id: string | undefined): ServerSentEvent {
  const result: ServerSentEvent = { data };
  if (event !== undefined && event !== '') result.event = event;
  if (id !== undefined) result.id = id;
  return result;
}

export interface EncodableServerSentEvent {
  event?: string;
  data: string;
  id?: string;
}

/**
 * One event in wire format, ending with the blank line that dispatches it. Multi-line data
 * becomes several `data:` lines, so the receiver gets the same string back.
 *
 * @example
 * encodeServerSentEvent({ data: JSON.stringify(chunk) }) // 'data: {...}\n\n'
 */
export function encodeServerSentEvent({ event, data, id }: EncodableServerSentEvent): string {
  let encoded = '';
  // A line break in a single-line field would let data forge extra fields.
  if (event !== undefined) encoded += `event: ${singleLine(event, 'event')}\n`;
  if (id !== undefined) encoded += `id: ${singleLine(id, 'id')}\n`;
  for (const line of data.split(/\r\n|\r|\n/)) encoded += `data: ${line}\n`;
  return `${encoded}\n`;
}

function singleLine(value: string, field: string): string {
  if (/[\r\n]/.test(value)) throw new TypeError(`Server-sent event field "${field}" must not contain line breaks`);
  return value;
}
