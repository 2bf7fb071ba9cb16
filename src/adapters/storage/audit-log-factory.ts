/**
 * Builds the configured audit log: records in namespace `audit` (blob `audit/<seq>.json` or
 * `<dataDir>/audit/<seq>.json`, or table `ns_audit`), its head in `audit-head`, a checkpoint
 * every 1000 records in `audit-checkpoints`, SHA-256 hashes.
 */
import { AuditLog } from '../../core/audit/audit-log.js';
import type { AuditCheckpoint, AuditHead } from '../../core/audit/audit-chain.js';
import type { AuditRecord } from '../../core/audit/audit-record.js';
import { sha256Hex } from './sha256-hash.js';
import type { StorageFactory } from './storage-factory.js';

/** The audit log over the factory's stores. */
export function createAuditLog(
  storage: Pick<StorageFactory, 'recordStore'>,
  options: { clock?: () => Date; checkpointEvery?: number } = {},
): AuditLog {
  return new AuditLog({
    records: storage.recordStore<AuditRecord>('audit'),
    head: storage.recordStore<AuditHead>('audit-head'),
    checkpoints: storage.recordStore<AuditCheckpoint>('audit-checkpoints'),
    checkpointEvery: options.checkpointEvery,
    hash: sha256Hex,
    clock: options.clock,
  });
}
