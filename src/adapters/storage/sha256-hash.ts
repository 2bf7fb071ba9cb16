/** The production {@link HashFunction} for the audit log and plan hashes: SHA-256, hex. */
import { createHash } from 'node:crypto';
import type { HashFunction } from '../../core/audit/audit-record.js';

/** SHA-256 of the UTF-8 text, as 64 lowercase hex digits. */
export const sha256Hex: HashFunction = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
