/**
 * A test double of the node runtime's `POST /v1/classifications` (the contract in
 * shared/schemas/classifications.ts). It checks the hop signature with the real HopVerifier and
 * the body with the real request schema, answers scripted per-text scores, and fails on demand.
 * Its `fetch` stands in for the network, on Node and inside workerd alike.
 */
import { HopVerifier, type HopRejection } from '../../shared/hop/index.ts';
import { ClassificationsRequest, type ClassificationsResponse } from '../../shared/schemas/classifications.ts';
import type { FetchFunction } from '../../shared/spec/model-runner.ts';

/** How the double answers the next requests. */
export type RuntimeBehaviour =
  | 'answer'
  /** The connection fails, as when nothing listens at the address. */
  | 'unreachable'
  /** Never answers; only the caller's abort ends the request. */
  | 'hang'
  /** 503 model_not_installed, the runtime's answer for a model it does not have. */
  | 'not-installed'
  | 'not-json'
  | 'wrong-shape'
  /** One result fewer than inputs. */
  | 'missing-result'
  /** Labels the model does not call INJECTION (LABEL_0 / LABEL_1). */
  | 'unknown-label';

export interface ClassificationRuntimeOptions {
  /** Where it pretends to listen, e.g. `http://classifier-runtime.test`. */
  baseURL: string;
  /** The hop secret the edge must sign with. */
  secret: string;
  /** The one text-classification model it serves. */
  model: string;
  /** P(attack) per text; texts it does not know get `defaultScore`. */
  scores?: Readonly<Record<string, number>>;
  defaultScore?: number;
  labels?: { benign: string; attack: string };
}

export interface RecordedCall {
  input: string[];
  /** The x-switchyard-timeout-ms header the edge sent. */
  timeoutMs: string | null;
}

export interface ClassificationRuntime {
  fetch: FetchFunction;
  /** Requests that passed the hop check, in order. */
  readonly calls: RecordedCall[];
  /** Hop checks that failed, in order. */
  readonly rejections: HopRejection[];
  behaviour: RuntimeBehaviour;
}

const envelope = (status: number, type: string, code: string, message: string): Response =>
  Response.json({ error: { message, type, code, param: null } }, { status });

/**
 * Builds the double.
 *
 * @example
 * const runtime = createClassificationRuntime({ baseURL: 'http://runtime.test', secret, model: 'deberta', scores: { 'ignore it': 0.97 } })
 * const secondStage = createSecondStage({ settings, provider, env: { HOP: secret }, fetch: runtime.fetch })
 */
export function createClassificationRuntime({
  baseURL,
  secret,
  model,
  scores = {},
  defaultScore = 0.01,
  labels = { benign: 'SAFE', attack: 'INJECTION' },
}: ClassificationRuntimeOptions): ClassificationRuntime {
  const verifier = new HopVerifier({ secret });
  const runtime: ClassificationRuntime = {
    calls: [],
    rejections: [],
    behaviour: 'answer',
    async fetch(input, init) {
      const request = new Request(input, init);
      const url = new URL(request.url);
      if (!request.url.startsWith(baseURL)) throw new TypeError(`the classification runtime double serves ${baseURL}, not ${url.origin}`);
      if (runtime.behaviour === 'unreachable') throw new TypeError('fetch failed: connection refused');
      if (request.method !== 'POST' || url.pathname !== '/v1/classifications') return envelope(404, 'not_found_error', 'unknown_url', 'Unknown path.');
      const bodyText = await request.text();
      const verdict = await verifier.verify({ method: request.method, path: url.pathname + url.search, body: bodyText }, request.headers);
      if (!verdict.ok) {
        runtime.rejections.push(verdict.reason);
        return envelope(401, 'authentication_error', `hop_${verdict.reason.replace(/-/g, '_')}`, `Hop rejected (${verdict.reason}).`);
      }
      const parsed = ClassificationsRequest.safeParse(JSON.parse(bodyText));
      if (!parsed.success) return envelope(400, 'invalid_request_error', 'invalid_request_body', 'The body does not match the classifications request.');
      const texts = typeof parsed.data.input === 'string' ? [parsed.data.input] : parsed.data.input;
      runtime.calls.push({ input: texts, timeoutMs: request.headers.get('x-switchyard-timeout-ms') });

      switch (runtime.behaviour) {
        case 'hang':
          return new Promise<Response>((_, reject) => {
            const signal = init?.signal ?? request.signal;
            signal.addEventListener('abort', () => reject(signal.reason), { once: true });
          });
        case 'not-installed':
          return envelope(503, 'service_unavailable', 'model_not_installed', `The model "${parsed.data.model}" is not installed in ./models/local.`);
        case 'not-json':
          return new Response('<html>bad gateway</html>', { status: 200, headers: { 'content-type': 'text/html' } });
        case 'wrong-shape':
          return Response.json({ object: 'list', model, data: 'nope' });
        default:
      }
      if (parsed.data.model !== model) return envelope(503, 'service_unavailable', 'model_not_installed', `The model "${parsed.data.model}" is not installed.`);
      const [benign, attack] = runtime.behaviour === 'unknown-label' ? ['LABEL_0', 'LABEL_1'] : [labels.benign, labels.attack];
      const data = texts.map((text, index) => {
        const probability = scores[text] ?? defaultScore;
        const attacking = probability >= 0.5;
        return {
          object: 'classification' as const,
          index,
          label: attacking ? attack : benign,
          score: attacking ? probability : 1 - probability,
          scores: { [benign]: 1 - probability, [attack]: probability },
        };
      });
      const body: ClassificationsResponse = { object: 'list', model, data: runtime.behaviour === 'missing-result' ? data.slice(0, -1) : data };
      return Response.json(body);
    },
  };
  return runtime;
}
