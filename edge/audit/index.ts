/**
 * The audit trail on the edge: one record per API request, written after the response (or the
 * refusal) through the runtime's sink — SQLite on Node, D1 on Workers, the log when neither.
 */
import type { MiddlewareHandler } from 'hono';
import { MASKING_MARGIN, type AuditSink } from '../../shared/audit/index.ts';
import type { AuditTextMode, SwitchyardConfig } from '../../shared/config/schema.ts';
import { afterResponse } from '../after-response.ts';
import type { AppEnv, ResponseOutcome } from '../context.ts';
import { PriceTable } from '../stages/03-limits/accounting.ts';
import { auditMetadata, auditText, requestText, type RecordMoment } from './build-record.ts';
import { createOutputRecorder } from './output-recorder.ts';

export { d1AuditSink, type D1Database, type D1AuditSinkOptions } from './d1-sink.ts';

export interface AuditOptions {
  sink: AuditSink;
  /** `audit` settings (enabled, text mode, sizes) and the tenants' text overrides; prices for cost. */
  config: SwitchyardConfig;
  now?: () => number;
}

/**
 * Records every request that passes through it, refused or not: register it before auth so
 * authentication failures are recorded too. Metadata is taken when the response is ready (for a
 * stream, after its last byte or when the caller cancels it: `cancelled: true`); text, when the
 * tenant's mode is `masked`, is masked and written after the response, through the execution
 * context's waitUntil (Workers; the Node stack passes its own, see node-runtime/pending-work.ts).
 *
 * @example app.use('/v1/*', audit({ sink, config }))
 */
export const audit = ({ sink, config, now = Date.now }: AuditOptions): MiddlewareHandler<AppEnv> => {
  if (!sink) throw new Error('audit requires "sink"');
  if (!config) throw new Error('audit requires "config"');
  const { enabled, text: defaultText, maxTextChars } = config.audit;
  const textByTenant = new Map(config.tenants.flatMap((tenant) => (tenant.audit?.text ? [[tenant.id, tenant.audit.text] as const] : [])));
  const textMode = (tenantId: string | undefined): AuditTextMode => (tenantId === undefined ? undefined : textByTenant.get(tenantId)) ?? defaultText;
  // Without any tenant that keeps text, no recorder joins the output filters: their cost stays zero.
  const keepsText = defaultText === 'masked' || [...textByTenant.values()].includes('masked');
  const prices = new PriceTable(config);
  const collectLimit = maxTextChars + MASKING_MARGIN;

  return async function audit(c, next) {
    if (!enabled) return next();
    const wantsText = () => textMode(c.get('auth')?.tenantId) === 'masked';
    const recorder = keepsText ? createOutputRecorder(collectLimit, wantsText) : undefined;
    if (recorder) c.get('outputFilters').push(recorder.filter);

    /** Metadata now (the moment the response is ready), masked text and the store write later. */
    const store = async (moment: Omit<RecordMoment, 'now'>) => {
      const record = auditMetadata(c, { ...moment, now: now() }, prices);
      // Masking costs CPU: let the response go out first.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const text = wantsText() ? auditText(requestText(c.get('body'), collectLimit), recorder?.text(), maxTextChars) : undefined;
      await sink.write(text ? { ...record, text } : record);
    };
    // Handed to waitUntil before the request runs and settled once the record is stored, so whoever
    // waits for after-response work (a Worker's waitUntil, the Node stack's shutdown) also waits for
    // the record of a stream that is still open.
    let settle: (stored: Promise<void>) => void = () => undefined;
    afterResponse(c, new Promise<void>((resolve) => (settle = resolve)), 'audit-write-fail');

    let outcome: ResponseOutcome | undefined;
    let streaming = false;
    let written = false;
    const write = (moment: Omit<RecordMoment, 'now'>) => {
      if (written) return;
      written = true;
      settle(store(moment));
    };
    c.get('responseListeners').push((finished) => {
      outcome = finished;
      if (streaming) write({ outcome });
    });

    try {
      await next();
    } catch (thrown) {
      write({ thrown });
      throw thrown;
    }
    // A stream's outcome comes later, from the respond stage, after its last byte or the caller's cancel.
    if (outcome === undefined && !c.error && isEventStream(c.res)) streaming = true;
    else write({ outcome });
  };
};

function isEventStream(response: Response): boolean {
  return (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
}
