/**
 * The audit trail, portable (Node and workerd): the record, the sink interface, masked excerpts
 * and the table the stores share.
 */
export { MASKING_MARGIN, maskedExcerpt } from './excerpt.ts';
export { AUDIT_RECORD_VERSION, AuditExcerpt, AuditRecord, AuditRecordV1, AuditRouteKind, StoredAuditRecord } from './record.ts';
export { logAuditSink, type AuditSink } from './sink.ts';
export {
  AUDIT_SCHEMA_STATEMENTS,
  auditRow,
  INSERT_AUDIT_RECORD,
  PRUNE_AUDIT_RECORDS,
  PRUNE_AUDIT_RECORDS_BEYOND,
  PRUNE_INTERVAL_MS,
  RECENT_AUDIT_RECORDS,
  RECENT_TENANT_AUDIT_RECORDS,
  retentionCutoff,
  type AuditRow,
} from './sql.ts';
