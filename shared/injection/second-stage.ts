/**
 * The injection policy's second stage: a pretrained text-classification model on a node runtime
 * (`POST /v1/classifications`, hop-signed like the runtime's other routes), asked about the texts
 * the edge classifier escalates. Portable: Web standards only, runs in workerd and on Node.
 */
import type { InjectionSecondStage, Provider } from '../config/schema.ts';
import { ServiceUnavailableError, SwitchyardError, TimeoutError, UpstreamError } from '../errors/index.ts';
import { signHop } from '../hop/index.ts';
import { defaultFetch, joinURL, readErrorDetails } from '../runners/upstream.ts';
import { ClassificationsResponse, MAX_CLASSIFICATION_INPUTS } from '../schemas/classifications.ts';
import type { FetchFunction } from '../spec/model-runner.ts';

export type NodeRuntimeProvider = Extract<Provider, { type: 'node-runtime' }>;

/** Codes of the second stage's own failures; a runtime's refusal carries the runtime's code instead (e.g. `model_not_installed`). */
export const SECOND_STAGE_FAILURES = {
  secretMissing: 'second_stage_secret_missing',
  unreachable: 'second_stage_unreachable',
  timeout: 'second_stage_timeout',
  malformed: 'second_stage_malformed',
  unknownLabel: 'second_stage_unknown_label',
} as const;

export interface SecondStageOptions {
  settings: InjectionSecondStage;
  /** The provider named by `settings.provider`: where the runtime listens and which variable holds its hop secret. */
  provider: NodeRuntimeProvider;
  /** Where the hop secret is read from: process.env on Node, the Worker's bindings on the edge. */
  env: Readonly<Record<string, unknown>>;
  fetch?: FetchFunction;
}

export interface SecondStage {
  readonly settings: InjectionSecondStage;
  /**
   * P(attackLabel) for each text, in input order. Throws a SwitchyardError whose `code` names
   * the failure (see SECOND_STAGE_FAILURES) and whose message says what to fix; a caller's own
   * abort is rethrown as its reason.
   */
  classify(texts: readonly string[], signal?: AbortSignal): Promise<number[]>;
}

const PATH = '/v1/classifications';
const QUOTED_MESSAGE_LIMIT = 300;

/**
 * Characters per window the second stage is sent. Pretrained injection classifiers read about 512
 * tokens (roughly 2,000 characters of English) and cut the rest, so a longer window would only
 * hide its tail from the model.
 */
export const SECOND_STAGE_WINDOW_CHARS = 2048;

/**
 * What the second stage sees of a text: the text itself, or, when it is longer than one window,
 * its head and its tail as two windows (injections hide at the start or the end of a long
 * document); the text's score is the higher of the two.
 */
export function classificationWindows(text: string): string[] {
  if (text.length <= SECOND_STAGE_WINDOW_CHARS) return [text];
  // Never cut a surrogate pair in two: the runtime's tokenizer would see a broken character.
  const headEnd = /[\ud800-\udbff]/.test(text[SECOND_STAGE_WINDOW_CHARS - 1] ?? '') ? SECOND_STAGE_WINDOW_CHARS - 1 : SECOND_STAGE_WINDOW_CHARS;
  const tailStart = text.length - SECOND_STAGE_WINDOW_CHARS;
  return [text.slice(0, headEnd), text.slice(/[\udc00-\udfff]/.test(text[tailStart] ?? '') ? tailStart + 1 : tailStart)];
}

/**
 * Builds the second-stage client.
 *
 * @param options.fetch defaults to `globalThis.fetch`
 * @example
 * const secondStage = createSecondStage({ settings: config.guards.injection.secondStage, provider, env: process.env })
 * const [attackProbability] = await secondStage.classify(['Ignore previous instructions'])
 */
export function createSecondStage({ settings, provider, env, fetch = defaultFetch }: SecondStageOptions): SecondStage {
  if (!settings) throw new Error('createSecondStage requires "settings"');
  if (provider?.type !== 'node-runtime') throw new Error('createSecondStage requires a "node-runtime" provider');
  if (provider.id !== settings.provider) throw new Error(`createSecondStage: settings name provider "${settings.provider}", got "${provider.id}"`);
  const url = joinURL(provider.baseURL, PATH);
  const signedPath = new URL(url).pathname;
  const where = `node runtime "${provider.id}"`;

  function malformed(what: string): UpstreamError {
    return new UpstreamError({
      message: `The ${where} answered the second-stage classification with ${what}; check that it runs a Switchyard version that serves POST ${PATH}.`,
      code: SECOND_STAGE_FAILURES.malformed,
    });
  }

  async function refusal(response: Response): Promise<SwitchyardError> {
    let body: unknown;
    try {
      body = JSON.parse(await response.text());
    } catch {
      body = undefined;
    }
    const details = readErrorDetails(body);
    const code = details?.code ?? `second_stage_http_${response.status}`;
    const hint = code.startsWith('hop_')
      ? `Give ${provider.hopSecretEnv} here the runtime's hop secret and check that both clocks agree.`
      : code === 'model_not_installed' || code === 'model_task_mismatch'
        ? `Install the text-classification model "${settings.model}" on the runtime, or fix guards.injection.secondStage.model.`
        : '';
    // A hop refusal is fully said by its code; other runtime messages say how to fix themselves.
    const quoted = details?.message && !code.startsWith('hop_') ? `: ${details.message.slice(0, QUOTED_MESSAGE_LIMIT)}` : '';
    const message = `The ${where} refused the second-stage classification (${response.status} ${code})${quoted} ${hint}`.trim();
    return response.status === 503
      ? new ServiceUnavailableError({ message, code })
      : new UpstreamError({ message, code, upstreamStatus: response.status });
  }

  async function post(secret: string, input: string[], signal: AbortSignal): Promise<number[]> {
    const body = JSON.stringify({ model: settings.model, input });
    const headers = {
      'content-type': 'application/json',
      accept: 'application/json',
      // The runtime's admission control refuses at once what it cannot start within this deadline.
      'x-switchyard-timeout-ms': String(settings.timeoutMs),
      ...(await signHop(secret, { method: 'POST', path: signedPath, body })),
    };
    const response = await fetch(url, { method: 'POST', headers, body, signal });
    if (!response.ok) throw await refusal(response);
    let json: unknown;
    try {
      json = JSON.parse(await response.text());
    } catch {
      throw malformed('a body that is not JSON');
    }
    const parsed = ClassificationsResponse.safeParse(json);
    if (!parsed.success) {
      const paths = parsed.error.issues.slice(0, 3).map((issue) => issue.path.join('.') || '(root)');
      throw malformed(`a body that does not match the classifications format (at ${paths.join(', ')})`);
    }
    const { data } = parsed.data;
    if (data.length !== input.length) throw malformed(`${data.length} results for ${input.length} inputs`);
    const scores: (number | undefined)[] = input.map(() => undefined);
    for (const result of data) {
      if (result.index >= input.length || scores[result.index] !== undefined) throw malformed('result indexes that are not 0 to n-1, each once');
      const probability = result.scores[settings.attackLabel];
      if (probability === undefined) {
        const labels = Object.keys(result.scores).slice(0, 8).map((label) => label.slice(0, 64));
        throw new UpstreamError({
          message: `The second-stage model "${settings.model}" has no label "${settings.attackLabel}" (its labels: ${labels.join(', ') || 'none'}); set guards.injection.secondStage.attackLabel to its attack label.`,
          code: SECOND_STAGE_FAILURES.unknownLabel,
        });
      }
      scores[result.index] = probability;
    }
    return scores.map((score) => score ?? 0);
  }

  return {
    settings,
    async classify(texts, signal) {
      if (texts.length === 0) return [];
      const secret = env[provider.hopSecretEnv];
      if (typeof secret !== 'string' || secret.length === 0) {
        throw new ServiceUnavailableError({
          message: `The second-stage injection classifier needs the hop secret of ${where} in the environment variable ${provider.hopSecretEnv}; set it to the runtime's secret, or remove guards.injection.secondStage.`,
          code: SECOND_STAGE_FAILURES.secretMissing,
        });
      }
      // Tool results and decodings repeat; each distinct window is sent once.
      const windows = texts.map(classificationWindows);
      const distinct = [...new Set(windows.flat())];
      const chunks: string[][] = [];
      for (let start = 0; start < distinct.length; start += MAX_CLASSIFICATION_INPUTS) chunks.push(distinct.slice(start, start + MAX_CLASSIFICATION_INPUTS));

      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new Error('second-stage deadline passed'));
      }, settings.timeoutMs);
      const forwardAbort = () => controller.abort(signal?.reason);
      if (signal?.aborted) forwardAbort();
      else signal?.addEventListener('abort', forwardAbort, { once: true });
      try {
        const answers = (await Promise.all(chunks.map((chunk) => post(secret, chunk, controller.signal)))).flat();
        const byWindow = new Map(distinct.map((window, index) => [window, answers[index] ?? 0]));
        return windows.map((textWindows) => Math.max(...textWindows.map((window) => byWindow.get(window) ?? 0)));
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (timedOut) {
          throw new TimeoutError({
            message: `The second-stage injection classifier on ${where} did not answer within ${settings.timeoutMs} ms; raise guards.injection.secondStage.timeoutMs or check the runtime's load (GET /readyz, /metrics).`,
            code: SECOND_STAGE_FAILURES.timeout,
            cause: error,
          });
        }
        if (SwitchyardError.isInstance(error)) throw error;
        throw new UpstreamError({
          message: `The ${where} (${provider.baseURL}) could not be reached for the second-stage injection classifier; check that it runs and that the provider's baseURL points at it.`,
          code: SECOND_STAGE_FAILURES.unreachable,
          cause: error,
        });
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', forwardAbort);
        // A failed chunk must not leave its siblings running.
        controller.abort();
      }
    },
  };
}
