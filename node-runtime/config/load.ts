/** Loads the config file on Node: SWITCHYARD_CONFIG, else ./switchyard.config.json, else the dev default. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseConfigText } from '../../shared/config/parse.ts';
import type { SwitchyardConfig } from '../../shared/config/schema.ts';

export const DEFAULT_CONFIG_PATH = './switchyard.config.json';

export type LoadedConfig =
  | { source: 'file'; path: string; config: SwitchyardConfig }
  | { source: 'dev-default' };

/**
 * Reads and validates the config file. Throws ConfigError (every problem with its path) when the
 * file is invalid, and a plain Error when SWITCHYARD_CONFIG names a file that does not exist.
 */
export function loadConfigFile(env: Readonly<Record<string, string | undefined>>, cwd = process.cwd()): LoadedConfig {
  const explicit = env.SWITCHYARD_CONFIG || undefined;
  const path = resolve(cwd, explicit ?? DEFAULT_CONFIG_PATH);
  if (!existsSync(path)) {
    if (explicit) throw new Error(`SWITCHYARD_CONFIG points to ${path}, which does not exist. Fix the path or unset SWITCHYARD_CONFIG to use the built-in dev default.`);
    return { source: 'dev-default' };
  }
  return { source: 'file', path, config: parseConfigText(readFileSync(path, 'utf8'), path) };
}
