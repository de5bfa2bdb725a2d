/** The edge classifier on Node (the edge served by @hono/node-server): the same .onnx on onnxruntime-node. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { ClassifierManifest, createEdgeClassifier, type EdgeClassifier, type SessionLike } from '../../shared/classifier/index.ts';
import { sha256Hex } from '../../shared/crypto/index.ts';

const MANIFEST_URL = new URL('../../models/classifier/edge-classifier.manifest.json', import.meta.url);

/** Loads a classifier from a manifest file (the .onnx sits beside it), refusing a file whose sha256 differs. */
export async function loadNodeClassifier(manifestPath: string = fileURLToPath(MANIFEST_URL)): Promise<EdgeClassifier> {
  const manifest = ClassifierManifest.parse(JSON.parse(await readFile(manifestPath, 'utf8')));
  const modelPath = fileURLToPath(new URL(manifest.file, `file://${manifestPath}`));
  const bytes = new Uint8Array(await readFile(modelPath));
  const actual = await sha256Hex(bytes);
  if (actual !== manifest.sha256) {
    throw new Error(`edge classifier: ${modelPath} has sha256 ${actual}, its manifest says ${manifest.sha256}; rebuild with npm run models:train`);
  }
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], intraOpNumThreads: 1, graphOptimizationLevel: 'all' });
  return createEdgeClassifier({
    session: session as unknown as SessionLike,
    tensor: (type, data, dims) => new ort.Tensor(type, data, dims),
    manifest,
  });
}

let shared: Promise<EdgeClassifier> | undefined;

/** One classifier per process, created on first use; a failed load is retried on the next call. */
export function nodeClassifier(): Promise<EdgeClassifier> {
  shared ??= loadNodeClassifier().catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}
