/**
 * The few Hugging Face hub calls `models pull` makes: file metadata (HEAD on the resolve URL,
 * without following the CDN redirect, as huggingface_hub does) and ranged downloads. Errors are
 * PullErrors that say what happened and what to do, with an explicit offline case.
 */
import type { FetchFunction } from '../../shared/spec/model-runner.ts';

export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';

export type PullErrorCode =
  | 'hub_unreachable'
  | 'unauthorized'
  | 'not_found'
  | 'http_error'
  | 'interrupted'
  | 'size_mismatch'
  | 'sha256_mismatch'
  | 'not_pullable';

export class PullError extends Error {
  constructor(
    readonly code: PullErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PullError';
  }
}

export interface HubLocation {
  endpoint: string;
  repo: string;
  revision: string;
  token?: string;
}

export interface HubFileMetadata {
  /** Size in bytes, when the hub says. */
  size: number | undefined;
  /** sha256 the hub reports for LFS files (X-Linked-Etag); undefined for small git files. */
  sha256: string | undefined;
  /** The commit the revision resolved to. */
  commit: string | undefined;
}

const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** The system error code behind a failed fetch (`fetch failed` wraps it in `cause`). */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if ((current as { name?: unknown }).name === 'TimeoutError') return 'ETIMEDOUT';
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function innermostMessage(error: unknown): string {
  let current: unknown = error;
  let message = 'network error';
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    message = current.message;
    current = current.cause;
  }
  return message;
}

export function isNetworkError(error: unknown): boolean {
  const code = networkErrorCode(error);
  return code !== undefined && NETWORK_CODES.has(code);
}

/** The clear "you are offline" error, with the two ways forward. */
export function hubUnreachableError(endpoint: string, modelId: string, modelsDir: string, cause: unknown): PullError {
  const code = networkErrorCode(cause) ?? innermostMessage(cause);
  return new PullError(
    'hub_unreachable',
    `Cannot reach the model hub at ${endpoint} (${code}); this machine appears to be offline. ` +
      `"models pull" needs network access once, at setup. Either run it on a machine that has access and copy ` +
      `${modelsDir}/${modelId} here (the runtime verifies every file's sha256 before loading), or set HF_ENDPOINT to a reachable mirror.`,
    { cause },
  );
}

export function resolveUrl({ endpoint, repo, revision }: HubLocation, path: string): string {
  const encodedPath = path.split('/').map(encodeURIComponent).join('/');
  return `${endpoint.replace(/\/+$/, '')}/${repo}/resolve/${encodeURIComponent(revision)}/${encodedPath}`;
}

export function authorization(location: HubLocation): Record<string, string> {
  return location.token ? { authorization: `Bearer ${location.token}` } : {};
}

/** A non-2xx answer as a PullError. */
export function httpError(response: Response, what: string, location: HubLocation): PullError {
  if (response.status === 401 || response.status === 403) {
    return new PullError(
      'unauthorized',
      `The hub refused ${what} (HTTP ${response.status}): ${location.repo} may be gated or private. Accept its license on the hub and set HF_TOKEN to an access token.`,
    );
  }
  if (response.status === 404) {
    return new PullError('not_found', `The hub has no ${what} at revision "${location.revision}" of ${location.repo} (HTTP 404). Check the manifest's repo, revision and file paths.`);
  }
  return new PullError('http_error', `The hub answered HTTP ${response.status} for ${what}. Retry later; the download resumes where it stopped.`);
}

function unquote(value: string | null): string | undefined {
  return value ? value.replace(/^W\//, '').replace(/^"|"$/g, '') : undefined;
}

/** HEAD without following the redirect: the hub's own headers carry sha256, size and commit. */
export async function fetchFileMetadata(
  location: HubLocation,
  path: string,
  { fetch, timeoutMs }: { fetch: FetchFunction; timeoutMs: number },
): Promise<HubFileMetadata> {
  const response = await fetch(resolveUrl(location, path), {
    method: 'HEAD',
    redirect: 'manual',
    headers: authorization(location),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (response.status >= 400) throw httpError(response, `file ${path}`, location);
  const linkedEtag = unquote(response.headers.get('x-linked-etag'));
  const sizeHeader = response.headers.get('x-linked-size') ?? (response.status === 200 ? response.headers.get('content-length') : null);
  return {
    size: sizeHeader === null ? undefined : Number(sizeHeader),
    sha256: linkedEtag && /^[a-f0-9]{64}$/.test(linkedEtag) ? linkedEtag : undefined,
    commit: response.headers.get('x-repo-commit') ?? undefined,
  };
}
