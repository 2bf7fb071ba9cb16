/**
 * The headline request in words: "give group <name> access to <vault>", optionally with what
 * ("to list secrets", "read access") and for how long ("for 8 hours"). Anything else is not a
 * fix request and goes on to the FAQ.
 */
import type { GrantGroupAccessRequest } from '../../src/core/fixes/fix-request.js';

/** A parsed group-access request. */
export interface GroupAccessText {
  request: GrantGroupAccessRequest;
  grantHours?: number;
  /** True when the operations were not said and the default (read secrets) was assumed. */
  defaulted: boolean;
}

const VERB = String.raw`(?:please\s+)?(?:can\s+you\s+)?(?:give|grant|add)`;
const HEAD = new RegExp(
  String.raw`^${VERB}\s+(?:the\s+)?(?:(?:entra|aad|ad|security)\s+)?group\s+(.+?)\s+(?:(?:read|list|secrets?|keys?|certificates?)\s+)*access\s+(?:to|on|in)\s+(?:the\s+)?(?:key\s*vault\s+|vault\s+)?([A-Za-z][A-Za-z0-9-]{1,23})\b(.*)$`,
  'i',
);
const DURATION = /\bfor\s+(\d{1,3})\s*(h|hours?|d|days?)\b/i;
const OPS =
  /\b(get|list|read|set|delete|sign|verify|encrypt|decrypt|wrapkey|unwrapkey|import)\s+(secrets?|keys?|certificates?|certs?)\b/gi;
const CATEGORY: Record<string, string> = {
  secret: 'secrets',
  secrets: 'secrets',
  key: 'keys',
  keys: 'keys',
  certificate: 'certificates',
  certificates: 'certificates',
  cert: 'certificates',
  certs: 'certificates',
};

function unquote(s: string): string {
  return s
    .trim()
    .replace(/^["'“‘]|["'”’]$/g, '')
    .trim();
}

/** Parses the sentence, or returns undefined when it is not a group-access request. */
export function parseGroupAccessText(text: string): GroupAccessText | undefined {
  const m = HEAD.exec(text.trim().replace(/[.!?]+$/, ''));
  if (!m) return undefined;
  const group = unquote(m[1]!);
  if (!group) return undefined;
  const vault = m[2]!.toLowerCase();
  const tail = `${text}`;
  const operations: string[] = [];
  for (const op of tail.matchAll(OPS)) {
    const verb = op[1]!.toLowerCase();
    const category = CATEGORY[op[2]!.toLowerCase()]!;
    const perms =
      verb === 'read' ? ['get', 'list'] : [verb === 'wrapkey' ? 'wrapKey' : verb === 'unwrapkey' ? 'unwrapKey' : verb];
    for (const p of perms) if (!operations.includes(`${category}/${p}`)) operations.push(`${category}/${p}`);
  }
  const duration = DURATION.exec(m[3] ?? '');
  const grantHours = duration ? Number(duration[1]) * (duration[2]!.toLowerCase().startsWith('d') ? 24 : 1) : undefined;
  const defaulted = operations.length === 0;
  return {
    request: {
      fix: 'grant-group-access',
      vault,
      group,
      operations: defaulted ? ['secrets/get', 'secrets/list'] : operations,
    },
    ...(grantHours && grantHours > 0 ? { grantHours } : {}),
    defaulted,
  };
}
