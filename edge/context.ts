/** What the stages hand each other through Hono's context. */
import type { Classification } from '../shared/classifier/index.ts';
import type { Limits, Policy, Scope } from '../shared/config/schema.ts';
import type { Logger } from '../shared/log/index.ts';
import type { ResolvedTarget } from '../shared/providers/registry.ts';
import type { ChatCompletionRequest, Usage } from '../shared/schemas/chat.ts';
import type { SwitchyardError } from '../shared/errors/index.ts';
import type { ServedBy } from '../shared/spec/model-runner.ts';
export type { OutputFilter, TextFilter } from '../shared/spec/output-filter.ts';
import type { OutputFilter } from '../shared/spec/output-filter.ts';
import type { EmbeddingsRequest } from '../shared/schemas/embeddings.ts';

export interface RequestAuth {
  tenantId: string;
  /** The API key's id, or `jwt-<hash of issuer and subject>` for JWT callers. */
  keyId: string;
  scopes: readonly Scope[];
  /** Limits of this key (or JWT subject) alone; the tenant's come from the config. */
  limits?: Limits;
  /** Model names and route aliases the caller may use (`*` ends a prefix); all when absent. */
  models?: readonly string[];
  /** The tenant's request policy with this key's overrides (PII: allow | mask | block); defaults when absent. */
  policy?: Policy;
}

export type ParsedBody =
  | { kind: 'chat'; request: ChatCompletionRequest }
  | { kind: 'embeddings'; request: EmbeddingsRequest };

/** What a finished request produced, for accounting (usage, cost, budgets) and audit. */
export interface ResponseOutcome {
  /** Real token counts from the model, when it reported them. */
  usage?: Usage;
  servedBy?: ServedBy;
  model?: string;
  error?: SwitchyardError;
  /** The caller went away before the end. */
  cancelled?: boolean;
}

export type ResponseListener = (outcome: ResponseOutcome) => void | Promise<void>;

/** The injection assessment of a chat request, for the audit trail. */
export interface InjectionVerdict {
  score: number;
  flagged: boolean;
  reasons: readonly string[];
}

// Read with c.get('name'): Hono's c.var copies every variable into a new object on each access.
export interface AppVariables {
  requestId: string;
  startedAt: number;
  logger: Logger;
  auth: RequestAuth;
  body: ParsedBody;
  /** The edge classifier's view of a chat request (absent when it could not run). */
  classification?: Classification;
  /** Set by the injection check when it ran. */
  injection?: InjectionVerdict;
  /**
   * What the PII check found: type -> number of findings (never values). Under `block`, the
   * findings of the text that was refused; under `allow`, nothing is looked for.
   */
  piiFindings?: Readonly<Record<string, number>>;
  /** Ordered targets chosen by the route stage; the first that answers serves the request. */
  targets: ResolvedTarget[];
  /** Headers stages want on the final response, whatever produced it (set by request-context at the end). */
  responseHeaders: Record<string, string>;
  /** Applied in order to every choice's content. Stages add to it; respond applies it. */
  outputFilters: OutputFilter[];
  /** Called once when the response is complete (after the last byte of a stream). */
  responseListeners: ResponseListener[];
}

export interface AppEnv {
  Variables: AppVariables;
}
