/**
 * The plumbing the cloud stand-ins share: a node:http server on 127.0.0.1 that records every
 * request (parsed body and headers) before a handler answers it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The parsed JSON body, or undefined when there was none or it was not JSON. */
  body: unknown;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** 0 or absent picks a free port. */
  port?: number;
}

export type Handler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export async function startTestServer({ port = 0 }: TestServerOptions, handle: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, response) => {
    readRequest(incoming)
      .then(async (request) => {
        requests.push(request);
        await handle(request, response);
      })
      .catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, { error: { message: String(error), type: 'server_error', param: null, code: null } });
        else response.destroy();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: boundPort } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${boundPort}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readRequest(incoming: IncomingMessage): Promise<RecordedRequest> {
  const parts: Buffer[] = [];
  for await (const part of incoming) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString('utf8');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { method: incoming.method ?? 'GET', path: new URL(incoming.url ?? '/', 'http://localhost').pathname, headers, body };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

export function startEventStream(response: ServerResponse, headers: Record<string, string> = {}): void {
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', ...headers });
  response.flushHeaders();
}

/** Writes a piece of an event stream and resolves once it is handed to the socket. */
export function writeAndWait(response: ServerResponse, text: string): Promise<void> {
  return new Promise((resolve) => response.write(text, () => resolve()));
}

/** Waits `milliseconds`, or resolves false at once if the client goes away first. */
export function waitUnlessClosed(response: ServerResponse, milliseconds: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      response.off('close', onClose);
      resolve(true);
    }, milliseconds);
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    response.once('close', onClose);
  });
}

/** Cuts the connection after what was written has reached the socket, like a crashed upstream. */
export async function cutConnection(response: ServerResponse): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 20));
  response.socket?.destroy();
}

/** Word counts stand in for token counts: deterministic and easy to check by eye. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** `echo: a b c` in pieces that concatenate back to the text: `echo:`, ` a`, ` b`, ` c`. */
export function splitWords(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
