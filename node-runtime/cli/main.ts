/**
 * The `switchyard` command.
 *   switchyard start          node runtime + edge on Node (what `npm start` runs)
 *   switchyard node-runtime   only the node runtime (GPU boxes)
 *   switchyard dev-edge       node runtime here, edge inside workerd via `wrangler dev`
 *   switchyard models ...     list, pull and verify local models
 *   switchyard keys ...       create, list and revoke API keys
 *   switchyard audit tail     the newest audit records
 */
import { ConfigError } from '../../shared/config/parse.ts';
import { startStack, type RunningStack } from '../stack.ts';
import { startWranglerDev } from './dev-edge.ts';
import { MODELS_USAGE, runModelsCommand } from './models-command.ts';
import { runKeysCommand } from './keys.ts';
import { runAuditCommand } from './audit.ts';

const USAGE = `Usage: switchyard <command>

Commands:
  start          Start the node runtime and the edge (on Node). Edge port: PORT (default 8787).
  node-runtime   Start only the node runtime (for GPU boxes). Port: config nodeRuntime.port (default 8788).
  dev-edge       Start the node runtime here and the edge in workerd with wrangler dev.
  models         List, pull (from the Hugging Face hub) and verify local models; see "switchyard models help".
  keys           Create (shown once, stored as SHA-256), list and revoke API keys; see "switchyard keys help".
  audit tail     The newest audit records (--limit N, --tenant T, --json); see "switchyard audit help".

Environment:
  SWITCHYARD_CONFIG       config file (default ./switchyard.config.json; without one a dev default applies)
  SWITCHYARD_DEV_KEY      the API key the dev default accepts (generated and printed if unset)
  SWITCHYARD_MODELS_DIR   models folder of the node runtime (default ./models/local)
  SWITCHYARD_DATA_DIR     SQLite files of the edge on Node: limits and the audit trail (default ./.data)
  OPENAI_API_KEY, OPENAI_BASE_URL, ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL   cloud providers (dev default)
`;

function banner(stack: RunningStack, edgeURL: string | undefined): string {
  const lines = [''];
  lines.push(`Switchyard is running (config: ${stack.configSource})`);
  if (edgeURL) lines.push(`  endpoint            ${edgeURL}/v1   (OpenAI-compatible)`);
  lines.push(`  node runtime        ${stack.runtimeURL}`);
  lines.push(`  execution provider  ${stack.executionProvider.provider} (${stack.executionProvider.reason})`);
  lines.push(`  local models        ${stack.localModels.length > 0 ? stack.localModels.join(', ') : `none in ${stack.modelsDir}`}`);
  const cloud = stack.config.providers.filter((provider) => provider.type !== 'node-runtime').map((provider) => provider.id);
  lines.push(`  cloud providers     ${cloud.length > 0 ? cloud.join(', ') : 'none (set OPENAI_API_KEY or ANTHROPIC_API_KEY)'}`);
  if (stack.devKey) {
    lines.push(`  API key             ${stack.devKey.key}${stack.devKey.generated ? '   (generated for this run; set SWITCHYARD_DEV_KEY to keep one)' : ''}`);
  }
  const chatModel = stack.runtimeModels.find((candidate) => candidate.task === 'text-generation')?.id;
  const model = chatModel ?? stack.config.routes[0]?.id ?? stack.config.models.find((candidate) => candidate.kind === 'chat')?.id;
  if (edgeURL) {
    lines.push('');
    if (model) {
      const key = stack.devKey?.key ?? '<your key>';
      lines.push('Try it:');
      lines.push(`  curl ${edgeURL}/v1/chat/completions -H "Authorization: Bearer ${key}" -H "Content-Type: application/json" \\`);
      lines.push(`    -d '{"model":"${model}","messages":[{"role":"user","content":"Hello"}],"max_tokens":16}'`);
    } else {
      lines.push('No chat model yet: chat requests answer 503 until you add one. Either');
      lines.push('  - set OPENAI_API_KEY (or ANTHROPIC_API_KEY) and restart, or');
      lines.push('  - put a transformers.js model folder in the models folder, or');
      lines.push('  - run "npm run models:build" and start with SWITCHYARD_MODELS_DIR=models/fixtures/build (random-weight test fixture: garbage text).');
    }
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? 'start';
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return 0;
  }
  // What the subcommands read and write; they take it injected so their tests need no process.
  const io = {
    env: process.env,
    cwd: process.cwd(),
    stdout: (text: string) => void process.stdout.write(text),
    stderr: (text: string) => void process.stderr.write(text),
  };
  if (command === 'models') {
    if (argv[1] === undefined || argv[1] === 'help' || argv[1] === '--help') {
      process.stdout.write(MODELS_USAGE);
      return argv[1] === undefined ? 2 : 0;
    }
    return runModelsCommand(argv.slice(1), { ...io, interactive: process.stderr.isTTY === true });
  }
  if (command === 'keys') return runKeysCommand(argv.slice(1), io);
  if (command === 'audit') return runAuditCommand(argv.slice(1), io);
  if (command !== 'start' && command !== 'node-runtime' && command !== 'dev-edge') {
    process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  const stack = await startStack({ runtimeOnly: command !== 'start' });
  let edgeURL = stack.edgeURL;
  let stopWrangler: (() => Promise<void>) | undefined;
  if (command === 'dev-edge') {
    const wrangler = await startWranglerDev({ stack });
    edgeURL = wrangler.url;
    stopWrangler = wrangler.stop;
  }
  process.stdout.write(`${banner(stack, edgeURL)}\n\n`);

  const shutdown = async (signal: string) => {
    process.stdout.write(`\n${signal}: shutting down\n`);
    await stopWrangler?.();
    await stack.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n\nFix the file (switchyard.config.schema.json gives your editor completion) and start again.\n`);
    } else if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      process.stderr.write(`Port already in use: ${error.message}. Stop the other process or set PORT / SWITCHYARD_NODE_RUNTIME_PORT.\n`);
    } else {
      process.stderr.write(`switchyard failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    process.exit(1);
  },
);
