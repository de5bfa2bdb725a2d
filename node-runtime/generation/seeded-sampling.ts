/**
 * Temperature + top-p sampling with a per-request seeded generator.
 *
 * transformers.js v4 samples with one process-wide `Math.random`-like generator and does not apply
 * top_p at all, so we sample ourselves: this logits processor draws the token and masks every
 * other logit to -Infinity; generation then runs in greedy mode and picks exactly that token.
 */
import { createSeededRandom } from '../../shared/random/seeded-random.ts';
import { LogitsProcessor, type Tensor } from '@huggingface/transformers';

export interface SamplingSettings {
  /** > 0. */
  temperature: number;
  /** In (0, 1]; 1 keeps the whole distribution. */
  topP: number;
  /** Same seed, same prompt, same model: same tokens. */
  seed: number;
}

export { createSeededRandom };

/** Index drawn from `logits` after temperature and nucleus (top-p) filtering. */
export function sampleIndex(logits: ArrayLike<number>, { temperature, topP }: Omit<SamplingSettings, 'seed'>, random: () => number): number {
  let maximum = -Infinity;
  for (let index = 0; index < logits.length; index++) maximum = Math.max(maximum, logits[index] ?? -Infinity);
  const weights = Array.from(logits, (logit) => Math.exp((logit - maximum) / temperature));
  const total = weights.reduce((sum, weight) => sum + weight, 0);

  const order = weights.map((_, index) => index);
  // Sorting a large vocabulary per token is the expensive part; skip it when nothing is cut.
  if (topP < 1) order.sort((left, right) => (weights[right] ?? 0) - (weights[left] ?? 0) || left - right);
  const nucleus: number[] = [];
  let kept = 0;
  for (const index of order) {
    nucleus.push(index);
    kept += weights[index] ?? 0;
    if (kept >= topP * total) break;
  }

  let target = random() * kept;
  for (const index of nucleus) {
    target -= weights[index] ?? 0;
    if (target < 0) return index;
  }
  return nucleus.at(-1) ?? 0;
}

export class SeededSamplingProcessor extends LogitsProcessor {
  private readonly settings: SamplingSettings;
  private readonly random: () => number;

  constructor(settings: SamplingSettings) {
    super();
    this.settings = settings;
    this.random = createSeededRandom(settings.seed);
  }

  override _call(_inputIds: bigint[][], logits: Tensor): Tensor {
    const data = logits.data;
    if (!(data instanceof Float32Array)) throw new Error(`expected float32 logits, got ${logits.type}`);
    const vocabularySize = logits.dims.at(-1) ?? data.length;
    for (let start = 0; start < data.length; start += vocabularySize) {
      const row = data.subarray(start, start + vocabularySize);
      const chosen = sampleIndex(row, this.settings, this.random);
      row.fill(-Infinity);
      row[chosen] = 0;
    }
    return logits;
  }
}
