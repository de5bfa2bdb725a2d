/** Config of the guards that screen requests (part of `SwitchyardConfig`, see schema.ts). */
import { z } from 'zod';
import { Id, ModelName } from './names.ts';

const Probability = z.number().min(0).max(1);

/**
 * A pretrained prompt-injection classifier on a node runtime (`POST /v1/classifications`),
 * consulted after the edge classifier. The edge model is small and trained on our own templates;
 * a DeBERTa-class model fine-tuned on public injection data generalises further, at the cost of
 * a hop, so by default only the texts the edge model is unsure about go there.
 */
export const InjectionSecondStage = z.strictObject({
  /** Id of the `node-runtime` provider that serves the model (its baseURL and hop secret are used). */
  provider: Id,
  /** The text-classification model id on that runtime (installed with `models pull`). */
  model: ModelName,
  /** The model's label for an attack; its probability is the text's score. Models name it differently. */
  attackLabel: z.string().min(1).max(128).default('INJECTION'),
  /** P(attackLabel) from which the second stage flags a text. */
  threshold: Probability.default(0.5),
  /**
   * Which texts go to the second stage: `uncertain` only those whose edge score lies in
   * `uncertainBand` (outside it the edge classifier's verdict stands, saving the hop on clear
   * cases); `all` every non-empty text, and the second stage decides.
   */
  escalate: z.enum(['uncertain', 'all']).default('uncertain'),
  /**
   * `[low, high)`: edge scores from `low` up to, not including, `high` are uncertain. Below
   * `low` the edge's benign verdict stands, at or above `high` its attack verdict does.
   */
  uncertainBand: z
    .tuple([Probability, Probability])
    .refine(([low, high]) => low < high, 'the band must be [low, high] with low < high')
    .default([0.05, 0.99]),
  /** Budget for the whole second-stage call of one request, in milliseconds; it adds to the request's latency. */
  timeoutMs: z.int().min(50).max(60_000).default(1000),
  /**
   * When the runtime fails, times out or answers malformed: `edge-verdict` keeps the edge
   * classifier's verdict (fail open to the first stage), `flag` treats the escalated texts as
   * flagged (fail closed: under `block` they are refused).
   */
  onError: z.enum(['edge-verdict', 'flag']).default('edge-verdict'),
});
export type InjectionSecondStage = z.infer<typeof InjectionSecondStage>;

/** Settings of the guards that screen requests (the per-tenant actions live in `policy`). */
export const GuardSettings = z.strictObject({
  injection: z
    .strictObject({
      /** Absent: the edge classifier and the rules decide alone. */
      secondStage: InjectionSecondStage.optional(),
    })
    .default({}),
});
export type GuardSettings = z.infer<typeof GuardSettings>;
