/** The `switchyard` CLI as a user runs it: a real process, its output and exit code. */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.ts';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI until it exits, or until `until` matches its stdout (then stops it). */
function runCli(args: string[], env: Record<string, string>, until?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'node-runtime/cli/main.ts', ...args], {
      // SQLite files (limits, audit) go to a temporary folder, not the checkout's .data.
      env: { ...process.env, SWITCHYARD_DATA_DIR: mkdtempSync(join(tmpdir(), 'switchyard-cli-')), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.stdout.on('data', (data: Buffer) => {
      stdout += data.toString();
      if (until?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('switchyard CLI', () => {
  it('refuses to start on an invalid config and prints every problem with its path', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'switchyard-config-'));
    const path = join(directory, 'switchyard.config.json');
    writeFileSync(
      path,
      JSON.stringify({
        tenants: [{ id: 'acme', keys: [{ id: 'k', sha256: 'short' }] }],
        providers: [{ id: 'oa', type: 'openai', baseURL: 'not a url' }],
        models: [{ id: 'm', provider: 'nowhere' }],
      }),
    );
    const run = await runCli(['start'], { SWITCHYARD_CONFIG: path });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('tenants[0].keys[0].sha256');
    expect(run.stderr).toContain('providers[0].baseURL');
    expect(run.stdout).not.toContain('Switchyard is running');
  });

  it('says so when SWITCHYARD_CONFIG names a missing file', async () => {
    const run = await runCli(['start'], { SWITCHYARD_CONFIG: '/nonexistent/switchyard.config.json' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/does not exist/);
  });

  it('starts with the dev default, printing endpoint, provider, models and a curl', async () => {
    const [edgePort, runtimePort] = await Promise.all([freePort(), freePort()]);
    const run = await runCli(
      ['start'],
      {
        PORT: String(edgePort),
        SWITCHYARD_NODE_RUNTIME_PORT: String(runtimePort),
        SWITCHYARD_MODELS_DIR: 'models/fixtures/build',
        SWITCHYARD_DEV_KEY: 'sk-cli-test-key',
        SWITCHYARD_CONFIG: '',
        OPENAI_API_KEY: '',
        ANTHROPIC_API_KEY: '',
      },
      /curl .*\n.*max_tokens/,
    );
    expect(run.stdout).toContain(`http://127.0.0.1:${edgePort}/v1`);
    expect(run.stdout).toMatch(/execution provider\s+cpu/);
    expect(run.stdout).toMatch(/local models\s+tiny-random-gpt2/);
    expect(run.stdout).toContain('Authorization: Bearer sk-cli-test-key');
  });

  it('prints usage for an unknown command', async () => {
    const run = await runCli(['frobnicate'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: switchyard');
  });
});
