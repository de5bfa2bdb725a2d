/**
 * Anthropic Messages API wire format: the request we send (types only: we build it) and zod
 * schemas for everything we receive (responses, stream events, errors).
 *
 * Received objects are loose (Anthropic adds fields often); block and event types we do not
 * model are accepted and skipped, while the ones we map are checked strictly.
 */
import { z } from 'zod';

export type AnthropicImageSource = { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string };

export type AnthropicContentBlockParam =
  | { type: 'text'; text: string }
  | { type: 'image'; source: AnthropicImageSource }
  | { type: 'document'; source: { type: 'base64'; media_type: 'application/pdf'; data: string } }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }
  | { type: 'tool_result'; tool_use_id: string; content?: string };

export interface AnthropicMessageParam {
  role: 'user' | 'assistant';
  content: AnthropicContentBlockParam[];
}

export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
}

export type AnthropicToolChoice =
  | { type: 'auto' | 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

export interface AnthropicMessagesRequest {
  model: string;
  messages: AnthropicMessageParam[];
  max_tokens: number;
  system?: string;
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  metadata?: { user_id: string };
  stream?: boolean;
}

const Tokens = z.int().min(0);

export const AnthropicUsage = z.looseObject({
  input_tokens: Tokens,
  output_tokens: Tokens,
  cache_creation_input_tokens: Tokens.nullish(),
  cache_read_input_tokens: Tokens.nullish(),
});
export type AnthropicUsage = z.infer<typeof AnthropicUsage>;

const TextBlock = z.looseObject({ type: z.literal('text'), text: z.string() });
const ToolUseBlock = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
});
const MAPPED_BLOCK_TYPES = new Set(['text', 'tool_use']);
/** thinking, server tool results, ...: not mapped to OpenAI, so only their `type` is checked. */
const OtherBlock = z.looseObject({ type: z.string().refine((type) => !MAPPED_BLOCK_TYPES.has(type)) });

export const AnthropicContentBlock = z.union([TextBlock, ToolUseBlock, OtherBlock]);
export type AnthropicContentBlock = z.infer<typeof AnthropicContentBlock>;
export type AnthropicTextBlock = z.infer<typeof TextBlock>;
export type AnthropicToolUseBlock = z.infer<typeof ToolUseBlock>;

// Sound because OtherBlock refuses the mapped types, so `type` alone decides.
export const isTextBlock = (block: AnthropicContentBlock): block is AnthropicTextBlock => block.type === 'text';
export const isToolUseBlock = (block: AnthropicContentBlock): block is AnthropicToolUseBlock => block.type === 'tool_use';

export const AnthropicMessage = z.looseObject({
  id: z.string().min(1),
  type: z.literal('message'),
  role: z.literal('assistant'),
  model: z.string(),
  content: z.array(AnthropicContentBlock),
  /** Anthropic adds reasons over time; unknown ones map to `stop`. */
  stop_reason: z.string().nullable(),
  stop_sequence: z.string().nullish(),
  usage: AnthropicUsage,
});
export type AnthropicMessage = z.infer<typeof AnthropicMessage>;

export const AnthropicErrorEvent = z.looseObject({
  type: z.literal('error'),
  error: z.looseObject({ type: z.string(), message: z.string() }),
});

const TextDelta = z.looseObject({ type: z.literal('text_delta'), text: z.string() });
const InputJsonDelta = z.looseObject({ type: z.literal('input_json_delta'), partial_json: z.string() });
const MAPPED_DELTA_TYPES = new Set(['text_delta', 'input_json_delta']);
const OtherDelta = z.looseObject({ type: z.string().refine((type) => !MAPPED_DELTA_TYPES.has(type)) });

export const AnthropicStreamEvent = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('message_start'),
    message: AnthropicMessage.extend({ usage: AnthropicUsage.partial({ output_tokens: true }) }),
  }),
  z.looseObject({ type: z.literal('content_block_start'), index: z.int().min(0), content_block: AnthropicContentBlock }),
  z.looseObject({
    type: z.literal('content_block_delta'),
    index: z.int().min(0),
    delta: z.union([TextDelta, InputJsonDelta, OtherDelta]),
  }),
  z.looseObject({ type: z.literal('content_block_stop'), index: z.int().min(0) }),
  z.looseObject({
    type: z.literal('message_delta'),
    delta: z.looseObject({ stop_reason: z.string().nullish(), stop_sequence: z.string().nullish() }),
    /** Cumulative counts; input and cache counts appear only in newer API versions. */
    usage: z.looseObject({
      output_tokens: Tokens,
      input_tokens: Tokens.nullish(),
      cache_creation_input_tokens: Tokens.nullish(),
      cache_read_input_tokens: Tokens.nullish(),
    }),
  }),
  z.looseObject({ type: z.literal('message_stop') }),
  z.looseObject({ type: z.literal('ping') }),
  AnthropicErrorEvent,
]);
export type AnthropicStreamEvent = z.infer<typeof AnthropicStreamEvent>;
export type AnthropicContentDelta = Extract<AnthropicStreamEvent, { type: 'content_block_delta' }>['delta'];
export type AnthropicTextDelta = z.infer<typeof TextDelta>;
export type AnthropicInputJsonDelta = z.infer<typeof InputJsonDelta>;
export const isTextDelta = (delta: AnthropicContentDelta): delta is AnthropicTextDelta => delta.type === 'text_delta';
export const isInputJsonDelta = (delta: AnthropicContentDelta): delta is AnthropicInputJsonDelta => delta.type === 'input_json_delta';

export const KNOWN_STREAM_EVENT_TYPES: ReadonlySet<string> = new Set([
  'message_start',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
  'message_delta',
  'message_stop',
  'ping',
  'error',
]);
