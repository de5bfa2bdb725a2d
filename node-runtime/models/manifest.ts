/**
 * Model manifests. A catalog manifest (models/manifests/<id>.json) says where a model comes from
 * and pins its files; an installed manifest (<modelsDir>/<id>/switchyard-manifest.json) lists
 * exactly the files that were installed, each with size and sha256, and is what the runtime
 * verifies before loading anything.
 */
import { z } from 'zod';

export const INSTALLED_MANIFEST_FILE = 'switchyard-manifest.json';

export const ModelTask = z.enum(['text-generation', 'embeddings', 'text-classification']);
export type ModelTask = z.infer<typeof ModelTask>;

/** How the folder is laid out, i.e. which loader reads it. */
export const ModelLayout = z.enum(['transformers.js', 'universal-sentence-encoder']);
export type ModelLayout = z.infer<typeof ModelLayout>;

/** transformers.js v4 dtype names; each maps to one `onnx/model<suffix>.onnx` file. */
export const ModelDtype = z.enum(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'bnb4', 'q4f16']);
export type ModelDtype = z.infer<typeof ModelDtype>;

const Sha256 = z.string().regex(/^[a-f0-9]{64}$/, 'must be a lowercase hex SHA-256 (64 characters)');
const ModelId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be one folder name: letters, digits, ".", "_" or "-"');
const RelativePath = z
  .string()
  .min(1)
  .refine((path) => !path.startsWith('/') && !path.split('/').some((segment) => segment === '..' || segment === '.' || segment === ''), {
    message: 'must be a relative path inside the model folder',
  });

/** A file in a catalog manifest: pinned when sha256 and size are known. */
export const CatalogFile = z.strictObject({
  path: RelativePath,
  size: z.int().min(0).optional(),
  sha256: Sha256.optional(),
});
export type CatalogFile = z.infer<typeof CatalogFile>;

/** A file as installed: always with its size and sha256. */
export const InstalledFile = z.strictObject({
  path: RelativePath,
  size: z.int().min(0),
  sha256: Sha256,
});
export type InstalledFile = z.infer<typeof InstalledFile>;

export const ModelSource = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('huggingface'),
    repo: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be "owner/name"'),
    /** A commit sha pins the files; a branch name ("main") follows it. */
    revision: z.string().min(1).default('main'),
  }),
  z.strictObject({
    type: z.literal('npm'),
    package: z.string().min(1),
    version: z.string().min(1),
    /** The project script that turns the package into this model (`npm run models:build` runs it). */
    builder: z.string().min(1),
  }),
  z.strictObject({
    type: z.literal('fixture'),
    builder: z.string().min(1),
  }),
]);
export type ModelSource = z.infer<typeof ModelSource>;

export const EmbeddingInfo = z.strictObject({
  dimensions: z.int().min(1),
  pooling: z.enum(['mean', 'cls', 'none']).default('mean'),
  /** Whether the runtime L2-normalizes vectors (always true for served embeddings). */
  normalize: z.boolean().default(true),
});

const ManifestCommon = {
  id: ModelId,
  task: ModelTask,
  layout: ModelLayout,
  description: z.string().optional(),
  license: z.string().min(1),
  /** Prompt plus completion tokens the model attends to; encoders: the longest input. */
  contextLength: z.int().min(1),
  /** For routing decisions at the edge: what a local token is worth next to a cloud one. */
  pricePer1kTokens: z.strictObject({ input: z.number().min(0), output: z.number().min(0) }).optional(),
  embedding: EmbeddingInfo.optional(),
  /** Random or otherwise untrained weights: never preferred over a real model. */
  fixture: z.boolean().default(false),
};

export const CatalogManifest = z
  .strictObject({
    $schema: z.string().optional(),
    ...ManifestCommon,
    source: ModelSource,
    /** Files every variant needs (config, tokenizer). */
    files: z.array(CatalogFile).min(1),
    /** Weight files per dtype; `models pull --dtype` picks one, default `defaultDtype`. */
    variants: z.partialRecord(ModelDtype, z.array(CatalogFile).min(1)).default({}),
    defaultDtype: ModelDtype.default('fp32'),
  })
  .superRefine((manifest, context) => {
    if (Object.keys(manifest.variants).length > 0 && !manifest.variants[manifest.defaultDtype]) {
      context.addIssue({ code: 'custom', path: ['defaultDtype'], message: `no variant "${manifest.defaultDtype}" under "variants"` });
    }
    if (manifest.task === 'embeddings' && !manifest.embedding) {
      context.addIssue({ code: 'custom', path: ['embedding'], message: 'embedding models must declare "embedding" (dimensions, pooling)' });
    }
  });
export type CatalogManifest = z.infer<typeof CatalogManifest>;

export const InstalledManifest = z
  .strictObject({
    ...ManifestCommon,
    source: ModelSource,
    dtype: ModelDtype,
    files: z.array(InstalledFile).min(1),
  })
  .superRefine((manifest, context) => {
    const seen = new Set<string>();
    manifest.files.forEach((file, index) => {
      if (seen.has(file.path)) context.addIssue({ code: 'custom', path: ['files', index, 'path'], message: `"${file.path}" is listed twice` });
      seen.add(file.path);
    });
    if (manifest.task === 'embeddings' && !manifest.embedding) {
      context.addIssue({ code: 'custom', path: ['embedding'], message: 'embedding models must declare "embedding" (dimensions, pooling)' });
    }
  });
export type InstalledManifest = z.infer<typeof InstalledManifest>;

/** The files of one variant: the shared files plus that dtype's weights. */
export function catalogFilesFor(manifest: CatalogManifest, dtype: ModelDtype): CatalogFile[] {
  const variants = manifest.variants;
  if (Object.keys(variants).length === 0) return manifest.files;
  const weights = variants[dtype];
  if (!weights) {
    const available = Object.keys(variants).join(', ');
    throw new Error(`Model "${manifest.id}" has no "${dtype}" variant; available: ${available}.`);
  }
  return [...manifest.files, ...weights];
}

/** zod issues as one line each, `path: message`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`).join('; ');
}

const DTYPE_FILE_SUFFIX: Record<ModelDtype, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  bnb4: '_bnb4',
  q4f16: '_q4f16',
};

/** The weights file transformers.js v4 loads for a dtype, e.g. `onnx/model_q4f16.onnx`. */
export function onnxWeightFile(dtype: ModelDtype, baseName = 'model'): string {
  return `onnx/${baseName}${DTYPE_FILE_SUFFIX[dtype]}.onnx`;
}
