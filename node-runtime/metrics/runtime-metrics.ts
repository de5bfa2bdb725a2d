/** The node runtime's metrics, in one place so names and labels stay consistent. */
import { MetricsRegistry, type Counter, type Gauge, type Histogram } from './prometheus.ts';

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const BATCH_SIZES = [1, 2, 4, 8, 16, 32, 64, 128, 256];

export interface RuntimeMetrics {
  registry: MetricsRegistry;
  requests: Counter;
  requestSeconds: Histogram;
  /** 1 for the provider each loaded model runs on. */
  modelExecutionProvider: Gauge;
  /** 1 for the provider the runtime picked at start. */
  runtimeExecutionProvider: Gauge;
  modelState: Gauge;
  queueDepth: Gauge;
  running: Gauge;
  admissionRejections: Counter;
  batchSize: Histogram;
  batchSeconds: Histogram;
  embeddedInputs: Counter;
  generatedTokens: Counter;
  generationSeconds: Histogram;
}

/**
 * Creates the registry and every runtime metric (names prefixed `switchyard_runtime_`).
 *
 * @example
 *   const metrics = createRuntimeMetrics();
 *   metrics.requests.increment({ path: '/v1/embeddings', status: '200' });
 */
export function createRuntimeMetrics(): RuntimeMetrics {
  const registry = new MetricsRegistry();
  return {
    registry,
    requests: registry.counter('switchyard_runtime_requests_total', 'Requests answered by the node runtime, by path and status.'),
    requestSeconds: registry.histogram('switchyard_runtime_request_duration_seconds', 'Time to the response head, by path.', SECONDS),
    runtimeExecutionProvider: registry.gauge('switchyard_runtime_execution_provider', 'The execution provider the runtime selected at start (1 = selected).'),
    modelExecutionProvider: registry.gauge('switchyard_runtime_model_execution_provider', 'The execution provider each loaded model runs on (1 = active).'),
    modelState: registry.gauge('switchyard_runtime_model_state', 'Model state: 1 for the current state of each model (loading, ready, failed, rejected).'),
    queueDepth: registry.gauge('switchyard_runtime_queue_depth', 'Work waiting per model: queued generations, or queued encoder inputs.'),
    running: registry.gauge('switchyard_runtime_running', 'Work running per model: generations, or inputs in the running batch.'),
    admissionRejections: registry.counter('switchyard_runtime_admission_rejections_total', 'Requests refused with 503 by admission control, by model and reason.'),
    batchSize: registry.histogram('switchyard_runtime_batch_size', 'Inputs per encoder batch, by model.', BATCH_SIZES),
    batchSeconds: registry.histogram('switchyard_runtime_batch_duration_seconds', 'Encoder batch run time, by model.', SECONDS),
    embeddedInputs: registry.counter('switchyard_runtime_embedded_inputs_total', 'Texts embedded, by model.'),
    generatedTokens: registry.counter('switchyard_runtime_generated_tokens_total', 'Completion tokens generated, by model and outcome.'),
    generationSeconds: registry.histogram('switchyard_runtime_generation_duration_seconds', 'Generation time per choice, by model.', SECONDS),
  };
}
