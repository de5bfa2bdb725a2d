import type { Handler } from 'hono';
import type { RunnerRegistry } from '../../shared/providers/registry.ts';
import type { ModelsList } from '../../shared/schemas/models.ts';
import type { AppEnv } from '../context.ts';

export interface ModelsRouteOptions {
  registry: RunnerRegistry;
  /** Seconds since the epoch reported as `created` (a config has no creation time per model). */
  created?: number;
}

/** GET /v1/models: the models and route aliases callers may name. */
export const modelsRoute = ({ registry, created = Math.floor(Date.now() / 1000) }: ModelsRouteOptions): Handler<AppEnv> =>
  function models(c) {
    const list: ModelsList = {
      object: 'list',
      data: registry.listModels().map(({ id, ownedBy }) => ({ id, object: 'model', created, owned_by: ownedBy })),
    };
    return c.json(list);
  };
