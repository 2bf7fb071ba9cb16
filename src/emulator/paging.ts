/**
 * ARM-style paging: `{ value, nextLink }` where `nextLink` is absolute and built from the Host the
 * client used, because SDKs follow it verbatim (azure-facts §2.2, §9.4).
 */
import type { EmulatorRequest } from './http-types.js';

/** One page of `items` starting at `$skiptoken` (an offset), with an absolute `nextLink` when more remain. */
export function pageOf<T>(req: EmulatorRequest, items: T[], topParam = '$top'): { value: T[]; nextLink?: string } {
  const skip = Math.max(0, Number.parseInt(req.query.get('$skiptoken') ?? '0', 10) || 0);
  const top = Number.parseInt(req.query.get(topParam) ?? '', 10);
  const size = Number.isInteger(top) && top > 0 ? Math.min(top, req.pageSize) : req.pageSize;
  const value = items.slice(skip, skip + size);
  if (skip + size >= items.length) return { value };
  const next = new URLSearchParams(req.query);
  next.set('$skiptoken', String(skip + size));
  return { value, nextLink: `${req.baseUrl}${req.path}?${next.toString()}` };
}
