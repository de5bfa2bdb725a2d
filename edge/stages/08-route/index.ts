import type { MiddlewareHandler } from 'hono';
import { InvalidRequestError, ServiceUnavailableError } from '../../../shared/errors/index.ts';
import type { ResolvedTarget, RunnerRegistry } from '../../../shared/providers/registry.ts';
import type { ModelRunnerCapabilities } from '../../../shared/spec/model-runner.ts';
import type { AppEnv, ParsedBody } from '../../context.ts';

export interface RouteOptions {
  registry: RunnerRegistry;
}

export const NO_CHAT_MODEL_MESSAGE =
  'No chat model is available: no local model is installed and no cloud provider is configured. ' +
  'Install a model into the node runtime\'s models folder (or run "npm run models:build" and start with ' +
  'SWITCHYARD_MODELS_DIR=models/fixtures/build for the random-weight test fixture), ' +
  'or set OPENAI_API_KEY or ANTHROPIC_API_KEY and restart.';

/** Capabilities a target must declare to serve this body, each with the request field that needs it. */
function requiredCapabilities(body: ParsedBody): [keyof ModelRunnerCapabilities, string][] {
  if (body.kind === 'embeddings') return [['embeddings', 'model']];
  const { request } = body;
  const needs: [keyof ModelRunnerCapabilities, string][] = [['chat', 'model']];
  if (request.stream) needs.push(['streaming', 'stream']);
  if (request.tools && request.tools.length > 0 && request.tool_choice !== 'none') needs.push(['tools', 'tools']);
  if (request.response_format && request.response_format.type !== 'text') needs.push(['structuredOutput', 'response_format']);
  return needs;
}

/**
 * Stage 8: turns the requested model into ordered targets (the model, then its fallbacks, or a
 * route alias's targets) and drops targets that lack a capability the request needs.
 *
 * @example app.post('/v1/chat/completions', …, route({ registry }), …)
 */
export const route = ({ registry }: RouteOptions): MiddlewareHandler<AppEnv> => {
  if (!registry) throw new Error('route requires "registry"');
  return async function route(c, next) {
    const body = c.get('body');
    if (body.kind === 'chat' && !registry.hasChatTargets) {
      throw new ServiceUnavailableError({ message: NO_CHAT_MODEL_MESSAGE, code: 'no_model_available' });
    }
    const candidates = registry.resolve(body.request.model, c.get('classification')?.route);
    let targets: ResolvedTarget[] = candidates;
    for (const [capability, param] of requiredCapabilities(body)) {
      targets = targets.filter((target) => target.runner.capabilities[capability]);
      if (targets.length === 0) {
        throw new InvalidRequestError({
          message: `The model "${body.request.model}" (and its fallbacks) cannot serve this request: "${param}" needs the ${capability} capability.`,
          code: 'unsupported_capability',
          param,
        });
      }
    }
    c.set('targets', targets);
    await next();
  };
};
