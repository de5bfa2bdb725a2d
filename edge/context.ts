/** What the stages hand each other through Hono's context. */
import type { Scope } from '../shared/config/schema.ts';
import type { Logger } from '../shared/log/index.ts';
import type { ResolvedTarget } from '../shared/providers/registry.ts';
import type { ChatCompletionRequest } from '../shared/schemas/chat.ts';
import type { EmbeddingsRequest } from '../shared/schemas/embeddings.ts';

export interface RequestAuth {
  tenantId: string;
  keyId: string;
  scopes: readonly Scope[];
}

export type ParsedBody =
  | { kind: 'chat'; request: ChatCompletionRequest }
  | { kind: 'embeddings'; request: EmbeddingsRequest };

export interface AppVariables {
  requestId: string;
  startedAt: number;
  logger: Logger;
  auth: RequestAuth;
  body: ParsedBody;
  /** Ordered targets chosen by the route stage; the first that answers serves the request. */
  targets: ResolvedTarget[];
}

export interface AppEnv {
  Variables: AppVariables;
}
