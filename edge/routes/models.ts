import type { Handler } from 'hono';
import type { RunnerRegistry } from '../../shared/providers/registry.ts';
import type { ModelsList } from '../../shared/schemas/models.ts';
import type { AppEnv } from '../context.ts';
import { modelAllowed } from '../stages/02-auth/model-access.ts';

export interface ModelsRouteOptions {
  registry: RunnerRegistry;
  /** Seconds since the epoch reported as `created` (a config has no creation time per model). */
  created?: number;
}

/** GET /v1/models: the models and route aliases this caller may name (a key's `models` list narrows it). */
export const modelsRoute = ({ registry, created = Math.floor(Date.now() / 1000) }: ModelsRouteOptions): Handler<AppEnv> =>
  function models(c) {
    const allowed = c.get('auth')?.models;
    const list: ModelsList = {
      object: 'list',
      data: registry
        .listModels()
        .filter(({ id }) => !allowed || modelAllowed(allowed, id))
        .map(({ id, ownedBy }) => ({ id, object: 'model', created, owned_by: ownedBy })),
    };
    return c.json(list);
  };
