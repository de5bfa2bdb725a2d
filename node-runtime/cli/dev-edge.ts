/**
 * Runs the edge inside workerd (`wrangler dev`) against this process's node runtime. Config and
 * secrets go to wrangler through a private env file, never the command line (visible in `ps`).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningStack } from '../stack.ts';

export interface WranglerDevOptions {
  stack: RunningStack;
  /** Default PORT or 8787. */
  port?: number;
}

function dotenvLine(name: string, value: string): string {
  if (value.includes("'") || value.includes('\n')) throw new Error(`${name} cannot be passed to wrangler: it contains a quote or newline.`);
  return `${name}='${value}'`;
}

export async function startWranglerDev({ stack, port }: WranglerDevOptions): Promise<{ url: string; stop(): Promise<void> }> {
  const env = stack.secretsEnv;
  const edgePort = port ?? Number(env.PORT ?? 8787);
  const directory = join('.wrangler', 'switchyard');
  mkdirSync(directory, { recursive: true });
  const envFile = join(directory, 'dev.env');
  const secrets: Record<string, string> = { SWITCHYARD_CONFIG: JSON.stringify(stack.config) };
  // Exactly the secrets the config names: provider keys and hop secrets.
  const secretNames = stack.config.providers.map((provider) => ('apiKeyEnv' in provider ? provider.apiKeyEnv : provider.hopSecretEnv));
  for (const name of new Set(secretNames)) {
    const value = env[name];
    if (value) secrets[name] = value;
  }
  writeFileSync(envFile, `${Object.entries(secrets).map(([name, value]) => dotenvLine(name, value)).join('\n')}\n`, { mode: 0o600 });

  const child = spawn(
    'npx',
    ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', String(edgePort), '--env-file', envFile, '--show-interactive-dev-session=false'],
    // Own process group: killing npx alone would leave workerd running.
    { detached: true, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  );
  const url = `http://127.0.0.1:${edgePort}`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('wrangler dev did not become ready within 60 s')), 60_000);
    child.stdout?.on('data', (data: Buffer) => {
      process.stdout.write(data);
      if (data.toString().includes('Ready on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`wrangler dev exited with code ${code}`));
    });
  });
  return {
    url,
    stop: async () => {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      rmSync(envFile, { force: true });
    },
  };
}
