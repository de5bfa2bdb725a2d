/**
 * `switchyard models <list | pull | verify>`: what the catalog offers, downloading a model into
 * the runtime's models folder, and checking installed folders the way the runtime does at start.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { NodeRuntimeSettings } from '../../shared/config/schema.ts';
import { loadConfigFile } from '../config/load.ts';
import { BUILTIN_MODELS_DIR } from '../models/builtin-models.ts';
import { ModelDtype } from '../models/manifest.ts';
import { formatBytes, createProgressReporter } from '../models/progress-bar.ts';
import { PullError, pullModel } from '../models/pull.ts';
import { loadCatalog, scanModelsDir, verifyModelFolder, type VerifyOutcome } from '../models/registry.ts';

export const MODELS_USAGE = `Usage: switchyard models <command>

Commands:
  list                      Models in the catalog (models/manifests) and what is installed.
  pull <id> [--dtype D]     Download a model from the Hugging Face hub into the models folder
                            (resumable, sha256-verified). D: a variant in its manifest, e.g. q4f16.
  verify [<id>]             Check installed files against their manifests, as the runtime does at start.

Options:
  --models-dir DIR          Models folder (default: SWITCHYARD_MODELS_DIR, else nodeRuntime.modelsDir, else ./models/local).

Environment:
  HF_ENDPOINT               Hub base URL (default https://huggingface.co), e.g. a mirror.
  HF_TOKEN                  Access token for gated models; sent to the hub only.
`;

export interface ModelsCommandIo {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Draw the progress bar in place (a terminal). */
  interactive: boolean;
  fetch?: typeof fetch;
}

function modelsDirFrom(flag: string | undefined, io: ModelsCommandIo): string {
  if (flag) return resolve(io.cwd, flag);
  if (io.env.SWITCHYARD_MODELS_DIR) return resolve(io.cwd, io.env.SWITCHYARD_MODELS_DIR);
  const loaded = loadConfigFile(io.env, io.cwd);
  const settings = loaded.source === 'file' ? loaded.config.nodeRuntime : NodeRuntimeSettings.parse({});
  return resolve(io.cwd, settings.modelsDir);
}

async function scanAll(modelsDir: string, catalog: Awaited<ReturnType<typeof loadCatalog>>): Promise<VerifyOutcome[]> {
  const { verified, rejected } = await scanModelsDir(modelsDir, { catalog });
  return [...verified.map((model) => ({ ok: true as const, ...model })), ...rejected.map((model) => ({ ok: false as const, ...model }))];
}

/**
 * Runs one `models` subcommand and returns the exit code (0 ok, 1 failed, 2 usage).
 *
 * @example
 *   const code = await runModelsCommand(['pull', 'qwen2.5-0.5b-instruct'], { env: process.env, cwd: process.cwd(), stdout, stderr, interactive: true });
 */
export async function runModelsCommand(argv: readonly string[], io: ModelsCommandIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { dtype: { type: 'string' }, 'models-dir': { type: 'string' } },
    });
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n\n${MODELS_USAGE}`);
    return 2;
  }
  const [command, id, ...extra] = parsed.positionals;
  const modelsDir = modelsDirFrom(parsed.values['models-dir'], io);
  const catalog = await loadCatalog();

  if (command === 'list' && id === undefined) {
    const { verified, rejected } = await scanModelsDir(modelsDir, { catalog });
    const builtin = await scanModelsDir(BUILTIN_MODELS_DIR, { catalog });
    io.stdout(`Catalog (models/manifests), models folder ${modelsDir}:\n`);
    const ids = [...catalog.keys(), ...verified.map((model) => model.id)];
    const idWidth = Math.max(...ids.map((id) => id.length)) + 1;
    const taskWidth = Math.max(...[...catalog.values(), ...verified.map((model) => model.manifest)].map((manifest) => manifest.task.length)) + 1;
    for (const manifest of catalog.values()) {
      const installed = verified.find((model) => model.id === manifest.id);
      const refused = rejected.find((model) => model.id === manifest.id);
      const built = builtin.verified.some((model) => model.id === manifest.id);
      const notInstalled = manifest.source.type === 'huggingface' ? 'not installed' : 'not built (npm run models:build)';
      const state = installed ? `installed (${installed.manifest.dtype}, verified)` : refused ? `REFUSED: ${refused.code}` : built ? 'built in (verified)' : notInstalled;
      const source = manifest.source.type === 'huggingface' ? `${manifest.source.repo}@${manifest.source.revision}` : `${manifest.source.type}: ${manifest.source.builder}`;
      io.stdout(`  ${manifest.id.padEnd(idWidth)} ${manifest.task.padEnd(taskWidth)} ${state.padEnd(34)} ${source}\n`);
    }
    for (const model of verified.filter((candidate) => !catalog.has(candidate.id))) {
      io.stdout(`  ${model.id.padEnd(idWidth)} ${model.manifest.task.padEnd(taskWidth)} installed (${model.manifest.dtype}, verified, not in the catalog)\n`);
    }
    return 0;
  }

  if (command === 'pull' && id !== undefined && extra.length === 0) {
    const manifest = catalog.get(id);
    if (!manifest) {
      io.stderr(`Unknown model "${id}". Known: ${[...catalog.keys()].join(', ')}. "switchyard models list" shows them.\n`);
      return 1;
    }
    const dtypeFlag = parsed.values.dtype;
    const dtype = dtypeFlag === undefined ? undefined : ModelDtype.safeParse(dtypeFlag);
    if (dtype && !dtype.success) {
      io.stderr(`--dtype must be one of ${ModelDtype.options.join(', ')}.\n`);
      return 2;
    }
    const reporter = createProgressReporter({ write: io.stderr, interactive: io.interactive });
    io.stdout(`Pulling ${id} into ${modelsDir}/${id}\n`);
    try {
      const result = await pullModel({
        manifest,
        modelsDir,
        ...(dtype?.success ? { dtype: dtype.data } : {}),
        ...(io.env.HF_ENDPOINT ? { endpoint: io.env.HF_ENDPOINT } : {}),
        ...(io.env.HF_TOKEN ? { token: io.env.HF_TOKEN } : {}),
        ...(io.fetch ? { fetch: io.fetch } : {}),
        onProgress: reporter.onProgress,
      });
      reporter.finish();
      const total = result.files.reduce((sum, file) => sum + file.size, 0);
      io.stdout(
        `Installed ${id}: ${result.files.length} files, ${formatBytes(total)} (${formatBytes(result.downloadedBytes)} downloaded now), every sha256 verified` +
          `${result.commit ? `, commit ${result.commit}` : ''}.\nRestart the node runtime to load it.\n`,
      );
      return 0;
    } catch (error) {
      reporter.finish();
      if (error instanceof PullError) {
        io.stderr(`models pull ${id} failed: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  }

  if (command === 'verify' && extra.length === 0) {
    const scanned = id !== undefined ? [await verifyModelFolder(resolve(modelsDir, id), { catalog })] : await scanAll(modelsDir, catalog);
    if (scanned.length === 0) io.stdout(`No models in ${modelsDir}.\n`);
    for (const outcome of scanned) {
      if (outcome.ok) io.stdout(`ok      ${outcome.id} (${outcome.manifest.files.length} files, ${Math.round(outcome.verifyMs)} ms)\n`);
      else io.stdout(`REFUSED ${outcome.id}: ${outcome.reason}\n`);
    }
    return scanned.every((outcome) => outcome.ok) ? 0 : 1;
  }

  io.stderr(`${command === undefined ? 'Missing models command.' : `Unknown or incomplete models command "${argv.join(' ')}".`}\n\n${MODELS_USAGE}`);
  return 2;
}
