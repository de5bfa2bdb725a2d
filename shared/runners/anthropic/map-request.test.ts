import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../errors/index.ts';
import type { ChatCompletionRequest } from '../../schemas/chat.ts';
import { toAnthropicRequest } from './map-request.ts';

const options = { upstreamModel: 'claude-test', defaultMaxTokens: 1024, stream: false };

function mapError(request: ChatCompletionRequest): InvalidRequestError {
  try {
    toAnthropicRequest(request, options);
  } catch (error) {
    if (error instanceof InvalidRequestError) return error;
    throw error;
  }
  throw new Error('expected an InvalidRequestError');
}

describe('toAnthropicRequest', () => {
  it('maps a full conversation: system, images, tool calls, merged tool results, merged same-role turns', () => {
    const request: ChatCompletionRequest = {
      model: 'smart',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in English.' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these images, and the weather?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.test/cat.jpg', detail: 'low' } },
          ],
        },
        { role: 'user', content: 'Please.' },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18°C' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '12:00' }] },
        { role: 'user', content: 'Thanks, summarise.' },
      ],
      tools: [
        { type: 'function', function: { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
        { type: 'function', function: { name: 'get_time' } },
      ],
      tool_choice: 'required',
      parallel_tool_calls: false,
      stop: ['END', ''],
      max_completion_tokens: 200,
      max_tokens: 999,
      temperature: 1.6,
      top_p: 0.9,
      user: 'user-42',
      seed: 7,
      response_format: { type: 'json_object' },
      vendor_knob: true,
    };

    expect(toAnthropicRequest(request, { ...options, stream: true })).toEqual({
      model: 'claude-test',
      system: 'Be brief.\n\nAnswer in English.',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these images, and the weather?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'image', source: { type: 'url', url: 'https://example.test/cat.jpg' } },
            { type: 'text', text: 'Please.' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'call_2', name: 'get_time', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_1', content: '18°C' },
            { type: 'tool_result', tool_use_id: 'call_2', content: '12:00' },
            { type: 'text', text: 'Thanks, summarise.' },
          ],
        },
      ],
      max_tokens: 200,
      stop_sequences: ['END'],
      temperature: 1,
      top_p: 0.9,
      tools: [
        { name: 'get_weather', description: 'Weather by city', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
        { name: 'get_time', input_schema: { type: 'object', properties: {} } },
      ],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      metadata: { user_id: 'user-42' },
      stream: true,
    });
  });

  it('uses max_tokens, then defaultMaxTokens; a string stop becomes one stop sequence', () => {
    const base: ChatCompletionRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
    expect(toAnthropicRequest(base, options)).toEqual({
      model: 'claude-test',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      max_tokens: 1024,
    });
    expect(toAnthropicRequest({ ...base, max_tokens: 50, stop: 'STOP', temperature: 0.3 }, options)).toMatchObject({
      max_tokens: 50,
      stop_sequences: ['STOP'],
      temperature: 0.3,
    });
  });

  it.each([
    ['auto', { type: 'auto' }],
    ['none', { type: 'none' }],
    ['required', { type: 'any' }],
    [{ type: 'function', function: { name: 'get_weather' } }, { type: 'tool', name: 'get_weather' }],
  ] as const)('maps tool_choice %j', (choice, expected) => {
    const request: ChatCompletionRequest = {
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [{ type: 'function', function: { name: 'get_weather' } }],
      tool_choice: choice,
    };
    expect(toAnthropicRequest(request, options).tool_choice).toEqual(expected);
  });

  it('sends no tool_choice without tools', () => {
    const request: ChatCompletionRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }], tool_choice: 'auto' };
    expect(toAnthropicRequest(request, options)).not.toHaveProperty('tool_choice');
  });

  it('drops an assistant turn with nothing in it and an empty tool result body', () => {
    const request: ChatCompletionRequest = {
      model: 'm',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: null },
        { role: 'assistant', content: '', tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 't1', content: '' },
      ],
    };
    expect(toAnthropicRequest(request, options).messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'f', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1' }] },
    ]);
  });

  it('sends inline PDFs as documents', () => {
    const request: ChatCompletionRequest = {
      model: 'm',
      messages: [{ role: 'user', content: [{ type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } }] }],
    };
    expect(toAnthropicRequest(request, options).messages[0]?.content).toEqual([
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } },
    ]);
  });

  it.each<[string, ChatCompletionRequest, string]>([
    ['n > 1', { model: 'm', messages: [{ role: 'user', content: 'hi' }], n: 2 }, 'n'],
    ['only system messages', { model: 'm', messages: [{ role: 'system', content: 'x' }] }, 'messages'],
    [
      'an unsupported image type',
      { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/bmp;base64,Qk0=' } }] }] },
      'messages[0].content[0].image_url.url',
    ],
    [
      'an image that is neither a URL nor base64',
      { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }] }] },
      'messages[0].content[0].image_url.url',
    ],
    [
      'audio input',
      { model: 'm', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }] },
      'messages[0].content[0]',
    ],
    [
      'tool arguments that are not a JSON object',
      {
        model: 'm',
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '[1]' } }] },
        ],
      },
      'messages[1].tool_calls[0].function.arguments',
    ],
    ['the function role', { model: 'm', messages: [{ role: 'function', name: 'f', content: 'x' }] }, 'messages[0].role'],
  ])('refuses %s with InvalidRequestError naming the param', (_case, request, param) => {
    const error = mapError(request);
    expect(error.param).toBe(param);
    expect(error.statusCode).toBe(400);
  });
});
