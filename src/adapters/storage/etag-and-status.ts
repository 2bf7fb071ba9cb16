/**
 * Two small helpers every record store adapter shares: the version token (ETag) a store gives a
 * record it writes, and the HTTP status of an Azure SDK error (a failed precondition is 409/412,
 * a missing entity or blob 404).
 */
import { randomBytes } from 'node:crypto';

/** A fresh ETag: time plus randomness, unique even when a key is deleted and written again. */
export function newEtag(): string {
  return `"${Date.now().toString(36)}-${randomBytes(8).toString('hex')}"`;
}

interface RestErrorLike {
  statusCode?: number;
}

/** The HTTP status of an Azure SDK error (RestError's `statusCode`), if any. */
export function statusOf(e: unknown): number | undefined {
  return typeof e === 'object' && e !== null ? (e as RestErrorLike).statusCode : undefined;
}
