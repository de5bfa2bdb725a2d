/**
 * Where audit records go: SQLite on Node (node-runtime/audit), D1 on Workers (edge/audit), or the
 * log when no store is bound.
 */
import type { Logger } from '../log/index.ts';
import type { AuditRecord } from './record.ts';

export interface AuditSink {
  /**
   * Stores one record. Called after the response, off the request path; a failure is reported by
   * rejecting (the edge logs its class name only), never by throwing into the request.
   */
  write(record: AuditRecord): Promise<void>;
}

/**
 * An audit trail in the log: one `audit-record` line per request with the record's metadata.
 * Text is never logged, whatever the audit text mode says.
 *
 * @example createEdgeApp({ config, runnerContext, logger, audit: logAuditSink(logger) })
 */
export function logAuditSink(logger: Logger): AuditSink {
  if (!logger) throw new Error('logAuditSink requires "logger"');
  return {
    async write(record) {
      logger.log(record.error ? 'warn' : 'info', 'audit-record', {
        requestId: record.requestId,
        tenant: record.tenantId,
        key: record.keyId,
        kind: record.kind,
        model: record.requestedModel,
        route: record.servedBy?.route,
        servedModel: record.servedBy?.model,
        status: record.status,
        errorType: record.error?.type,
        errorCode: record.error?.code,
        cancelled: record.cancelled,
        latencyMs: record.latencyMs,
        promptTokens: record.usage?.promptTokens,
        completionTokens: record.usage?.completionTokens,
        costUsd: record.usage?.costUsd,
        injectionScore: record.injection?.score,
        injectionFlagged: record.injection?.flagged,
        injectionReasons: record.injection?.reasons.join(','),
        pii: record.pii ? Object.entries(record.pii).map(([type, count]) => `${type}:${count}`).join(',') : undefined,
      });
    },
  };
}
