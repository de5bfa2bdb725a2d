import type { MiddlewareHandler } from 'hono';
import type { Classification, EdgeClassifier } from '../../../shared/classifier/index.ts';
import { contentText, type ChatCompletionRequest } from '../../../shared/schemas/chat.ts';
import type { AppEnv } from '../../context.ts';

export interface ClassifyOptions {
  /** Resolves the isolate's (or process's) classifier; created once by the runtime adapter. */
  classifier: () => Promise<EdgeClassifier>;
}

/** What the model is asked to do: the last user turn (earlier turns are context, not the ask). */
export function routingText(request: ChatCompletionRequest): string {
  for (let index = request.messages.length - 1; index >= 0; index--) {
    const message = request.messages[index];
    if (message?.role === 'user') return contentText(message.content);
  }
  return '';
}

/**
 * Stage 7: classifies chat requests with the edge ONNX model (difficulty, task, confidence,
 * injection score) for the route stage. A classifier that cannot load degrades routing to the
 * configured defaults rather than failing requests; the failure is logged.
 *
 * @example app.post('/v1/chat/completions', …, classify({ classifier: workerdClassifier }), route(…), …)
 */
export const classify = ({ classifier }: ClassifyOptions): MiddlewareHandler<AppEnv> => {
  if (!classifier) throw new Error('classify requires "classifier"');
  return async function classify(c, next) {
    const body = c.get('body');
    // The injection check may already have classified the same (unmasked) turn.
    if (body.kind === 'chat' && !c.get('classification')) {
      let classification: Classification | undefined;
      try {
        [classification] = await (await classifier()).classify([routingText(body.request)]);
      } catch (error) {
        c.get('logger').log('error', 'classifier-fail', { requestId: c.get('requestId'), cause: error instanceof Error ? error.name : typeof error });
      }
      if (classification) c.set('classification', classification);
    }
    await next();
  };
};
