/**
 * The node runtime's embeddings runner: a ModelRunner whose doEmbed sends each text through the
 * model's micro-batcher, so concurrent requests share encoder runs, and answers in OpenAI's
 * embeddings format (float arrays or base64 float32, unit-length vectors).
 */
import { InvalidRequestError } from '../../shared/errors/index.ts';
import type { EmbeddingsRequest, EmbeddingsResponse } from '../../shared/schemas/embeddings.ts';
import type { EmbedResult, ModelRunner } from '../../shared/spec/model-runner.ts';
import type { AdmissionRunOptions } from '../admission/admission.ts';
import { createBatchedModel, type BatchingOptions } from '../batching/batched-model.ts';
import type { BatcherStats } from '../batching/micro-batcher.ts';
import type { EncodedText, SentenceEncoder } from './sentence-encoder.ts';

export interface EmbeddingsRunnerOptions extends BatchingOptions {
  modelId: string;
  /** Resolves with the loaded encoder; a rejection becomes a 503. Called for every batch, so it should memoize. */
  encoder: () => Promise<SentenceEncoder>;
}

export interface EmbeddingsRunner extends ModelRunner {
  readonly modelId: string;
  batcherStats(): BatcherStats;
}

function texts(input: EmbeddingsRequest['input']): string[] {
  const list = typeof input === 'string' ? [input] : input;
  if (!list.every((item): item is string => typeof item === 'string')) {
    throw new InvalidRequestError({
      message: 'Local embedding models take text; token-id arrays are not supported. Send "input" as a string or an array of strings.',
      param: 'input',
      code: 'unsupported_input',
    });
  }
  list.forEach((text, index) => {
    if (text.length === 0) {
      throw new InvalidRequestError({ message: `input[${index}] is empty; every input must be non-empty text.`, param: 'input', code: 'empty_input' });
    }
  });
  return list;
}

function base64OfFloat32(vector: Float32Array): string {
  const bytes = new Uint8Array(vector.length * 4);
  const view = new DataView(bytes.buffer);
  vector.forEach((value, index) => view.setFloat32(index * 4, value, true));
  return Buffer.from(bytes).toString('base64');
}

/**
 * Creates the embeddings runner for one local encoder model.
 *
 * @param options.maxBatchSize most inputs per encoder run
 * @param options.maxWaitMs how long a lone input waits for company
 * @param options.maxQueuedInputs inputs that may wait before requests get 503
 * @example
 *   const runner = createEmbeddingsRunner({ modelId: 'universal-sentence-encoder-lite', encoder: () => loaded, maxBatchSize: 32, maxWaitMs: 4, maxQueuedInputs: 1024 });
 */
export function createEmbeddingsRunner({ modelId, encoder, ...batching }: EmbeddingsRunnerOptions): EmbeddingsRunner {
  if (!modelId) throw new Error('createEmbeddingsRunner requires "modelId"');
  if (typeof encoder !== 'function') throw new Error('createEmbeddingsRunner requires "encoder"');

  const model = createBatchedModel<SentenceEncoder, EncodedText>({
    ...batching,
    modelId,
    kind: 'embedding',
    load: encoder,
    runBatch: (loaded, batch) => loaded.encode(batch),
  });

  const notChat = () =>
    Promise.reject(new InvalidRequestError({ message: `"${modelId}" is an embedding model; use POST /v1/embeddings.`, param: 'model', code: 'wrong_model_kind' }));

  return {
    specVersion: 'v1',
    id: `local:${modelId}`,
    servedBy: 'local',
    capabilities: { chat: false, streaming: false, tools: false, structuredOutput: false, embeddings: true },
    modelId,
    doGenerate: notChat,
    doStream: notChat,
    batcherStats: () => model.stats(),

    async doEmbed(request: EmbeddingsRequest, options: AdmissionRunOptions = {}): Promise<EmbedResult> {
      const inputs = texts(request.input);
      const loaded = await model.loaded();
      if (request.dimensions !== undefined && request.dimensions !== loaded.dimensions) {
        throw new InvalidRequestError({
          message: `Model "${modelId}" produces ${loaded.dimensions} dimensions; omit "dimensions" or set it to ${loaded.dimensions}.`,
          param: 'dimensions',
          code: 'unsupported_dimensions',
        });
      }
      const encoded = await model.submit(inputs, options);
      const promptTokens = encoded.reduce((sum, item) => sum + item.tokens, 0);
      const response: EmbeddingsResponse = {
        object: 'list',
        data: encoded.map(({ vector }, index) => ({
          object: 'embedding',
          index,
          embedding: request.encoding_format === 'base64' ? base64OfFloat32(vector) : Array.from(vector),
        })),
        model: modelId,
        usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
      };
      return { response, servedBy: 'local', model: modelId };
    },
  };
}
