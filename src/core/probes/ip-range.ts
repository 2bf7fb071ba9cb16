/**
 * IPv4 addresses and CIDR ranges as Key Vault firewall rules write them (`124.56.78.91` or
 * `124.56.78.0/24`). IPv6 is not supported by Key Vault IP rules.
 */

/** Parses a dotted IPv4 address to an unsigned 32-bit number; undefined when malformed. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.trim().split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/** True when `ip` lies in `rule` (an address or a CIDR range). Malformed input never matches. */
export function ipInRule(ip: string, rule: string): boolean {
  const addr = parseIpv4(ip);
  const [base, bitsText] = rule.trim().split('/');
  const net = parseIpv4(base ?? '');
  if (addr === undefined || net === undefined) return false;
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(addr / size) === Math.floor(net / size);
}
