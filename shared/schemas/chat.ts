/**
 * OpenAI Chat Completions wire format (request, response, stream chunk), as zod schemas.
 *
 * Requests are loose objects: fields we do not model (provider-specific knobs) pass through to
 * upstreams untouched, while every field we do model is checked strictly.
 */
import { z } from 'zod';

const TextPart = z.object({ type: z.literal('text'), text: z.string() });
const ImageUrlPart = z.object({
  type: z.literal('image_url'),
  image_url: z.object({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }),
});
const InputAudioPart = z.object({
  type: z.literal('input_audio'),
  input_audio: z.object({ data: z.string(), format: z.enum(['wav', 'mp3']) }),
});
const FilePart = z.object({
  type: z.literal('file'),
  file: z.object({ file_data: z.string().optional(), file_id: z.string().optional(), filename: z.string().optional() }),
});
const RefusalPart = z.object({ type: z.literal('refusal'), refusal: z.string() });

export const UserContentPart = z.discriminatedUnion('type', [TextPart, ImageUrlPart, InputAudioPart, FilePart]);
export type UserContentPart = z.infer<typeof UserContentPart>;

const TextContent = z.union([z.string(), z.array(TextPart)]);

export const ToolCall = z.object({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.object({ name: z.string().min(1), arguments: z.string() }),
});
export type ToolCall = z.infer<typeof ToolCall>;

const SystemMessage = z.object({ role: z.literal('system'), content: TextContent, name: z.string().optional() });
const DeveloperMessage = z.object({ role: z.literal('developer'), content: TextContent, name: z.string().optional() });
const UserMessage = z.object({
  role: z.literal('user'),
  content: z.union([z.string(), z.array(UserContentPart).min(1)]),
  name: z.string().optional(),
});
const AssistantMessage = z.object({
  role: z.literal('assistant'),
  content: z.union([z.string(), z.array(z.discriminatedUnion('type', [TextPart, RefusalPart])), z.null()]).optional(),
  name: z.string().optional(),
  refusal: z.string().nullable().optional(),
  tool_calls: z.array(ToolCall).optional(),
});
const ToolMessage = z.object({ role: z.literal('tool'), content: TextContent, tool_call_id: z.string().min(1) });
/** Deprecated by OpenAI but still sent by older clients. */
const FunctionMessage = z.object({ role: z.literal('function'), content: z.string().nullable(), name: z.string() });

export const ChatMessage = z.discriminatedUnion('role', [
  SystemMessage,
  DeveloperMessage,
  UserMessage,
  AssistantMessage,
  ToolMessage,
  FunctionMessage,
]);
export type ChatMessage = z.infer<typeof ChatMessage>;

export const FunctionTool = z.object({
  type: z.literal('function'),
  function: z.object({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, underscores or dashes'),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullable().optional(),
  }),
});

export const ToolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string().min(1) }) }),
]);

export const ResponseFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({
      name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, underscores or dashes'),
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullable().optional(),
    }),
  }),
]);
export type ResponseFormat = z.infer<typeof ResponseFormat>;

const Stop = z.union([z.string(), z.array(z.string()).max(4)]).nullable();

export const ChatCompletionRequest = z.looseObject({
  model: z.string().min(1),
  messages: z.array(ChatMessage).min(1),
  tools: z.array(FunctionTool).max(128).optional(),
  tool_choice: ToolChoice.optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: ResponseFormat.optional(),
  stream: z.boolean().nullable().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullable().optional(),
  n: z.int().min(1).max(128).nullable().optional(),
  max_tokens: z.int().min(1).nullable().optional(),
  max_completion_tokens: z.int().min(1).nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  presence_penalty: z.number().min(-2).max(2).nullable().optional(),
  frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
  seed: z.int().nullable().optional(),
  stop: Stop.optional(),
  user: z.string().max(256).optional(),
});
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>;

export const FinishReason = z.enum(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']);
export type FinishReason = z.infer<typeof FinishReason>;

export const Usage = z.object({
  prompt_tokens: z.int().min(0),
  completion_tokens: z.int().min(0),
  total_tokens: z.int().min(0),
});
export type Usage = z.infer<typeof Usage>;

export const AssistantResponseMessage = z.object({
  role: z.literal('assistant'),
  content: z.string().nullable(),
  refusal: z.string().nullable().optional(),
  tool_calls: z.array(ToolCall).optional(),
});

export const ChatCompletion = z.object({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.int().min(0),
      message: AssistantResponseMessage,
      finish_reason: FinishReason.nullable(),
      logprobs: z.unknown().optional(),
    }),
  ),
  usage: Usage.optional(),
  system_fingerprint: z.string().nullable().optional(),
});
export type ChatCompletion = z.infer<typeof ChatCompletion>;

export const ToolCallDelta = z.object({
  index: z.int().min(0),
  id: z.string().optional(),
  type: z.literal('function').optional(),
  function: z.object({ name: z.string().optional(), arguments: z.string().optional() }).optional(),
});

export const ChatCompletionChunk = z.object({
  id: z.string(),
  object: z.literal('chat.completion.chunk'),
  created: z.int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.int().min(0),
      delta: z.object({
        role: z.literal('assistant').optional(),
        content: z.string().nullable().optional(),
        refusal: z.string().nullable().optional(),
        tool_calls: z.array(ToolCallDelta).optional(),
      }),
      finish_reason: FinishReason.nullable(),
      logprobs: z.unknown().optional(),
    }),
  ),
  usage: Usage.nullable().optional(),
  system_fingerprint: z.string().nullable().optional(),
});
export type ChatCompletionChunk = z.infer<typeof ChatCompletionChunk>;

/** Text of a message's content, parts joined; non-text parts are skipped. */
export function contentText(content: ChatMessage['content']): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

/** The completion budget the caller asked for, whichever field they used. */
export function requestedMaxTokens(request: ChatCompletionRequest): number | undefined {
  return request.max_completion_tokens ?? request.max_tokens ?? undefined;
}
