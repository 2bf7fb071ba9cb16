/**
 * Builds the configured audit log: records in namespace `audit` (blob `audit/<seq>.json` or
 * `<dataDir>/audit/<seq>.json`), its head in `audit-head`, SHA-256 hashes.
 */
import { AuditLog } from '../../core/audit/audit-log.js';
import type { AuditHead } from '../../core/audit/audit-chain.js';
import type { AuditRecord } from '../../core/audit/audit-record.js';
import { sha256Hex } from './sha256-hash.js';
import type { StorageFactory } from './storage-factory.js';

/** The audit log over the factory's stores. */
export function createAuditLog(storage: StorageFactory, options: { clock?: () => Date } = {}): AuditLog {
  return new AuditLog({
    records: storage.recordStore<AuditRecord>('audit'),
    head: storage.recordStore<AuditHead>('audit-head'),
    hash: sha256Hex,
    clock: options.clock,
  });
}
