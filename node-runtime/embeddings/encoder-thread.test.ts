/** The encoder in a worker thread gives the same vectors as in-thread, and keeps the event loop free. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_EMBEDDINGS_OUT_DIR, buildUseOnnx } from '../../models/embeddings/build-use-onnx.ts';
import { INSTALLED_MANIFEST_FILE, InstalledManifest } from '../models/manifest.ts';
import { loadEncoderInWorker } from './encoder-thread.ts';
import { loadEncoderFromDisk } from './load-encoder.ts';
import type { SentenceEncoder } from './sentence-encoder.ts';

let modelDir: string;
let manifest: InstalledManifest;
let threaded: SentenceEncoder;
let inThread: SentenceEncoder;

beforeAll(async () => {
  ({ modelDir } = await buildUseOnnx({ outDir: DEFAULT_EMBEDDINGS_OUT_DIR, log: () => {} }));
  manifest = InstalledManifest.parse(JSON.parse(await readFile(join(modelDir, INSTALLED_MANIFEST_FILE), 'utf8')));
  [threaded, inThread] = await Promise.all([loadEncoderInWorker(manifest, modelDir, 'cpu'), loadEncoderFromDisk(manifest, modelDir, 'cpu')]);
});
afterAll(async () => {
  await threaded?.dispose();
  await inThread?.dispose();
});

describe('loadEncoderInWorker', () => {
  it('encodes like the in-thread encoder, in order, with token counts', async () => {
    const texts = ['first of three', 'the second text is a little longer than the first', 'third'];
    const [fromWorker, local] = await Promise.all([threaded.encode(texts), inThread.encode(texts)]);
    expect(fromWorker.map((item) => item.tokens)).toEqual(local.map((item) => item.tokens));
    fromWorker.forEach((item, row) => expect(Array.from(item.vector)).toEqual(Array.from(local[row]?.vector ?? [])));
    expect(threaded).toMatchObject({ dimensions: 512, executionProvider: 'cpu' });
  });

  it('leaves the event loop free while a large batch computes', async () => {
    const texts = Array.from({ length: 256 }, (_, index) => `sentence number ${index} about trains, timetables and the weather`);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 2);
    const started = performance.now();
    await threaded.encode(texts);
    const elapsed = performance.now() - started;
    clearInterval(timer);
    // In-thread, onnxruntime-node's run blocks the loop and the timer barely fires.
    expect(ticks).toBeGreaterThan(elapsed / 2 / 4);
  });

  it('rejects with the load error when the model cannot load', async () => {
    const broken = { ...manifest, files: manifest.files };
    await expect(loadEncoderInWorker(broken, join(modelDir, 'does-not-exist'), 'cpu')).rejects.toThrow(/vocab\.json|no such file/i);
  });
});
