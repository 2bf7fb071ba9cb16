/**
 * The network rules that can still block a caller who has the permission: public network
 * access disabled, and the vault firewall (`networkAcls.defaultAction: Deny`). Neither has an
 * automatic fix: opening a vault's network is a decision for its owners.
 */
import type { Vault } from './azure-model.js';
import type { EvidenceItem } from './probe-result.js';
import { ipInRule, parseIpv4 } from './ip-range.js';

/** `open`: nothing blocks; `may-block`: blocks unless the caller comes from an allowed place; `blocked`: blocks this caller. */
export type NetworkEffect = 'open' | 'may-block' | 'blocked';

/** The network verdict with its evidence. */
export interface NetworkAssessment {
  effect: NetworkEffect;
  /** One sentence, empty when open. */
  summary: string;
  evidence: EvidenceItem[];
}

/** Evaluates the vault's network rules for a caller, optionally at a known client IP address. */
export function assessNetwork(vault: Vault, clientIp?: string): NetworkAssessment {
  if (vault.publicNetworkAccess === 'Disabled') {
    const viaPe = vault.privateEndpointCount > 0;
    return {
      effect: viaPe ? 'may-block' : 'blocked',
      summary: viaPe
        ? `public network access is disabled: only callers through one of its ${vault.privateEndpointCount} private endpoint(s) or trusted Azure services get in`
        : 'public network access is disabled and the vault has no private endpoint: only trusted Azure services get in',
      evidence: [
        {
          kind: 'network',
          setting: 'publicNetworkAccess',
          value: 'Disabled',
          privateEndpointCount: vault.privateEndpointCount,
          text: `publicNetworkAccess is Disabled (overrides the firewall rules); approved private endpoints: ${vault.privateEndpointCount}. There is no automatic fix: the vault's owners decide on network access.`,
        },
      ],
    };
  }
  const acls = vault.networkAcls;
  if (!acls || acls.defaultAction !== 'Deny')
    return {
      effect: 'open',
      summary: '',
      evidence: [
        {
          kind: 'network',
          setting: 'networkAcls.defaultAction',
          value: acls?.defaultAction ?? 'Allow',
          text: 'The firewall allows all networks (defaultAction Allow).',
        },
      ],
    };

  const rules = acls.ipRules.map((r) => r.trim()).filter(Boolean);
  const base = {
    kind: 'network',
    setting: 'networkAcls',
    defaultAction: 'Deny',
    ipRules: rules,
    virtualNetworkRules: acls.virtualNetworkRules,
    bypass: acls.bypass,
  };
  const ruleText = `${rules.length ? `IP rules: ${rules.join(', ')}` : 'no IP rules'}; ${acls.virtualNetworkRules.length} virtual network rule(s); bypass ${acls.bypass}`;
  if (clientIp === undefined || clientIp.trim() === '') {
    return {
      effect: 'may-block',
      summary: 'the vault firewall denies by default: it may block you unless your IP address is in its rules',
      evidence: [
        {
          ...base,
          text: `Firewall defaultAction is Deny (${ruleText}). Your client IP is unknown, so the bot cannot tell whether you are inside these rules. There is no automatic fix.`,
        },
      ],
    };
  }
  if (parseIpv4(clientIp) === undefined) {
    return {
      effect: 'may-block',
      summary: `the vault firewall denies by default, and "${clientIp}" is not an IPv4 address the bot can compare`,
      evidence: [
        {
          ...base,
          clientIp,
          text: `Firewall defaultAction is Deny (${ruleText}); "${clientIp}" is not a valid IPv4 address.`,
        },
      ],
    };
  }
  const match = rules.find((r) => ipInRule(clientIp, r));
  if (match)
    return {
      effect: 'open',
      summary: '',
      evidence: [
        {
          ...base,
          clientIp,
          matchedRule: match,
          text: `Firewall defaultAction is Deny, but ${clientIp} is inside the IP rule ${match}.`,
        },
      ],
    };
  const viaVnet = acls.virtualNetworkRules.length > 0;
  return {
    effect: viaVnet ? 'may-block' : 'blocked',
    summary: viaVnet
      ? `the vault firewall does not list ${clientIp}; only callers from its allowed virtual networks get in`
      : `the vault firewall blocks ${clientIp}: it is in none of the IP rules`,
    evidence: [
      {
        ...base,
        clientIp,
        text: `Firewall defaultAction is Deny and ${clientIp} matches none of the rules (${ruleText}). There is no automatic fix: ask the vault's owners to add your address range.`,
      },
    ],
  };
}
