/**
 * The one contract every backend implements: the node runtime's ONNX runners, the cloud runners
 * (OpenAI-compatible, Anthropic) and the edge's client for the node runtime.
 *
 * Shared code never asks which backend it holds; it reads `capabilities` and `servedBy`.
 */
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '../schemas/chat.ts';
import type { EmbeddingsRequest, EmbeddingsResponse } from '../schemas/embeddings.ts';

export type ModelRunnerSpecVersion = 'v1';

/** Where a response was produced, as reported in `x-switchyard-route`. */
export type ServedBy = 'edge' | 'local' | 'cloud';

export interface ModelRunnerCapabilities {
  chat: boolean;
  streaming: boolean;
  tools: boolean;
  /** response_format json_schema / json_object honoured natively. */
  structuredOutput: boolean;
  embeddings: boolean;
}

export interface RunOptions {
  /** Aborts the upstream call or stops generation and frees its slot. */
  signal?: AbortSignal;
  /** Propagated to upstreams so one id follows the request across hops. */
  requestId?: string;
}

/**
 * A generation result with where it was served. A runner that delegates (the node runtime
 * falling back to cloud) reports the final server, not itself.
 */
export interface GenerateResult {
  completion: ChatCompletion;
  servedBy: ServedBy;
  /** The model that actually answered (may differ from the requested one after a fallback). */
  model: string;
}

export interface StreamResult {
  /** Chunks in order. The iterator throws if the upstream fails mid-stream. */
  chunks: AsyncIterable<ChatCompletionChunk>;
  servedBy: ServedBy;
  model: string;
}

export interface EmbedResult {
  response: EmbeddingsResponse;
  servedBy: ServedBy;
  model: string;
}

export interface ModelRunner {
  readonly specVersion: ModelRunnerSpecVersion;
  /** Stable id of this runner instance, e.g. `openai:gpt-4o-mini` or `local:tiny-gpt2`. */
  readonly id: string;
  readonly servedBy: ServedBy;
  readonly capabilities: ModelRunnerCapabilities;
  doGenerate(request: ChatCompletionRequest, options?: RunOptions): Promise<GenerateResult>;
  /**
   * Resolves once the upstream has accepted the request (status and headers received, or the
   * local model loaded), so callers can still fall back before the first byte goes out.
   */
  doStream(request: ChatCompletionRequest, options?: RunOptions): Promise<StreamResult>;
  doEmbed?(request: EmbeddingsRequest, options?: RunOptions): Promise<EmbedResult>;
}

export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
