/**
 * The edge classifier inside workerd, on onnxruntime-web's wasm build.
 *
 * workerd forbids compiling WebAssembly from bytes at run time and has no script URL for ORT to
 * locate its .wasm from, so the Worker bundles the wasm as a precompiled module (wrangler's
 * CompiledWasm rule) and we hand it to ORT by intercepting the one instantiate call ORT makes
 * with a placeholder `wasmBinary`. One session per isolate, created on first use (cold creation
 * costs a few hundred ms of CPU; per-request creation would be ruinous).
 */
import * as ort from 'onnxruntime-web/wasm';
import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm';
import modelBytes from '../../models/classifier/edge-classifier.onnx';
import manifestJson from '../../models/classifier/edge-classifier.manifest.json';
import { ClassifierManifest, createEdgeClassifier, type EdgeClassifier, type SessionLike } from '../../shared/classifier/index.ts';
import { sha256Hex } from '../../shared/crypto/index.ts';

// A valid, empty wasm module header: recognisable by identity and harmless if ever compiled.
const PLACEHOLDER = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

function routeInstantiateToBundledModule(): void {
  const original = WebAssembly.instantiate.bind(WebAssembly) as (source: unknown, imports?: WebAssembly.Imports) => Promise<unknown>;
  const intercept = async (source: unknown, imports?: WebAssembly.Imports): Promise<unknown> => {
    const isPlaceholder =
      (source instanceof Uint8Array || source instanceof ArrayBuffer) &&
      source.byteLength === PLACEHOLDER.byteLength &&
      new Uint8Array(source instanceof ArrayBuffer ? source : source.buffer, source instanceof ArrayBuffer ? 0 : source.byteOffset, PLACEHOLDER.byteLength).every(
        (byte, index) => byte === PLACEHOLDER[index],
      );
    if (!isPlaceholder) return original(source, imports);
    const instance = await WebAssembly.instantiate(ortWasm, imports ?? {});
    return { instance, module: ortWasm };
  };
  Object.defineProperty(WebAssembly, 'instantiate', { value: intercept, configurable: true, writable: true });
}

let classifier: Promise<EdgeClassifier> | undefined;

async function create(): Promise<EdgeClassifier> {
  const manifest = ClassifierManifest.parse(manifestJson);
  const actual = await sha256Hex(new Uint8Array(modelBytes));
  if (actual !== manifest.sha256) {
    throw new Error(`edge classifier: ${manifest.file} has sha256 ${actual}, manifest says ${manifest.sha256}; rebuild with npm run models:train`);
  }
  routeInstantiateToBundledModule();
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  ort.env.wasm.wasmBinary = PLACEHOLDER;
  const session = await ort.InferenceSession.create(new Uint8Array(modelBytes), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  return createEdgeClassifier({
    session: session as unknown as SessionLike,
    tensor: (type, data, dims) => new ort.Tensor(type, data, dims),
    manifest,
  });
}

/** The isolate's classifier, created once; a failed creation is retried on the next call. */
export function workerdClassifier(): Promise<EdgeClassifier> {
  classifier ??= create().catch((error: unknown) => {
    classifier = undefined;
    throw error;
  });
  return classifier;
}
