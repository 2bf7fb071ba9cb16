/**
 * The small request/response model the route modules work with, so they stay free of node:http
 * details: a parsed request in, a JSON reply out.
 */
import type { TenantState } from './tenant-state.js';

/** One parsed request. */
export interface EmulatorRequest {
  method: string;
  /** Path with leading `//` collapsed (azure-facts §3.2), percent-decoded. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (undefined when empty). */
  body: unknown;
  /** `https://host:port` as the client addressed us, for absolute `nextLink`s. */
  baseUrl: string;
  state: TenantState;
  /** Paging size the emulator uses for list operations. */
  pageSize: number;
}

/** A JSON reply. */
export interface EmulatorReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A route module: answers the request, or returns undefined when the path is not its own. */
export type RouteHandler = (req: EmulatorRequest) => EmulatorReply | undefined;
