/**
 * Drives the runner against the tiny random-weight GPT-2 fixture. Its text is garbage, so these
 * tests assert counts, determinism, streaming shape and cancellation, never the text itself.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AutoTokenizer } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildTinyGpt2, TINY_GPT2_MODEL_ID } from '../../models/fixtures/build-tiny-gpt2.ts';
import { InvalidRequestError, ServiceUnavailableError } from '../../shared/errors/index.ts';
import { ChatCompletion, ChatCompletionChunk, type ChatCompletionRequest } from '../../shared/schemas/chat.ts';
import { createLocalGenerationRunner, type LocalGenerationEvent, type LocalGenerationRunner } from './local-generation-runner.ts';

const CONTEXT_LENGTH = 512;

let modelsDir: string;
let runner: LocalGenerationRunner;
const events: LocalGenerationEvent[] = [];

function chatRequest(overrides: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest {
  return {
    model: TINY_GPT2_MODEL_ID,
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: [{ type: 'text', text: 'Say something about ' }, { type: 'text', text: 'trains.' }] },
    ],
    max_tokens: 16,
    ...overrides,
  };
}

async function expectedPromptTokens(request: ChatCompletionRequest): Promise<number> {
  const tokenizer = await AutoTokenizer.from_pretrained(join(modelsDir, TINY_GPT2_MODEL_ID), { local_files_only: true });
  const messages = request.messages.map((message) => ({
    role: message.role,
    content: typeof message.content === 'string' ? message.content : (message.content ?? []).map((part) => ('text' in part ? part.text : '')).join(''),
  }));
  const prompt = tokenizer.apply_chat_template(messages, { tokenize: false, add_generation_prompt: true });
  if (typeof prompt !== 'string') throw new Error('expected a string prompt');
  return tokenizer.encode(prompt, { add_special_tokens: false }).length;
}

async function collect(chunks: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const collected: ChatCompletionChunk[] = [];
  for await (const chunk of chunks) collected.push(ChatCompletionChunk.parse(chunk));
  return collected;
}

function contentOf(chunks: readonly ChatCompletionChunk[]): string[] {
  return chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta.content ?? '')).filter((text) => text.length > 0);
}

function lastGenerationEnd(): Extract<LocalGenerationEvent, { type: 'generation-end' }> {
  const event = events.filter((candidate) => candidate.type === 'generation-end').at(-1);
  if (event?.type !== 'generation-end') throw new Error('no generation-end event');
  return event;
}

beforeAll(async () => {
  modelsDir = await mkdtemp(join(tmpdir(), 'switchyard-generation-'));
  await buildTinyGpt2({ outDir: modelsDir, log: () => {} });
  runner = createLocalGenerationRunner({
    modelId: TINY_GPT2_MODEL_ID,
    modelsDir,
    device: 'cpu',
    onEvent: (event) => events.push(event),
  });
  await runner.load();
});

afterAll(async () => {
  await runner?.dispose();
  if (modelsDir) await rm(modelsDir, { recursive: true, force: true });
});

describe('createLocalGenerationRunner', () => {
  it('describes itself as a local v1 chat runner', () => {
    expect(runner).toMatchObject({
      specVersion: 'v1',
      id: `local:${TINY_GPT2_MODEL_ID}`,
      servedBy: 'local',
      capabilities: { chat: true, streaming: true, tools: false, structuredOutput: false, embeddings: false },
    });
    expect(events.find((event) => event.type === 'model-load')).toMatchObject({ ok: true, device: 'cpu' });
  });

  it('rejects a modelId that is not one folder name', () => {
    expect(() => createLocalGenerationRunner({ modelId: '../etc', modelsDir, device: 'cpu' })).toThrow(/one folder name/);
  });
});

describe('doGenerate', () => {
  it('returns a chat completion with exact token counts', async () => {
    const request = chatRequest();
    const result = await runner.doGenerate(request);
    const completion = ChatCompletion.parse(result.completion);
    expect(result).toMatchObject({ servedBy: 'local', model: TINY_GPT2_MODEL_ID });
    expect(completion.id).toMatch(/^chatcmpl-[0-9a-f]{32}$/);
    expect(completion.model).toBe(TINY_GPT2_MODEL_ID);
    expect(completion.choices).toHaveLength(1);
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(typeof completion.choices[0]?.message.content).toBe('string');
    const promptTokens = await expectedPromptTokens(request);
    expect(completion.usage).toEqual({ prompt_tokens: promptTokens, completion_tokens: 16, total_tokens: promptTokens + 16 });
  });

  it('prefers max_completion_tokens over max_tokens', async () => {
    const { completion } = await runner.doGenerate(chatRequest({ max_tokens: 20, max_completion_tokens: 5 }));
    expect(completion.usage?.completion_tokens).toBe(5);
  });

  it('uses the default budget when none is given and caps it to the context', async () => {
    const small = createLocalGenerationRunner({ modelId: TINY_GPT2_MODEL_ID, modelsDir, device: 'cpu', defaultMaxTokens: 7 });
    const { completion: defaulted } = await small.doGenerate(chatRequest({ max_tokens: undefined }));
    expect(defaulted.usage?.completion_tokens).toBe(7);
    await small.dispose();

    const { completion: capped } = await runner.doGenerate(chatRequest({ max_tokens: 100_000 }));
    expect(capped.choices[0]?.finish_reason).toBe('length');
    expect(capped.usage?.total_tokens).toBe(CONTEXT_LENGTH);
  });

  it('is deterministic for greedy requests', async () => {
    const first = await runner.doGenerate(chatRequest({ temperature: 0 }));
    const second = await runner.doGenerate(chatRequest());
    expect(second.completion.choices[0]?.message.content).toBe(first.completion.choices[0]?.message.content);
    expect(first.completion.id).not.toBe(second.completion.id);
  });

  it('samples reproducibly with a seed and returns n choices', async () => {
    const request = chatRequest({ temperature: 1.5, top_p: 0.95, seed: 42, n: 3, max_tokens: 12 });
    const first = await runner.doGenerate(request);
    const second = await runner.doGenerate(request);
    const texts = (result: typeof first) => result.completion.choices.map((choice) => choice.message.content);
    expect(first.completion.choices.map((choice) => choice.index)).toEqual([0, 1, 2]);
    expect(texts(second)).toEqual(texts(first));
    expect(new Set(texts(first)).size).toBeGreaterThan(1);
    expect(first.completion.usage?.completion_tokens).toBe(36);
    expect(first.completion.usage?.prompt_tokens).toBe(await expectedPromptTokens(request));
  });

  it('cuts the text at the first stop string and finishes with stop', async () => {
    const { completion: plain } = await runner.doGenerate(chatRequest({ max_tokens: 24 }));
    const text = plain.choices[0]?.message.content ?? '';
    expect(text.length).toBeGreaterThan(8);
    const stop = text.slice(6, 8);

    const { completion } = await runner.doGenerate(chatRequest({ max_tokens: 24, stop: ['\u0000never', stop] }));
    expect(completion.choices[0]?.message.content).toBe(text.slice(0, text.indexOf(stop)));
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.completion_tokens).toBeLessThan(24);
  });

  it('rejects an aborted request and stops generating', async () => {
    const controller = new AbortController();
    const attempt = runner.doGenerate(chatRequest({ max_tokens: 400 }), { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(attempt).rejects.toMatchObject({ name: 'AbortError' });
    const end = lastGenerationEnd();
    expect(end.outcome).toBe('aborted');
    expect(end.completionTokens).toBeLessThan(400);

    await expect(runner.doGenerate(chatRequest(), { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('runs one generation at a time', async () => {
    const before = events.length;
    const long = runner.doGenerate(chatRequest({ max_tokens: 120 }));
    const short = runner.doGenerate(chatRequest({ max_tokens: 1 }));
    await Promise.all([long, short]);
    const ends = events.slice(before).filter((event) => event.type === 'generation-end');
    expect(ends.map((event) => event.completionTokens)).toEqual([120, 1]);
  });

  it('refuses tools and prompts longer than the context', async () => {
    const tools = chatRequest({ tools: [{ type: 'function', function: { name: 'lookup' } }] });
    await expect(runner.doGenerate(tools)).rejects.toSatisfy((error) => InvalidRequestError.isInstance(error) && error.param === 'tools');
    const long = chatRequest({ messages: [{ role: 'user', content: 'x'.repeat(CONTEXT_LENGTH) }] });
    await expect(runner.doGenerate(long)).rejects.toMatchObject({ code: 'context_length_exceeded', param: 'messages', statusCode: 400 });
  });
});

describe('doStream', () => {
  it('streams content as it is produced, matching the non-stream text', async () => {
    const request = chatRequest({ max_tokens: 24 });
    const { completion } = await runner.doGenerate(request);
    const endsBefore = events.filter((event) => event.type === 'generation-end').length;
    const result = await runner.doStream(request);
    expect(result).toMatchObject({ servedBy: 'local', model: TINY_GPT2_MODEL_ID });
    const chunks: ChatCompletionChunk[] = [];
    let endedBeforeFirstContent: boolean | undefined;
    for await (const chunk of result.chunks) {
      chunks.push(ChatCompletionChunk.parse(chunk));
      if (endedBeforeFirstContent === undefined && chunk.choices[0]?.delta.content) {
        endedBeforeFirstContent = events.filter((event) => event.type === 'generation-end').length > endsBefore;
      }
    }
    expect(endedBeforeFirstContent).toBe(false);

    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const pieces = contentOf(chunks);
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join('')).toBe(completion.choices[0]?.message.content);
    expect(chunks.at(-1)?.choices[0]).toMatchObject({ finish_reason: 'length', delta: {} });
    expect(chunks.slice(0, -1).every((chunk) => chunk.choices[0]?.finish_reason === null)).toBe(true);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks.some((chunk) => chunk.usage)).toBe(false);
  });

  it('adds a usage chunk when stream_options.include_usage is set', async () => {
    const request = chatRequest({ max_tokens: 10, stream_options: { include_usage: true } });
    const { completion } = await runner.doGenerate(request);
    const chunks = await collect((await runner.doStream(request)).chunks);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toEqual(completion.usage);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('length');
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
  });

  it('applies stop strings while streaming', async () => {
    const { completion } = await runner.doGenerate(chatRequest({ max_tokens: 24 }));
    const text = completion.choices[0]?.message.content ?? '';
    const stop = text.slice(9, 12);
    const chunks = await collect((await runner.doStream(chatRequest({ max_tokens: 24, stop }))).chunks);
    expect(contentOf(chunks).join('')).toBe(text.slice(0, text.indexOf(stop)));
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('stops generating when the caller aborts, and the iterator just ends', async () => {
    const controller = new AbortController();
    const { chunks } = await runner.doStream(chatRequest({ max_tokens: 400 }), { signal: controller.signal });
    const received: ChatCompletionChunk[] = [];
    for await (const chunk of chunks) {
      received.push(chunk);
      if (contentOf(received).length === 3) controller.abort();
    }
    expect(contentOf(received).length).toBeLessThan(400);
    expect(received.every((chunk) => chunk.choices[0]?.finish_reason === null)).toBe(true);
    await runner.doGenerate(chatRequest({ max_tokens: 1 }));
    const ends = events.filter((event) => event.type === 'generation-end');
    expect(ends.at(-2)).toMatchObject({ outcome: 'aborted' });
    expect(ends.at(-2)?.completionTokens).toBeLessThan(400);
  });

  it('stops generating when the consumer leaves early', async () => {
    const { chunks } = await runner.doStream(chatRequest({ max_tokens: 400 }));
    let seen = 0;
    for await (const chunk of chunks) {
      if (chunk.choices[0]?.delta.content) seen++;
      if (seen === 2) break;
    }
    await runner.doGenerate(chatRequest({ max_tokens: 1 }));
    const ends = events.filter((event) => event.type === 'generation-end');
    expect(ends.at(-2)).toMatchObject({ outcome: 'aborted' });
    expect(ends.at(-2)?.completionTokens).toBeLessThan(400);
  });

  it('rejects n > 1 before streaming', async () => {
    await expect(runner.doStream(chatRequest({ n: 2 }))).rejects.toSatisfy(
      (error) => InvalidRequestError.isInstance(error) && error.param === 'n',
    );
  });
});

describe('loading', () => {
  it('reports a missing model as 503 with a fix, and loads once it is installed', async () => {
    const otherDir = await mkdtemp(join(tmpdir(), 'switchyard-missing-'));
    try {
      const missing = createLocalGenerationRunner({ modelId: TINY_GPT2_MODEL_ID, modelsDir: join(otherDir, 'models'), device: 'cpu' });
      const failure = await missing.doGenerate(chatRequest()).catch((error: unknown) => error);
      expect(ServiceUnavailableError.isInstance(failure)).toBe(true);
      expect(failure).toMatchObject({
        statusCode: 503,
        code: 'model_unavailable',
        message: expect.stringMatching(/Local model "tiny-random-gpt2" is not installed: .*To fix:/),
      });
      await expect(missing.doStream(chatRequest())).rejects.toSatisfy(ServiceUnavailableError.isInstance);

      await buildTinyGpt2({ outDir: join(otherDir, 'models'), log: () => {} });
      const { completion } = await missing.doGenerate(chatRequest({ max_tokens: 2 }));
      expect(completion.usage?.completion_tokens).toBe(2);
      await missing.dispose();
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it('falls back to a plain chat template when the tokenizer has none', async () => {
    const otherDir = await mkdtemp(join(tmpdir(), 'switchyard-template-'));
    try {
      const source = join(modelsDir, TINY_GPT2_MODEL_ID);
      const target = join(otherDir, TINY_GPT2_MODEL_ID);
      await mkdir(join(target, 'onnx'), { recursive: true });
      for (const file of ['config.json', 'generation_config.json', 'tokenizer.json', 'onnx/model.onnx']) {
        await copyFile(join(source, file), join(target, file));
      }
      const { chat_template: _unused, ...withoutTemplate } = JSON.parse(await readFile(join(source, 'tokenizer_config.json'), 'utf8'));
      await writeFile(join(target, 'tokenizer_config.json'), JSON.stringify(withoutTemplate));

      const plain = createLocalGenerationRunner({ modelId: TINY_GPT2_MODEL_ID, modelsDir: otherDir, device: 'cpu' });
      const request = chatRequest({ messages: [{ role: 'user', content: 'Hi' }], max_tokens: 3 });
      const { completion } = await plain.doGenerate(request);
      const tokenizer = await AutoTokenizer.from_pretrained(target, { local_files_only: true });
      expect(completion.usage?.prompt_tokens).toBe(tokenizer.encode('user: Hi\nassistant: ', { add_special_tokens: false }).length);
      await plain.dispose();
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it('reports a corrupt model file as 503', async () => {
    const otherDir = await mkdtemp(join(tmpdir(), 'switchyard-corrupt-'));
    try {
      const source = join(modelsDir, TINY_GPT2_MODEL_ID);
      const target = join(otherDir, TINY_GPT2_MODEL_ID);
      await mkdir(join(target, 'onnx'), { recursive: true });
      for (const file of ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json']) {
        await copyFile(join(source, file), join(target, file));
      }
      await writeFile(join(target, 'onnx', 'model.onnx'), 'not an onnx model');
      const corrupt = createLocalGenerationRunner({ modelId: TINY_GPT2_MODEL_ID, modelsDir: otherDir, device: 'cpu' });
      await expect(corrupt.load()).rejects.toSatisfy(
        (error) => ServiceUnavailableError.isInstance(error) && /failed to load .* on cpu/.test(error.message),
      );
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });
});
