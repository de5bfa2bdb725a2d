/**
 * The model registry: which models are installed, and whether their files are exactly the ones
 * their manifest names. Only verified folders are handed to a loader; everything else is reported
 * (in /readyz, `models list`) with what to do about it.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { sha256File } from './file-hash.ts';
import { CatalogManifest, INSTALLED_MANIFEST_FILE, InstalledManifest, describeIssues } from './manifest.ts';

/** models/manifests in this checkout. */
export const DEFAULT_CATALOG_DIR = fileURLToPath(new URL('../../models/manifests/', import.meta.url));

export type RejectionCode =
  | 'manifest_missing'
  | 'manifest_invalid'
  | 'id_mismatch'
  | 'catalog_mismatch'
  | 'file_missing'
  | 'size_mismatch'
  | 'sha256_mismatch';

export interface VerifiedModel {
  id: string;
  /** Absolute folder. */
  dir: string;
  manifest: InstalledManifest;
  verifyMs: number;
}

export interface RejectedModel {
  id: string;
  dir: string;
  code: RejectionCode;
  /** What is wrong and what to do, one paragraph. */
  reason: string;
}

export type VerifyOutcome = ({ ok: true } & VerifiedModel) | ({ ok: false } & RejectedModel);

export interface VerifyOptions {
  /** Pinned catalog manifests by id; an installed file must match a pinned hash. */
  catalog?: ReadonlyMap<string, CatalogManifest>;
}

/** Reads every `*.json` in the catalog folder; a missing folder is an empty catalog. */
export async function loadCatalog(dir: string = DEFAULT_CATALOG_DIR): Promise<Map<string, CatalogManifest>> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  } catch {
    return new Map();
  }
  const catalog = new Map<string, CatalogManifest>();
  for (const name of names) {
    const parsed = CatalogManifest.safeParse(JSON.parse(await readFile(join(dir, name), 'utf8')));
    if (!parsed.success) throw new Error(`${join(dir, name)} is not a valid model manifest: ${describeIssues(parsed.error)}`);
    if (`${parsed.data.id}.json` !== name) throw new Error(`${join(dir, name)} declares id "${parsed.data.id}"; the file must be named after it`);
    catalog.set(parsed.data.id, parsed.data);
  }
  return catalog;
}

function pullHint(id: string, catalog: ReadonlyMap<string, CatalogManifest> | undefined): string {
  const entry = catalog?.get(id);
  if (entry?.source.type === 'huggingface') return `Re-install it with "npx switchyard models pull ${id}".`;
  if (entry) return `Rebuild it with "npm run models:build".`;
  return 'Re-install the model (the files and the manifest must come from the same install).';
}

/**
 * Checks one model folder against its switchyard-manifest.json: every listed file exists with the
 * listed size and sha256, and agrees with the catalog where the catalog pins a hash.
 */
export async function verifyModelFolder(dir: string, { catalog }: VerifyOptions = {}): Promise<VerifyOutcome> {
  const absolute = resolve(dir);
  const id = absolute.split(/[\\/]/).at(-1) ?? absolute;
  const started = performance.now();
  const reject = (code: RejectionCode, reason: string): VerifyOutcome => ({ ok: false, id, dir: absolute, code, reason });

  let raw: string;
  try {
    raw = await readFile(join(absolute, INSTALLED_MANIFEST_FILE), 'utf8');
  } catch {
    const known = catalog?.has(id) ? `npx switchyard models pull ${id}` : 'npx switchyard models pull <id>';
    return reject(
      'manifest_missing',
      `${absolute} has no ${INSTALLED_MANIFEST_FILE}, so its files cannot be verified and it is not loaded. ` +
        `Install models with "${known}" (it writes the manifest), or run "npm run models:build" for the test fixtures.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return reject('manifest_invalid', `${join(absolute, INSTALLED_MANIFEST_FILE)} is not JSON (${error instanceof Error ? error.message : String(error)}). ${pullHint(id, catalog)}`);
  }
  const parsed = InstalledManifest.safeParse(json);
  if (!parsed.success) {
    return reject('manifest_invalid', `${join(absolute, INSTALLED_MANIFEST_FILE)} is not a valid manifest: ${describeIssues(parsed.error)}. ${pullHint(id, catalog)}`);
  }
  const manifest = parsed.data;
  if (manifest.id !== id) {
    return reject('id_mismatch', `${absolute} holds the manifest of "${manifest.id}"; the folder must be named after the model id. Rename the folder to "${manifest.id}".`);
  }

  const pinned = catalog?.get(id);
  if (pinned) {
    if (pinned.task !== manifest.task) {
      return reject('catalog_mismatch', `${absolute} says task "${manifest.task}" but the catalog (models/manifests/${id}.json) says "${pinned.task}". ${pullHint(id, catalog)}`);
    }
    const pinnedFiles = new Map([...pinned.files, ...Object.values(pinned.variants).flat()].map((file) => [file.path, file]));
    for (const file of manifest.files) {
      const expected = pinnedFiles.get(file.path)?.sha256;
      if (expected !== undefined && expected !== file.sha256) {
        return reject(
          'catalog_mismatch',
          `${file.path} in ${absolute} is listed with sha256 ${file.sha256}, but the catalog (models/manifests/${id}.json) pins ${expected}. ${pullHint(id, catalog)}`,
        );
      }
    }
  }

  for (const file of manifest.files) {
    const path = join(absolute, file.path);
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch {
      return reject('file_missing', `${path} is missing (the manifest lists it). ${pullHint(id, catalog)}`);
    }
    if (size !== file.size) {
      return reject('size_mismatch', `${path} is ${size} bytes; the manifest expects ${file.size}. The file is incomplete or was changed. ${pullHint(id, catalog)}`);
    }
    const actual = await sha256File(path);
    if (actual !== file.sha256) {
      return reject(
        'sha256_mismatch',
        `${path} has sha256 ${actual}; the manifest expects ${file.sha256}. The file is corrupt or was changed, so the model is refused. ${pullHint(id, catalog)}`,
      );
    }
  }
  return { ok: true, id, dir: absolute, manifest, verifyMs: performance.now() - started };
}

export interface ScanResult {
  verified: VerifiedModel[];
  rejected: RejectedModel[];
}

/**
 * Verifies every sub-folder of `modelsDir` (hidden folders and files are skipped). A missing
 * folder means no models, not an error.
 *
 * @example
 *   const { verified, rejected } = await scanModelsDir('./models/local', { catalog: await loadCatalog() });
 */
export async function scanModelsDir(modelsDir: string, options: VerifyOptions = {}): Promise<ScanResult> {
  let entries;
  try {
    entries = await readdir(modelsDir, { withFileTypes: true });
  } catch {
    return { verified: [], rejected: [] };
  }
  const folders = entries
    .filter((entry) => (entry.isDirectory() || entry.isSymbolicLink()) && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  const result: ScanResult = { verified: [], rejected: [] };
  for (const folder of folders) {
    const outcome = await verifyModelFolder(join(modelsDir, folder), options);
    if (outcome.ok) {
      const { ok: _ok, ...verified } = outcome;
      result.verified.push(verified);
    } else {
      const { ok: _ok, ...rejected } = outcome;
      result.rejected.push(rejected);
    }
  }
  return result;
}
