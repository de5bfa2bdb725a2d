/** `switchyard models list | pull | verify` wired to the catalog, the hub (its local stand-in) and the registry. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startHubServer, type HubServer } from '../../test/servers/hub-server.ts';
import { runModelsCommand } from './models-command.ts';

let hub: HubServer;
let modelsDir: string;

const bytes = (text: string) => new TextEncoder().encode(text);

async function run(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runModelsCommand(args, {
    env: { SWITCHYARD_CONFIG: '', HF_ENDPOINT: hub.url, ...env },
    cwd: process.cwd(),
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    interactive: false,
  });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  modelsDir = await mkdtemp(join(tmpdir(), 'switchyard-models-command-'));
  // Stand-in content under the catalog's real repo name: the command path is under test, not the model.
  hub = await startHubServer({
    repo: 'Xenova/all-MiniLM-L6-v2',
    commit: 'feedfacefeedfacefeedfacefeedfacefeedface',
    files: {
      'config.json': { bytes: bytes('{"model_type":"bert"}') },
      'tokenizer.json': { bytes: bytes('{"version":"1.0"}') },
      'tokenizer_config.json': { bytes: bytes('{}') },
      'onnx/model_quantized.onnx': { bytes: new Uint8Array(50_000).fill(7), lfs: true },
    },
  });
});
afterAll(async () => {
  await hub?.close();
  if (modelsDir) await rm(modelsDir, { recursive: true, force: true });
});

describe('switchyard models', () => {
  it('lists the catalog with what is installed', async () => {
    const { code, stdout } = await run(['list', '--models-dir', modelsDir]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/qwen2\.5-0\.5b-instruct\s+text-generation\s+not installed\s+onnx-community\/Qwen2\.5-0\.5B-Instruct@main/);
    expect(stdout).toMatch(/universal-sentence-encoder-lite\s+embeddings\s+built in \(verified\)/);
  });

  it('pulls a variant from the hub with progress, then verifies it', async () => {
    const pulled = await run(['pull', 'all-minilm-l6-v2', '--dtype', 'q8', '--models-dir', modelsDir]);
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toMatch(/Installed all-minilm-l6-v2: 4 files, 50\.\d kB .* every sha256 verified, commit feedface/);
    expect(pulled.stderr).toMatch(/\[#+\] 100% 50\.\d kB \/ 50\.\d kB .*B\/s  ETA \d+:\d\d/);

    const listed = await run(['list', '--models-dir', modelsDir]);
    expect(listed.stdout).toMatch(/all-minilm-l6-v2\s+embeddings\s+installed \(q8, verified\)/);
    const verified = await run(['verify', '--models-dir', modelsDir]);
    expect(verified).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ok {6}all-minilm-l6-v2 \(4 files/) });

    await writeFile(join(modelsDir, 'all-minilm-l6-v2', 'tokenizer.json'), '{"version":"2.0"}');
    const refused = await run(['verify', 'all-minilm-l6-v2', '--models-dir', modelsDir]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/REFUSED all-minilm-l6-v2: .*tokenizer\.json is 17 bytes; the manifest expects 17|REFUSED all-minilm-l6-v2: .*tokenizer\.json has sha256/);
  });

  it('explains failures: unknown model, bad dtype, offline hub', async () => {
    expect(await run(['pull', 'no-such-model', '--models-dir', modelsDir])).toMatchObject({ code: 1, stderr: expect.stringMatching(/Unknown model "no-such-model"\. Known: .*qwen2\.5-0\.5b-instruct/) });
    expect(await run(['pull', 'all-minilm-l6-v2', '--dtype', 'fp64', '--models-dir', modelsDir])).toMatchObject({ code: 2, stderr: expect.stringContaining('--dtype must be one of') });
    const offline = await run(['pull', 'bge-small-en-v1.5', '--models-dir', modelsDir], { HF_ENDPOINT: 'http://127.0.0.1:9' });
    expect(offline.code).toBe(1);
    expect(offline.stderr).toMatch(/models pull bge-small-en-v1\.5 failed: Cannot reach the model hub at http:\/\/127\.0\.0\.1:9 .*offline/);
    expect(await run(['frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringContaining('Usage: switchyard models') });
  });
});
