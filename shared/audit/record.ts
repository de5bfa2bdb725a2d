/**
 * One audit record per API request, refusals included: who called (tenant, key id — never the
 * key), what they asked for, what served it, the outcome, usage and cost, the guards' verdicts,
 * PII as types and counts, and, only where the tenant's policy allows, the text with every PII
 * finding replaced by its placeholder. Versioned: a reader parses every version it knows.
 */
import { z } from 'zod';

export const AUDIT_RECORD_VERSION = 1;

/** Which API the request called; `other` for unknown paths and wrong methods under /v1. */
export const AuditRouteKind = z.enum(['chat', 'embeddings', 'guard', 'models', 'other']);
export type AuditRouteKind = z.infer<typeof AuditRouteKind>;

/** Text kept with a record: masked, then cut to the configured size. */
export const AuditExcerpt = z.strictObject({
  text: z.string(),
  /** Part of the text was cut off. */
  truncated: z.boolean(),
});
export type AuditExcerpt = z.infer<typeof AuditExcerpt>;

export const AuditRecordV1 = z.strictObject({
  version: z.literal(AUDIT_RECORD_VERSION),
  /** When the request arrived (ISO 8601, UTC). */
  time: z.iso.datetime(),
  requestId: z.string().min(1),
  /** Absent when authentication failed. */
  tenantId: z.string().optional(),
  /** The API key's id (or `jwt-…` for JWT callers); never the key. */
  keyId: z.string().optional(),
  kind: AuditRouteKind,
  /** The `model` the caller sent (a model name or a route alias). */
  requestedModel: z.string().optional(),
  /** What answered, after routing and any fallback. */
  servedBy: z.strictObject({ route: z.enum(['edge', 'local', 'cloud']), model: z.string() }).optional(),
  /** The HTTP status the caller got (a stream that failed after its first byte keeps its 200; see `error`). */
  status: z.int().min(100).max(599),
  /** The error envelope's type and code, for refusals and failures. */
  error: z.strictObject({ type: z.string(), code: z.string().nullable() }).optional(),
  /** The caller went away before the end. */
  cancelled: z.boolean().optional(),
  /** From arrival to the last byte (streams) or to the response. */
  latencyMs: z.number().min(0),
  usage: z
    .strictObject({
      promptTokens: z.int().min(0),
      completionTokens: z.int().min(0),
      /** Only when the model is priced (`models[].pricing`). */
      costUsd: z.number().min(0).optional(),
    })
    .optional(),
  injection: z.strictObject({ score: z.number().min(0).max(1), flagged: z.boolean(), reasons: z.array(z.string()) }).optional(),
  /** PII found in the request: type -> number of findings. Never values. */
  pii: z.record(z.string().regex(/^[A-Z][A-Z_]*$/), z.int().min(1)).optional(),
  /** Only when the tenant's audit text mode is `masked`. */
  text: z
    .strictObject({
      /** Every caller-written text of the request, one `path: text` line each, masked. */
      request: AuditExcerpt.optional(),
      /** The model's output as it produced it (placeholders, before unmasking), masked again. */
      output: AuditExcerpt.optional(),
    })
    .optional(),
});
export type AuditRecordV1 = z.infer<typeof AuditRecordV1>;

/** The current record. */
export const AuditRecord = AuditRecordV1;
export type AuditRecord = AuditRecordV1;

/** Every record version a reader understands; add new versions here as they appear. */
export const StoredAuditRecord = z.discriminatedUnion('version', [AuditRecordV1]);
export type StoredAuditRecord = z.infer<typeof StoredAuditRecord>;
