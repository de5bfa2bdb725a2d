/**
 * `switchyard models pull <id>`: downloads a catalog model's files from the Hugging Face hub into
 * `<modelsDir>/<id>/`, resumable (a `.partial` file continues with a Range request, after a
 * dropped connection or on the next run), verified (size and sha256 against the catalog pin, or
 * against the hub's own sha256 for unpinned LFS files), then writes switchyard-manifest.json so
 * the runtime can verify the folder before every load.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

import type { FetchFunction } from '../../shared/spec/model-runner.ts';
import { sha256File } from './file-hash.ts';
import {
  DEFAULT_HUB_ENDPOINT,
  PullError,
  authorization,
  fetchFileMetadata,
  httpError,
  hubUnreachableError,
  isNetworkError,
  networkErrorCode,
  resolveUrl,
  type HubLocation,
} from './hub-client.ts';
import { catalogFilesFor, INSTALLED_MANIFEST_FILE, InstalledManifest, type CatalogFile, type CatalogManifest, type InstalledFile, type ModelDtype } from './manifest.ts';
import type { PullProgress } from './progress-bar.ts';

export { PullError } from './hub-client.ts';

export interface PullOptions {
  manifest: CatalogManifest;
  /** Weights variant; default the manifest's defaultDtype. */
  dtype?: ModelDtype;
  modelsDir: string;
  /** Default HF_ENDPOINT semantics: https://huggingface.co. */
  endpoint?: string;
  /** Hub access token for gated repos (HF_TOKEN); sent only to the hub, never logged. */
  token?: string;
  fetch?: FetchFunction;
  onProgress?: (progress: PullProgress) => void;
  /** Resume attempts per file after a dropped connection. Default 3. */
  retries?: number;
  /** Pause before resuming, times the attempt number, ms. Default 1000. */
  retryDelayMs?: number;
  /** Longest wait for response headers or for the next bytes of a body, ms. Default 15000. */
  timeoutMs?: number;
  now?: () => number;
}

export interface PullResult {
  dir: string;
  files: InstalledFile[];
  /** Bytes actually transferred in this run. */
  downloadedBytes: number;
  /** Files already present and verified. */
  skipped: string[];
  /** The commit the files came from, when the hub said. */
  commit: string | undefined;
}

interface Planned {
  catalog: CatalogFile;
  size: number | undefined;
  sha256: string | undefined;
  /** Where the expected hash comes from, for error messages. */
  pinnedBy: 'catalog' | 'hub' | undefined;
}

/** Bytes/s over the last few seconds of samples. */
class SpeedMeter {
  readonly #samples: { time: number; bytes: number }[] = [];
  constructor(private readonly now: () => number) {}
  add(bytes: number): void {
    const time = this.now();
    this.#samples.push({ time, bytes });
    while (this.#samples.length > 2 && (this.#samples[0]?.time ?? time) < time - 5000) this.#samples.shift();
  }
  get bytesPerSecond(): number {
    const first = this.#samples[0];
    const last = this.#samples.at(-1);
    if (!first || !last || last.time === first.time) return 0;
    const bytes = this.#samples.slice(1).reduce((sum, sample) => sum + sample.bytes, 0);
    return (bytes * 1000) / (last.time - first.time);
  }
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

async function readInstalled(dir: string): Promise<InstalledManifest | undefined> {
  try {
    const parsed = InstalledManifest.safeParse(JSON.parse(await readFile(join(dir, INSTALLED_MANIFEST_FILE), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Downloads and verifies every file of the model's variant, then writes the installed manifest.
 * Rejects with a PullError (offline, unauthorized, not found, interrupted, mismatch).
 *
 * @example
 *   await pullModel({ manifest, modelsDir: './models/local', onProgress: reporter.onProgress });
 */
export async function pullModel(options: PullOptions): Promise<PullResult> {
  const { manifest, modelsDir, fetch = globalThis.fetch, onProgress, retries = 3, retryDelayMs = 1000, timeoutMs = 15_000, now = Date.now } = options;
  if (manifest.source.type !== 'huggingface') {
    const how = manifest.source.type === 'fixture' || manifest.source.type === 'npm' ? 'run "npm run models:build"' : 'see its manifest';
    throw new PullError('not_pullable', `"${manifest.id}" is not on the hub (source: ${manifest.source.type}); ${how} instead.`);
  }
  const dtype = options.dtype ?? manifest.defaultDtype;
  const location: HubLocation = {
    endpoint: options.endpoint ?? DEFAULT_HUB_ENDPOINT,
    repo: manifest.source.repo,
    revision: manifest.source.revision,
    ...(options.token ? { token: options.token } : {}),
  };
  const files = catalogFilesFor(manifest, dtype);
  const dir = join(modelsDir, manifest.id);
  await mkdir(dir, { recursive: true });
  const previous = await readInstalled(dir);

  // Metadata first: an offline machine or a gated repo fails before anything is written.
  let commit: string | undefined;
  const planned: Planned[] = [];
  for (const file of files) {
    let metadata;
    try {
      metadata = await fetchFileMetadata(location, file.path, { fetch, timeoutMs });
    } catch (error) {
      if (error instanceof PullError) throw error;
      // Any failure to get an answer at all (DNS, refused, timeout, a blocked port) means the hub is out of reach.
      throw hubUnreachableError(location.endpoint, manifest.id, modelsDir, error);
    }
    commit ??= metadata.commit;
    const sha256 = file.sha256 ?? metadata.sha256;
    planned.push({ catalog: file, size: file.size ?? metadata.size, sha256, pinnedBy: file.sha256 ? 'catalog' : metadata.sha256 ? 'hub' : undefined });
  }
  const totalBytes = planned.every((file) => file.size !== undefined) ? planned.reduce((sum, file) => sum + (file.size ?? 0), 0) : undefined;
  const speed = new SpeedMeter(now);
  let doneBytes = 0;
  let downloadedBytes = 0;
  const report = (file: string, fileIndex: number, phase: PullProgress['phase']) =>
    onProgress?.({ file, fileIndex, fileCount: planned.length, doneBytes, totalBytes, bytesPerSecond: speed.bytesPerSecond, phase });

  const installed: InstalledFile[] = [];
  const skipped: string[] = [];
  for (const [fileIndex, file] of planned.entries()) {
    const target = join(dir, file.catalog.path);
    await mkdir(dirname(target), { recursive: true });
    const present = await sizeOf(target);
    const known = file.sha256 ?? previous?.files.find((entry) => entry.path === file.catalog.path)?.sha256;
    if (present !== undefined && known !== undefined && (file.size === undefined || present === file.size) && (await sha256File(target)) === known) {
      doneBytes += present;
      skipped.push(file.catalog.path);
      installed.push({ path: file.catalog.path, size: present, sha256: known });
      report(file.catalog.path, fileIndex, 'skip');
      continue;
    }
    const result = await downloadFile({
      location,
      file,
      target,
      fetch,
      timeoutMs,
      retries,
      retryDelayMs,
      onBytes: (bytes) => {
        doneBytes += bytes;
        downloadedBytes += bytes;
        speed.add(bytes);
        report(file.catalog.path, fileIndex, 'download');
      },
      onAdjust: (bytes) => {
        doneBytes += bytes;
        if (bytes > 0) report(file.catalog.path, fileIndex, 'resume');
      },
      modelId: manifest.id,
    });
    installed.push(result);
    report(file.catalog.path, fileIndex, 'file-done');
  }

  const { files: _files, variants: _variants, defaultDtype: _defaultDtype, $schema: _schema, source, ...metadata } = manifest;
  const record = InstalledManifest.parse({ ...metadata, source: { ...source, revision: commit ?? source.revision }, dtype, files: installed });
  const manifestPath = join(dir, INSTALLED_MANIFEST_FILE);
  await writeFile(`${manifestPath}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  await rename(`${manifestPath}.tmp`, manifestPath);
  return { dir, files: installed, downloadedBytes, skipped, commit };
}

interface DownloadFileOptions {
  location: HubLocation;
  file: Planned;
  target: string;
  fetch: FetchFunction;
  timeoutMs: number;
  retries: number;
  retryDelayMs: number;
  /** Bytes received from the network. */
  onBytes: (bytes: number) => void;
  /** Bytes already on disk that count as done (negative when a partial file is discarded). */
  onAdjust: (bytes: number) => void;
  modelId: string;
}

/** Downloads one file into `<target>.partial` (continuing what is there), verifies it, renames it into place. */
async function downloadFile(options: DownloadFileOptions): Promise<InstalledFile> {
  const { location, file, target, fetch, timeoutMs, retries, retryDelayMs, onBytes, onAdjust } = options;
  const partial = `${target}.partial`;
  const path = file.catalog.path;
  let counted = 0;
  const count = (bytes: number) => {
    counted += bytes;
    onBytes(bytes);
  };
  const adjustTo = (bytes: number) => {
    if (bytes !== counted) onAdjust(bytes - counted);
    counted = bytes;
  };

  for (let attempt = 0; ; attempt++) {
    let offset = (await sizeOf(partial)) ?? 0;
    if (file.size !== undefined && offset > file.size) {
      await rm(partial, { force: true });
      offset = 0;
    }
    adjustTo(offset);
    if (file.size !== undefined && offset === file.size) return verifyAndInstall(options, partial);

    const controller = new AbortController();
    const stalled = () => controller.abort(new PullTransferStall(timeoutMs));
    let timer = setTimeout(stalled, timeoutMs);
    try {
      const response = await fetch(resolveUrl(location, path), {
        headers: { ...authorization(location), ...(offset > 0 ? { range: `bytes=${offset}-` } : {}) },
        signal: controller.signal,
      });
      if (response.status === 416 && offset > 0) return await verifyAndInstall(options, partial);
      if (!response.ok) throw httpError(response, `file ${path}`, location);
      const resumes = offset > 0 && response.status === 206 && (response.headers.get('content-range') ?? '').startsWith(`bytes ${offset}-`);
      if (!resumes) adjustTo(0);
      if (!response.body) throw new PullError('http_error', `The hub sent no body for ${path}.`);
      const body = Readable.fromWeb(response.body as unknown as NodeReadableStream<Uint8Array>);
      body.on('data', (chunk: Buffer) => {
        // A connection that goes quiet is as good as dropped: abort and resume.
        clearTimeout(timer);
        timer = setTimeout(stalled, timeoutMs);
        count(chunk.byteLength);
      });
      await pipeline(body, createWriteStream(partial, { flags: resumes ? 'a' : 'w' }));
      return await verifyAndInstall(options, partial);
    } catch (error) {
      if (error instanceof PullError) throw error;
      if (!isNetworkError(error) && !isTransferError(error)) throw error;
      if (attempt >= retries) {
        const have = (await sizeOf(partial)) ?? 0;
        throw new PullError(
          'interrupted',
          `The download of ${path} stopped at ${have}${file.size !== undefined ? ` of ${file.size}` : ''} bytes ` +
            `(${networkErrorCode(error) ?? (error instanceof Error ? error.message : 'connection lost')}) after ${retries + 1} tries. ` +
            'The partial file is kept: run the same command again to resume.',
          { cause: error },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs * (attempt + 1)));
    } finally {
      clearTimeout(timer);
    }
  }
}

class PullTransferStall extends Error {
  constructor(timeoutMs: number) {
    super(`no data for ${timeoutMs} ms`);
    this.name = 'PullTransferStall';
  }
}

/** A body that ended early or stalled: resumable. */
function isTransferError(error: unknown): boolean {
  if (error instanceof PullTransferStall) return true;
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    if (current instanceof PullTransferStall) return true;
    if (/terminated|other side closed|premature close|socket|aborted/i.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

async function verifyAndInstall({ file, target, location, modelId }: DownloadFileOptions, partial: string): Promise<InstalledFile> {
  const path = file.catalog.path;
  const size = (await sizeOf(partial)) ?? 0;
  const source = file.pinnedBy === 'catalog' ? `models/manifests/${modelId}.json` : 'the hub';
  if (file.size !== undefined && size !== file.size) {
    await rm(partial, { force: true });
    throw new PullError('size_mismatch', `${path} is ${size} bytes, ${source} says ${file.size}. The partial download was deleted; run the command again.`);
  }
  const sha256 = await sha256File(partial);
  if (file.sha256 !== undefined && sha256 !== file.sha256) {
    await rm(partial, { force: true });
    throw new PullError(
      'sha256_mismatch',
      `${path} from ${location.repo} has sha256 ${sha256}, but ${source} expects ${file.sha256}. ` +
        'The download was deleted and nothing was installed. Run the command again; if it fails the same way, the file on the hub changed: check the revision in the manifest.',
    );
  }
  await rename(partial, target);
  return { path, size, sha256 };
}
