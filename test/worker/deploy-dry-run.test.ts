/** The Worker must build for Cloudflare exactly as `wrangler deploy` would, without an account. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('wrangler deploy --dry-run', () => {
  // onnxruntime-web's wasm alone is ~3.7 MB gzipped: over the free plan's 3 MB, well within the paid plan's 10 MB.
  it('bundles the edge Worker well under the 10 MB limit', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'switchyard-dry-run-'));
    const { stdout } = await run('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], {
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
      timeout: 120_000,
    });
    expect(stdout).toContain('--dry-run: exiting now.');
    const gzipKiB = Number(/gzip: ([\d.]+) KiB/.exec(stdout)?.[1]);
    expect(gzipKiB).toBeGreaterThan(10);
    expect(gzipKiB).toBeLessThan(6 * 1024);
  }, 150_000);
});
