/**
 * startModelWorker and serveModel together, on a real worker thread whose "model" is written by
 * the test (it echoes text): replies are matched to calls, errors keep their messages, buffers
 * move instead of being copied, and a thread that exits fails every waiting call.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { InstalledManifest } from '../models/manifest.ts';
import { startModelWorker, type ModelWorker } from './start-model-worker.ts';

interface EchoReady {
  id: string;
  provider: string;
  prefix: string;
}

interface Echoed {
  text: string;
  vector: Float32Array;
  /** Whether the previous answer's buffer left the worker thread (detached there). */
  previousMoved: boolean | undefined;
}

// The worker module lives outside the repo (.mts: no package.json there says "module"), so the
// test double stays in the test.
const ECHO_WORKER = `
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveModel } from ${JSON.stringify(new URL('./serve-model.ts', import.meta.url).href)};

let lastVector;
await serveModel({
  entryName: 'echo-worker.mts',
  load: async (manifest, dir, provider) => ({
    id: manifest.id,
    provider,
    prefix: await readFile(join(dir, 'prefix.txt'), 'utf8'),
    dispose: () => writeFile(join(dir, 'disposed.txt'), 'yes'),
  }),
  ready: ({ id, provider, prefix }) => ({ id, provider, prefix }),
  input: { parse: (value) => { if (typeof value !== 'string') throw new TypeError('expected a string'); return value; } },
  run: async (model, text) => {
    if (text === 'crash') process.exit(3);
    if (text === 'fail') throw new Error('cannot echo "fail"');
    if (text.startsWith('wait ')) await new Promise((done) => setTimeout(done, Number(text.slice(5))));
    const previousMoved = lastVector ? lastVector.buffer.byteLength === 0 : undefined;
    lastVector = new Float32Array([text.length, 1, 2]);
    return { text: model.prefix + text, vector: lastVector, previousMoved };
  },
  transfer: ({ vector }) => [vector.buffer],
});
`;

let root: string;
let entry: URL;
let manifest: InstalledManifest;

function start(dir: string): Promise<ModelWorker<EchoReady, string, Echoed>> {
  return startModelWorker<EchoReady, string, Echoed>({ entry, kind: 'echo', manifest, dir, provider: 'cpu' });
}

async function modelFolder(name: string, prefix: string): Promise<string> {
  const dir = join(root, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir);
  await writeFile(join(dir, 'prefix.txt'), prefix);
  return dir;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'switchyard-model-worker-'));
  await writeFile(join(root, 'echo-worker.mts'), ECHO_WORKER);
  entry = pathToFileURL(join(root, 'echo-worker.mts'));
  manifest = InstalledManifest.parse({
    id: 'echo-model',
    task: 'text-classification',
    layout: 'transformers.js',
    license: 'MIT',
    contextLength: 16,
    source: { type: 'fixture', builder: 'node-runtime/model-worker/model-worker.test.ts' },
    dtype: 'fp32',
    files: [{ path: 'prefix.txt', size: 3, sha256: '0'.repeat(64) }],
  });
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('startModelWorker with serveModel', () => {
  it('loads the folder, says what it loaded, answers each call with its own reply and disposes of the model', async () => {
    const dir = await modelFolder('served', '>> ');
    const worker = await start(dir);
    expect(worker.ready).toEqual({ id: 'echo-model', provider: 'cpu', prefix: '>> ' });

    // The slow call answers last; each caller still gets its own text.
    const [slow, fast] = await Promise.all([worker.call('wait 80'), worker.call('quick')]);
    expect([slow.text, fast.text]).toEqual(['>> wait 80', '>> quick']);
    expect(Array.from(fast.vector)).toEqual([5, 1, 2]);

    const next = await worker.call('again');
    expect(next.previousMoved).toBe(true);

    await expect(worker.call('fail')).rejects.toThrow(new Error('cannot echo "fail"'));
    expect((await worker.call('still serving')).text).toBe('>> still serving');

    await worker.dispose();
    expect(await readFile(join(dir, 'disposed.txt'), 'utf8')).toBe('yes');
    await expect(worker.call('after dispose')).rejects.toThrow('the echo worker for "echo-model" exited (code 0)');
  });

  it('rejects with the load error when the model cannot load', async () => {
    await expect(start(join(root, 'no-such-folder'))).rejects.toThrow(/prefix\.txt/);
  });

  it('fails waiting and later calls with the exit code when the thread exits', async () => {
    const worker = await start(await modelFolder('crashing', ''));
    const waiting = worker.call('wait 5000');
    await expect(worker.call('crash')).rejects.toThrow('the echo worker for "echo-model" exited (code 3)');
    await expect(waiting).rejects.toThrow('the echo worker for "echo-model" exited (code 3)');
    await expect(worker.call('hello')).rejects.toThrow('exited (code 3)');
    await worker.dispose();
  });

  it('fails every call when a request does not pass the input check (the thread throws)', async () => {
    const worker = await start(await modelFolder('strict', ''));
    const waiting = worker.call('wait 5000');
    await expect(worker.call(42 as unknown as string)).rejects.toThrow('expected a string');
    await expect(waiting).rejects.toThrow('expected a string');
  });
});
