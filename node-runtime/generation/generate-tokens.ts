/**
 * One generation pass over a loaded model: prompt ids in, text pieces out as tokens are produced.
 * Shared by doGenerate and doStream so both count and cut text the same way.
 */
import {
  LogitsProcessorList,
  StoppingCriteria,
  Tensor,
  TextStreamer,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';

import type { FinishReason } from '../../shared/schemas/chat.ts';
import type { LoadedGenerationModel } from './load-local-model.ts';
import { SeededSamplingProcessor, type SamplingSettings } from './seeded-sampling.ts';
import { StreamingTextAssembler } from './streaming-text-assembler.ts';

export interface GenerationSettings {
  maxTokens: number;
  /** Absent: greedy decoding. */
  sampling?: SamplingSettings;
  stopStrings: readonly string[];
}

export interface GenerationOutcome {
  /** Text released so far; partial when aborted. */
  text: string;
  /** Tokens the model produced, including an end token and any token past a stop string. */
  completionTokens: number;
  finishReason: Extract<FinishReason, 'stop' | 'length'>;
  /** The signal aborted; generation stopped at the next token and `finishReason` means nothing. */
  aborted: boolean;
}

/**
 * Hands each generated token id to `onToken`; transformers.js passes the prompt first, which we
 * skip. Extends TextStreamer only because generate()'s types demand one; its decoding is unused.
 */
class TokenCallbackStreamer extends TextStreamer {
  private promptSeen = false;

  constructor(
    tokenizer: PreTrainedTokenizer,
    private readonly onToken: (tokenId: number) => void,
  ) {
    super(tokenizer, { skip_prompt: true });
  }

  override put(value: bigint[][]): void {
    if (!this.promptSeen) {
      this.promptSeen = true;
      return;
    }
    for (const tokenId of value[0] ?? []) this.onToken(Number(tokenId));
  }

  override end(): void {}
}

/** Checked after every token: ends generation when `shouldStop` says so. */
class CallbackStoppingCriteria extends StoppingCriteria {
  constructor(private readonly shouldStop: () => boolean) {
    super();
  }

  override _call(inputIds: number[][]): boolean[] {
    const stop = this.shouldStop();
    return inputIds.map(() => stop);
  }
}

/**
 * Runs generation and calls `onText` with each releasable piece of text. When `signal` aborts,
 * generation stops after the token in progress and the outcome says `aborted`.
 */
export async function generateTokens(
  loaded: LoadedGenerationModel,
  promptIds: readonly number[],
  settings: GenerationSettings,
  { signal, onText }: { signal?: AbortSignal; onText?: (text: string) => void } = {},
): Promise<GenerationOutcome> {
  if (signal?.aborted) return { text: '', completionTokens: 0, finishReason: 'stop', aborted: true };
  const { tokenizer, model, endTokenIds } = loaded;
  const assembler = new StreamingTextAssembler({
    // transformers.js throws on an empty id list.
    decode: (tokenIds) => (tokenIds.length === 0 ? '' : tokenizer.decode([...tokenIds], { skip_special_tokens: true })),
    stopStrings: settings.stopStrings,
  });
  let completionTokens = 0;
  let endedByEndToken = false;
  const emit = (text: string) => {
    if (text.length > 0) onText?.(text);
  };

  const streamer = new TokenCallbackStreamer(tokenizer, (tokenId) => {
    completionTokens++;
    if (endTokenIds.has(tokenId)) endedByEndToken = true;
    emit(assembler.push(tokenId));
  });
  const logitsProcessors = new LogitsProcessorList();
  if (settings.sampling) logitsProcessors.push(new SeededSamplingProcessor(settings.sampling));

  const promptLength = promptIds.length;
  await model.generate({
    input_ids: new Tensor('int64', BigInt64Array.from(promptIds, (id) => BigInt(id)), [1, promptLength]),
    attention_mask: new Tensor('int64', new BigInt64Array(promptLength).fill(1n), [1, promptLength]),
    max_new_tokens: settings.maxTokens,
    // Sampling happens in SeededSamplingProcessor; greedy then takes the one token it left.
    do_sample: false,
    logits_processor: logitsProcessors,
    stopping_criteria: [new CallbackStoppingCriteria(() => signal?.aborted === true || assembler.stopped)],
    streamer,
  });
  if (signal?.aborted) return { text: assembler.text, completionTokens, finishReason: 'stop', aborted: true };

  emit(assembler.finish());
  const stopped = assembler.stopped || endedByEndToken || completionTokens < settings.maxTokens;
  return { text: assembler.text, completionTokens, finishReason: stopped ? 'stop' : 'length', aborted: false };
}
