import { z } from 'zod';
import { SwitchyardConfig } from './schema.ts';

export interface ConfigProblem {
  /** Dotted path into the file, e.g. `providers[1].baseURL`; `(root)` for the whole file. */
  path: string;
  message: string;
}

/** The config is unusable; `problems` lists every issue with its path. */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[];
  constructor(source: string, problems: ConfigProblem[]) {
    super(`Invalid Switchyard config (${source}):\n${problems.map((problem) => `  - ${problem.path}: ${problem.message}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`))
    .join('');
}

export function parseConfig(raw: unknown, source = 'config'): SwitchyardConfig {
  const result = SwitchyardConfig.safeParse(raw);
  if (result.success) return result.data;
  throw new ConfigError(source, problemsOf(result.error));
}

export function parseConfigText(text: string, source = 'config'): SwitchyardConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(source, [{ path: '(root)', message: `not valid JSON: ${(error as Error).message}` }]);
  }
  return parseConfig(raw, source);
}

function problemsOf(error: z.ZodError): ConfigProblem[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}
