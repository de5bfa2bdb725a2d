import { Hono } from 'hono';
import type { RunnerRegistry } from '../../shared/providers/registry.ts';
import type { AppEnv } from '../context.ts';

export interface ReadinessReport {
  name: string;
  ready: boolean;
  detail?: Record<string, unknown>;
}

/** Extra checks for /readyz, e.g. whether each node runtime answers. */
export type ReadinessProbe = () => Promise<ReadinessReport[]>;

export interface HealthRoutesOptions {
  registry: RunnerRegistry;
  readiness?: ReadinessProbe;
}

/**
 * GET /healthz: the process is alive. GET /readyz: config loaded, what can serve, and the state
 * of each dependency. The edge stays ready while any target can serve (cloud can cover a node
 * runtime that is down), so readiness is 503 only when nothing can serve chat.
 */
export function healthRoutes({ registry, readiness }: HealthRoutesOptions): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/healthz', (c) => c.json({ status: 'ok' }));
  routes.get('/readyz', async (c) => {
    const dependencies = readiness ? await readiness() : [];
    const degraded = !registry.hasChatTargets || dependencies.some((dependency) => !dependency.ready);
    return c.json({ status: degraded ? 'degraded' : 'ready', models: registry.listModels().map((model) => model.id), dependencies });
  });
  return routes;
}

export interface NodeRuntimeProbeOptions {
  runtimes: readonly { id: string; baseURL: string }[];
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Asks each node runtime's /readyz (unauthenticated, no secrets) and reports what it says. */
export function probeNodeRuntimes({ runtimes, fetch: fetchFunction = fetch, timeoutMs = 1500 }: NodeRuntimeProbeOptions): ReadinessProbe {
  return () =>
    Promise.all(
      runtimes.map(async ({ id, baseURL }): Promise<ReadinessReport> => {
        try {
          const response = await fetchFunction(`${baseURL.replace(/\/+$/, '')}/readyz`, { signal: AbortSignal.timeout(timeoutMs) });
          const detail = (await response.json()) as Record<string, unknown>;
          return { name: `node-runtime:${id}`, ready: response.ok, detail };
        } catch {
          return { name: `node-runtime:${id}`, ready: false, detail: { error: `unreachable at ${baseURL}` } };
        }
      }),
    );
}
