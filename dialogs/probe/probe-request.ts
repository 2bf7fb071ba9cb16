/**
 * A probe someone asked for, before consent: which probe, on which vault, about whom and which
 * operation. It travels in the "Check my access" buttons (`{ kvbot: 'probe.start', … }`) and is
 * validated here, because a button's data is user input like any other.
 */
import { isProbeName, type ProbeName } from '../../src/core/probes/probe-result.js';
import { InvalidOperationError, formatOperation, parseOperation } from '../../src/core/probes/operation.js';

/** What to probe. `vault` may be missing (the dialog asks for it). */
export interface ProbeRequest {
  probe: ProbeName;
  vault?: string;
  /** Entra object id to check; absent = the asking user. */
  principal?: string;
  /** `category/permission` (permission-check). */
  operation?: string;
  /** Caller's public IPv4, to test firewall rules. */
  clientIp?: string;
}

/** The submit action that starts a probe (consent first). */
export const START_ACTION = 'probe.start';

/** A `probe.start` button value that cannot be used. */
export class InvalidProbeRequestError extends Error {
  override readonly name = 'InvalidProbeRequestError';
  constructor(
    readonly value: unknown,
    message: string,
  ) {
    super(message);
  }
}

const VAULT_NAME = /^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;
const OBJECT_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** True for a syntactically valid Key Vault name (3-24 letters, digits, single hyphens). */
export function isVaultName(name: string): boolean {
  return VAULT_NAME.test(name) && !name.includes('--');
}

/**
 * True for an Entra object id: a GUID. (The Agents Playground's built-in users have 13 hex digits
 * in the last group, which Graph rejects; `.m365agentsplayground.yml` gives them real GUIDs.)
 */
export function isObjectId(id: string): boolean {
  return OBJECT_ID.test(id);
}

function optionalString(value: Record<string, unknown>, field: string): string | undefined {
  const v = value[field];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new InvalidProbeRequestError(value, `"${field}" is not text`);
  return v.trim() || undefined;
}

/** Validates a `probe.start` value (or any object with the same fields) into a request. */
export function parseProbeRequest(value: Record<string, unknown>): ProbeRequest {
  const probe = value.probe;
  if (typeof probe !== 'string' || !isProbeName(probe))
    throw new InvalidProbeRequestError(value, `"${String(probe)}" is not a probe I can run`);
  const request: ProbeRequest = { probe };
  const vault = optionalString(value, 'vault');
  if (vault !== undefined) {
    if (!isVaultName(vault)) throw new InvalidProbeRequestError(value, `"${vault}" is not a Key Vault name`);
    request.vault = vault;
  }
  const principal = optionalString(value, 'principal');
  if (principal !== undefined) {
    if (!isObjectId(principal)) throw new InvalidProbeRequestError(value, `"${principal}" is not an Entra object id`);
    request.principal = principal;
  }
  const operation = optionalString(value, 'operation');
  if (operation !== undefined) {
    try {
      request.operation = formatOperation(parseOperation(operation));
    } catch (e) {
      if (e instanceof InvalidOperationError) throw new InvalidProbeRequestError(value, e.message);
      throw e;
    }
  }
  const clientIp = optionalString(value, 'clientIp');
  if (clientIp !== undefined) {
    const m = IPV4.exec(clientIp);
    if (!m || m.slice(1).some((o) => Number(o) > 255))
      throw new InvalidProbeRequestError(value, `"${clientIp}" is not an IPv4 address`);
    request.clientIp = clientIp;
  }
  return request;
}

/** The `probe.start` button data for a request. */
export function startActionData(request: ProbeRequest): Record<string, unknown> {
  return { kvbot: START_ACTION, ...request };
}
