/**
 * What a request may cost before it runs (tokens and dollars to reserve) and what it did cost
 * afterwards, from the config's per-model price table.
 */
import type { SwitchyardConfig } from '../../../shared/config/schema.ts';
import { contentText, requestedMaxTokens, type Usage } from '../../../shared/schemas/chat.ts';
import type { ParsedBody } from '../../context.ts';

/** Nano-USD per token (a price of $X per 1k tokens is X * 1e6 nano-USD per token). */
export interface Price {
  input: number;
  output: number;
}

const NANO_PER_USD_PER_1K = 1e6;

/**
 * Prices by model name. A requested name is priced at the most expensive model it can end up on
 * (itself, its fallbacks, a route's targets): the reservation must cover whichever one answers.
 */
export class PriceTable {
  readonly #byModel = new Map<string, Price>();
  readonly #byUpstream = new Map<string, Price>();
  readonly #reachable = new Map<string, string[]>();
  readonly #known = new Set<string>();

  constructor(config: SwitchyardConfig) {
    for (const model of config.models) {
      this.#reachable.set(model.id, [model.id, ...model.fallbacks]);
      this.#known.add(model.id).add(model.upstreamModel ?? model.id);
      if (!model.pricing) continue;
      const price = { input: model.pricing.inputPer1kTokensUsd * NANO_PER_USD_PER_1K, output: model.pricing.outputPer1kTokensUsd * NANO_PER_USD_PER_1K };
      this.#byModel.set(model.id, price);
      const upstream = model.upstreamModel ?? model.id;
      this.#byUpstream.set(upstream, highest(this.#byUpstream.get(upstream), price) ?? price);
    }
    for (const route of config.routes) {
      const targets = [...route.targets, ...Object.values(route.byDifficulty ?? {}).flat()];
      this.#reachable.set(route.id, targets.flatMap((target) => this.#reachable.get(target) ?? [target]));
    }
  }

  /** The price to reserve at for a caller's model name; undefined when nothing it reaches is priced. */
  forRequested(name: string): Price | undefined {
    let price: Price | undefined;
    for (const model of this.#reachable.get(name) ?? [name]) price = highest(price, this.#byModel.get(model));
    return price;
  }

  /**
   * The price of the model that answered, by config id or by the provider's own model name; a
   * model the config does not know is charged at `reserved`, the price the request was reserved at.
   */
  forServed(model: string | undefined, reserved: Price | undefined): Price | undefined {
    if (model === undefined || !this.#known.has(model)) return reserved;
    return this.#byModel.get(model) ?? this.#byUpstream.get(model);
  }
}

function highest(current: Price | undefined, next: Price | undefined): Price | undefined {
  if (!current) return next;
  if (!next) return current;
  return { input: Math.max(current.input, next.input), output: Math.max(current.output, next.output) };
}

/** Rounded up: a budget must never be undercounted. */
export function costNanoUsd(price: Price | undefined, promptTokens: number, completionTokens: number): number {
  if (!price) return 0;
  return Math.ceil(promptTokens * price.input + completionTokens * price.output);
}

export interface TokenEstimate {
  promptTokens: number;
  completionTokens: number;
}

const CHARACTERS_PER_TOKEN = 3;
const TOKENS_PER_MESSAGE = 4;

export interface EstimateOptions {
  /** Completion tokens reserved when the caller sets no max_tokens. */
  defaultMaxTokens: number;
  /** The tightest tokens-per-minute limit: a default reservation never exceeds it on its own. */
  tokensPerMinute?: number;
}

/**
 * A deliberately generous prompt estimate (3 characters a token; real tokenizers average about 4
 * for English) plus the completion the caller allows. Settlement replaces it with real counts.
 */
export function estimateTokens(body: ParsedBody, { defaultMaxTokens, tokensPerMinute }: EstimateOptions): TokenEstimate {
  if (body.kind === 'embeddings') {
    const { input } = body.request;
    if (typeof input === 'string') return { promptTokens: textTokens(input), completionTokens: 0 };
    let promptTokens = 0;
    for (const item of input) promptTokens += typeof item === 'string' ? textTokens(item) : Array.isArray(item) ? item.length : 1;
    return { promptTokens, completionTokens: 0 };
  }
  const { request } = body;
  let promptTokens = 0;
  for (const message of request.messages) promptTokens += TOKENS_PER_MESSAGE + textTokens(contentText(message.content));
  if (request.tools) promptTokens += textTokens(JSON.stringify(request.tools));
  const choices = request.n ?? 1;
  const requested = requestedMaxTokens(request);
  if (requested !== undefined) return { promptTokens, completionTokens: requested * choices };
  const room = tokensPerMinute === undefined ? defaultMaxTokens : Math.floor((tokensPerMinute - promptTokens) / choices);
  return { promptTokens, completionTokens: Math.max(1, Math.min(defaultMaxTokens, room)) * choices };
}

function textTokens(text: string): number {
  return Math.ceil(text.length / CHARACTERS_PER_TOKEN);
}

/** Real token counts, when the model reported them. */
export function usedTokens(usage: Usage | undefined): TokenEstimate | undefined {
  return usage ? { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens } : undefined;
}
