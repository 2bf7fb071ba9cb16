/**
 * Arguments of a probe run and their validation. Malformed arguments become a clear message,
 * never a crash or a call to Azure.
 */
import type { Operation } from './operation.js';
import { InvalidOperationError, parseOperation } from './operation.js';
import { parseIpv4 } from './ip-range.js';
import type { ProbeName } from './probe-result.js';

/** What a probe is asked about. */
export interface ProbeArgs {
  /** Vault name (not id). */
  vault: string;
  /** Object id of the user, group or service principal to check. */
  principal?: string;
  /** `category/permission`, e.g. `secrets/list` (permission-check; default `secrets/list`). */
  operation?: string;
  /** The caller's public IPv4 address, to test firewall rules. */
  clientIp?: string;
  /** Application the caller acts through (compound-identity access policies). */
  applicationId?: string;
}

/** Validated arguments. */
export interface ValidArgs {
  vault: string;
  principal?: string;
  operation: Operation;
  clientIp?: string;
  applicationId?: string;
}

/** The operation a permission check tests when none is given. */
export const DEFAULT_OPERATION = 'secrets/list';

/** An Entra object id: a GUID, as Graph requires (anything else is a 400 there). */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Probes that are about one principal and need its object id. */
const NEEDS_PRINCIPAL: readonly ProbeName[] = ['permission-check'];

/** Validates arguments for a probe; returns a message instead of throwing. */
export function validateProbeArgs(
  probe: ProbeName,
  args: ProbeArgs,
): { ok: true; args: ValidArgs } | { ok: false; message: string } {
  const vault = (args.vault ?? '').trim();
  if (!/^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/.test(vault) || vault.includes('--')) {
    return {
      ok: false,
      message: `"${args.vault ?? ''}" is not a Key Vault name: names are 3-24 letters, digits and single hyphens, starting with a letter.`,
    };
  }
  const principal = args.principal?.trim() || undefined;
  if (principal !== undefined && !GUID.test(principal)) {
    return {
      ok: false,
      message: `"${principal}" is not an Entra object id (a GUID such as 00000000-0000-0000-0000-000000000000).`,
    };
  }
  if (!principal && NEEDS_PRINCIPAL.includes(probe)) {
    return {
      ok: false,
      message: `${probe} needs the object id of the user, group or service principal to check (--principal <objectId>).`,
    };
  }
  let operation: Operation;
  try {
    operation = parseOperation(args.operation?.trim() || DEFAULT_OPERATION);
  } catch (e) {
    if (e instanceof InvalidOperationError) return { ok: false, message: e.message };
    throw e;
  }
  const clientIp = args.clientIp?.trim() || undefined;
  if (clientIp !== undefined && parseIpv4(clientIp) === undefined) {
    return { ok: false, message: `"${clientIp}" is not an IPv4 address (Key Vault firewall rules are IPv4).` };
  }
  const applicationId = args.applicationId?.trim() || undefined;
  return {
    ok: true,
    args: {
      vault,
      operation,
      ...(principal ? { principal } : {}),
      ...(clientIp ? { clientIp } : {}),
      ...(applicationId ? { applicationId } : {}),
    },
  };
}
