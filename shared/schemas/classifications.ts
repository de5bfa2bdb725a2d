/**
 * `POST /v1/classifications` on the node runtime: a pretrained text-classification model (for
 * example a prompt-injection classifier pulled from the hub) scores a batch of texts. The edge
 * calls it as the injection policy's second stage; it is hop-signed like the runtime's other
 * routes and not part of the public OpenAI surface.
 */
import { z } from 'zod';

/** Texts per call; the edge assesses at most this many texts (and decodings) per request in one call. */
export const MAX_CLASSIFICATION_INPUTS = 64;
/** Characters per text; longer texts are refused (the edge sends head and tail windows, never whole documents). */
export const MAX_CLASSIFICATION_CHARS = 32 * 1024;

export const ClassificationsRequest = z.strictObject({
  model: z.string().min(1),
  input: z.union([
    z.string().max(MAX_CLASSIFICATION_CHARS),
    z.array(z.string().max(MAX_CLASSIFICATION_CHARS)).min(1).max(MAX_CLASSIFICATION_INPUTS),
  ]),
});
export type ClassificationsRequest = z.infer<typeof ClassificationsRequest>;

export const TextClassification = z.object({
  object: z.literal('classification'),
  index: z.int().min(0),
  /** The most probable label. */
  label: z.string(),
  /** Its probability. */
  score: z.number().min(0).max(1),
  /** Every label's probability (softmax over the model's logits), keyed by the model's label names. */
  scores: z.record(z.string(), z.number().min(0).max(1)),
});
export type TextClassification = z.infer<typeof TextClassification>;

export const ClassificationsResponse = z.object({
  object: z.literal('list'),
  model: z.string(),
  data: z.array(TextClassification),
});
export type ClassificationsResponse = z.infer<typeof ClassificationsResponse>;
