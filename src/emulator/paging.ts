/**
 * ARM-style paging: `{ value, nextLink }` where `nextLink` is absolute, built from the Host the
 * client used (SDKs follow it verbatim, azure-facts §2.2, §9.4), and its `$skiptoken` is opaque,
 * as in Azure: clients must follow the link, never build one. Key Vault's vault lists continue on
 * `/subscriptions/{s}/resources?…&$skiptoken=…` the way real ARM's do
 * (`keyvault-2026-02-01-listVaultBySubscription.json`), so a fault on that path or on `page: 2`
 * can stall a later page alone.
 */
import type { EmulatorRequest } from './http-types.js';

/** What a continuation token carries; opaque to clients (base64url JSON). */
export interface PageToken {
  /** Which listing it continues (e.g. `vaults`, `vaults:rg-a`, `roleAssignments`). */
  list: string;
  /** Index of the first item of the page. */
  offset: number;
  /** Page size fixed by the first request (`$top` or the emulator's default). */
  size: number;
  /** 1-based number of the page this token asks for. */
  page: number;
}

/** Options of {@link pageOf}. */
export interface PageOptions {
  /** Names the listing in the token, so a token is only honoured by the same listing. */
  list: string;
  /** Path the `nextLink` points to; default the request's own path. */
  nextPath?: string;
  /** Query the `nextLink` carries besides `$skiptoken`; default the request's own query. */
  nextQuery?: URLSearchParams;
  /** Query parameter of the page size on the first request; default `$top`. */
  topParam?: string;
}

/** Encodes a continuation token. */
export function encodePageToken(t: PageToken): string {
  return Buffer.from(JSON.stringify(t), 'utf8').toString('base64url');
}

/** Decodes a continuation token; undefined when it is not one of ours. */
export function decodePageToken(token: string | null | undefined): PageToken | undefined {
  if (!token) return undefined;
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<PageToken>;
    if (
      typeof t.list !== 'string' ||
      !Number.isInteger(t.offset) ||
      !Number.isInteger(t.size) ||
      !Number.isInteger(t.page)
    )
      return undefined;
    if (t.offset! < 0 || t.size! < 1 || t.page! < 2) return undefined;
    return t as PageToken;
  } catch {
    return undefined;
  }
}

/** The page a request asks for: 1 without a `$skiptoken`, else the token's page (undefined when the token is not ours). */
export function requestedPage(query: URLSearchParams): number | undefined {
  const token = query.get('$skiptoken');
  if (token === null) return 1;
  return decodePageToken(token)?.page;
}

/** Thrown by {@link pageOf} for a token it did not issue (routes answer 400). */
export class PageTokenError extends Error {
  override readonly name = 'PageTokenError';
}

/** One page of `items`, with an absolute opaque `nextLink` when more remain. */
export function pageOf<T>(req: EmulatorRequest, items: T[], options: PageOptions): { value: T[]; nextLink?: string } {
  const raw = req.query.get('$skiptoken');
  let offset = 0;
  let size = req.pageSize;
  let page = 1;
  if (raw !== null) {
    const t = decodePageToken(raw);
    if (!t || t.list !== options.list) throw new PageTokenError(`The skip token '${raw}' is invalid for this request.`);
    ({ offset, size, page } = t);
  } else {
    const top = Number.parseInt(req.query.get(options.topParam ?? '$top') ?? '', 10);
    if (Number.isInteger(top) && top > 0) size = Math.min(top, req.pageSize);
  }
  const value = items.slice(offset, offset + size);
  if (offset + size >= items.length) return { value };
  const next = new URLSearchParams(options.nextQuery ?? req.query);
  next.delete('$skiptoken');
  next.delete(options.topParam ?? '$top');
  // ARM puts the token last; keep `$` unescaped in the names as Azure does.
  const query = [
    next.toString(),
    `%24skiptoken=${encodePageToken({ list: options.list, offset: offset + size, size, page: page + 1 })}`,
  ]
    .filter(Boolean)
    .join('&')
    .replace(/%24/g, '$');
  return { value, nextLink: `${req.baseUrl}${options.nextPath ?? req.path}?${query}` };
}
