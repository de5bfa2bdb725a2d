/**
 * A local stand-in for the Hugging Face hub's file endpoints, for testing `models pull`:
 *   HEAD|GET /<owner>/<repo>/resolve/<revision>/<path>
 * Like the hub, large ("LFS") files answer with a 302 to a CDN URL plus X-Linked-Etag (their
 * sha256) and X-Linked-Size; small files are served directly. Every response carries
 * X-Repo-Commit. Byte ranges are honoured (206 + Content-Range).
 *
 * Faults, per file path: `interruptAfterBytes` cuts the connection after that many body bytes
 * (the first `interruptions` times, default 1); `corrupt` serves bytes that do not match the
 * advertised sha256; `requireToken` answers 401 without `Authorization: Bearer <token>`.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import { sendJson, startTestServer, type RecordedRequest, type TestServer, type TestServerOptions } from './test-server.ts';

export interface HubFile {
  bytes: Uint8Array;
  /** Served through the CDN redirect with X-Linked-Etag, like files in Git LFS. */
  lfs?: boolean;
}

export interface HubFaults {
  interruptAfterBytes?: Record<string, number>;
  /** How many requests of an interrupted file are cut before it is served whole. Default 1. */
  interruptions?: number;
  corrupt?: ReadonlySet<string>;
  requireToken?: string;
}

export interface HubServerOptions extends TestServerOptions {
  repo: string;
  /** The commit every revision resolves to. */
  commit: string;
  /** By path inside the repo. */
  files: Record<string, HubFile>;
  faults?: HubFaults;
}

export interface HubServer extends TestServer {
  /** Bodies served (200/206, after any redirect), as the file path plus the Range header asked for. */
  downloads(): { path: string; range: string | undefined }[];
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d+)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const start = Number(match[1]);
  const end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

/** Starts the stand-in on 127.0.0.1 (a free port unless `port` is given). */
export async function startHubServer({ repo, commit, files, faults = {}, ...serverOptions }: HubServerOptions): Promise<HubServer> {
  const cuts = new Map<string, number>();
  const served: { path: string; range: string | undefined }[] = [];
  const bySha = new Map(Object.entries(files).map(([path, file]) => [sha256Hex(file.bytes), path]));
  const resolvePrefix = `/${repo}/resolve/`;

  function servedBytes(path: string, file: HubFile): Uint8Array {
    if (!faults.corrupt?.has(path)) return file.bytes;
    const copy = new Uint8Array(file.bytes);
    copy[Math.floor(copy.length / 2)] = (copy[Math.floor(copy.length / 2)] ?? 0) ^ 0xff;
    return copy;
  }

  function serveBody(request: RecordedRequest, response: ServerResponse, path: string, file: HubFile, extraHeaders: Record<string, string>): void {
    const bytes = servedBytes(path, file);
    const range = parseRange(request.headers.range, bytes.length);
    const headers: Record<string, string> = { 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream', ...extraHeaders };
    if (range === 'unsatisfiable') {
      response.writeHead(416, { ...headers, 'content-range': `bytes */${bytes.length}` });
      response.end();
      return;
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? bytes.length - 1;
    const body = bytes.subarray(start, end + 1);
    response.writeHead(range ? 206 : 200, {
      ...headers,
      'content-length': String(body.length),
      ...(range ? { 'content-range': `bytes ${start}-${end}/${bytes.length}` } : {}),
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    served.push({ path, range: request.headers.range });
    const cutAfter = faults.interruptAfterBytes?.[path];
    const cutSoFar = cuts.get(path) ?? 0;
    if (cutAfter !== undefined && cutSoFar < (faults.interruptions ?? 1) && cutAfter < body.length) {
      cuts.set(path, cutSoFar + 1);
      // Like a dropped connection: part of the body, then the socket goes away.
      response.write(body.subarray(0, cutAfter), () => setTimeout(() => response.socket?.destroy(), 10));
      return;
    }
    response.end(body);
  }

  const server = await startTestServer(serverOptions, (request, response) => {
    if (request.path.startsWith('/cdn/')) {
      const path = bySha.get(request.path.slice('/cdn/'.length));
      const file = path === undefined ? undefined : files[path];
      if (path === undefined || !file) return sendJson(response, 404, { error: 'Entry not found' });
      return serveBody(request, response, path, file, {});
    }
    if (!request.path.startsWith(resolvePrefix)) return sendJson(response, 404, { error: 'Repository not found' }, { 'x-error-code': 'RepoNotFound' });
    if (faults.requireToken && request.headers.authorization !== `Bearer ${faults.requireToken}`) {
      return sendJson(response, 401, { error: 'Invalid credentials in Authorization header' }, { 'x-error-code': 'GatedRepo' });
    }
    const rest = decodeURIComponent(request.path.slice(resolvePrefix.length));
    const slash = rest.indexOf('/');
    const path = rest.slice(slash + 1);
    const file = files[path];
    if (slash < 0 || !file) return sendJson(response, 404, { error: 'Entry not found' }, { 'x-error-code': 'EntryNotFound' });
    const common = { 'x-repo-commit': commit, etag: `"${sha256Hex(file.bytes).slice(0, 40)}"` };
    if (file.lfs) {
      response.writeHead(302, {
        ...common,
        location: `/cdn/${sha256Hex(file.bytes)}`,
        'x-linked-etag': `"${sha256Hex(file.bytes)}"`,
        'x-linked-size': String(file.bytes.length),
        'content-length': '0',
      });
      response.end();
      return;
    }
    serveBody(request, response, path, file, common);
  });

  return {
    ...server,
    downloads: () => [...served],
  };
}
