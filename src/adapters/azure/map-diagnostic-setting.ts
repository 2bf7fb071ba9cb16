/**
 * Maps diagnostic settings between ARM JSON and the domain. arm-monitor 7 (api-version
 * 2017-05-01-preview) has no `categoryGroup` in its model, so reads map the raw response body
 * (which keeps it) and writes send categories only.
 */
import type { DiagnosticSettingsResource } from '@azure/arm-monitor';
import type { DiagnosticCategory, DiagnosticSetting } from '../../core/probes/azure-model.js';

function categories(list: unknown): DiagnosticCategory[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null)
    .map((x) => ({
      ...(typeof x.category === 'string' ? { category: x.category } : {}),
      ...(typeof x.categoryGroup === 'string' ? { categoryGroup: x.categoryGroup } : {}),
      enabled: x.enabled === true,
    }));
}

/** Domain setting of one raw ARM diagnostic-setting resource (`{ id, name, properties }`). */
export function mapDiagnosticSetting(raw: unknown): DiagnosticSetting | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const p = (typeof r.properties === 'object' && r.properties !== null ? r.properties : r) as Record<string, unknown>;
  if (typeof r.name !== 'string') return undefined;
  const s = (k: string): string | undefined => (typeof p[k] === 'string' && p[k] !== '' ? (p[k] as string) : undefined);
  return {
    ...(typeof r.id === 'string' ? { id: r.id } : {}),
    name: r.name,
    logs: categories(p.logs),
    metrics: categories(p.metrics),
    ...(s('workspaceId') ? { workspaceId: s('workspaceId') } : {}),
    ...(s('storageAccountId') ? { storageAccountId: s('storageAccountId') } : {}),
    ...(s('eventHubAuthorizationRuleId') ? { eventHubAuthorizationRuleId: s('eventHubAuthorizationRuleId') } : {}),
  };
}

/** SDK resource for a PUT of a domain setting. */
export function toSdkDiagnosticSetting(s: DiagnosticSetting): DiagnosticSettingsResource {
  return {
    logs: s.logs.filter((l) => l.category).map((l) => ({ category: l.category, enabled: l.enabled })),
    metrics: s.metrics.filter((m) => m.category).map((m) => ({ category: m.category, enabled: m.enabled })),
    ...(s.workspaceId ? { workspaceId: s.workspaceId } : {}),
    ...(s.storageAccountId ? { storageAccountId: s.storageAccountId } : {}),
    ...(s.eventHubAuthorizationRuleId ? { eventHubAuthorizationRuleId: s.eventHubAuthorizationRuleId } : {}),
  };
}
