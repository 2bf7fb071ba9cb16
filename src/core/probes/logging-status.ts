/**
 * The `logging-status` probe's evaluation: is Key Vault audit logging (category `AuditEvent`, or
 * the `audit` / `allLogs` category groups) enabled by a diagnostic setting with a destination?
 */
import type { DiagnosticSetting, Vault } from './azure-model.js';
import type { EvidenceItem, FixName, Verdict } from './probe-result.js';

/** One diagnostic setting as the probe reports it. */
export interface LoggingSettingStatus {
  name: string;
  auditEnabled: boolean;
  /** Enabled categories or groups that capture audit events. */
  via: string[];
  destinations: string[];
}

/** The probe's answer. */
export interface LoggingStatusOutcome {
  verdict: Verdict;
  reason: string;
  evidence: EvidenceItem[];
  fixes: FixName[];
  enabled: boolean;
  settings: LoggingSettingStatus[];
}

const AUDIT = new Set(['auditevent', 'audit', 'alllogs']);

function destinations(s: DiagnosticSetting): string[] {
  return [
    s.workspaceId ? `Log Analytics workspace ${s.workspaceId}` : '',
    s.storageAccountId ? `storage account ${s.storageAccountId}` : '',
    s.eventHubAuthorizationRuleId ? `event hub ${s.eventHubAuthorizationRuleId}` : '',
  ].filter(Boolean);
}

/** Evaluates the vault's diagnostic settings (pure). */
export function evaluateLoggingStatus(vault: Vault, settings: DiagnosticSetting[]): LoggingStatusOutcome {
  const statuses: LoggingSettingStatus[] = settings.map((s) => {
    const via = s.logs
      .filter((l) => l.enabled && AUDIT.has((l.category ?? l.categoryGroup ?? '').toLowerCase()))
      .map((l) => l.category ?? l.categoryGroup!);
    const dest = destinations(s);
    return { name: s.name, auditEnabled: via.length > 0 && dest.length > 0, via, destinations: dest };
  });
  const evidence: EvidenceItem[] = statuses.map((s) => ({
    kind: 'diagnostic-setting',
    name: s.name,
    auditEnabled: s.auditEnabled,
    via: s.via,
    destinations: s.destinations,
    text:
      s.via.length === 0
        ? `Diagnostic setting "${s.name}" does not enable AuditEvent (nor the audit/allLogs groups).`
        : s.destinations.length === 0
          ? `Diagnostic setting "${s.name}" enables ${s.via.join(', ')} but has no destination, so nothing is kept.`
          : `Diagnostic setting "${s.name}" sends ${s.via.join(', ')} to ${s.destinations.join(' and ')}.`,
  }));
  const on = statuses.filter((s) => s.auditEnabled);
  if (on.length > 0) {
    return {
      verdict: 'allowed',
      enabled: true,
      settings: statuses,
      evidence,
      fixes: [],
      reason: `Audit logging is on for ${vault.name}: ${on.map((s) => `"${s.name}" → ${s.destinations.join(', ')}`).join('; ')}. Events arrive within about 10 minutes.`,
    };
  }
  // An enabled log entry with neither a category nor a group is one Azure did not name (an
  // api-version without `categoryGroup` drops it): it may well be `audit`, so do not offer a fix.
  const unnamed = settings.filter(
    (s) => destinations(s).length > 0 && s.logs.some((l) => l.enabled && !l.category && !l.categoryGroup),
  );
  if (unnamed.length > 0) {
    for (const s of unnamed)
      evidence.push({
        kind: 'diagnostic-setting',
        name: s.name,
        text: `Diagnostic setting "${s.name}" enables a log entry Azure returned without a category or category group, so the bot cannot tell whether it covers audit events.`,
      });
    return {
      verdict: 'undetermined',
      enabled: false,
      settings: statuses,
      evidence,
      fixes: [],
      reason: `The bot cannot tell whether audit logging is on for ${vault.name}: ${unnamed.map((s) => `"${s.name}"`).join(', ')} enables logs Azure did not name (a category group read at an api-version that lacks them). Check the setting in the portal.`,
    };
  }
  if (settings.length === 0)
    evidence.push({ kind: 'diagnostic-setting', text: `${vault.name} has no diagnostic settings at all.` });
  return {
    verdict: 'denied',
    enabled: false,
    settings: statuses,
    evidence,
    fixes: ['enable-audit-logging'],
    reason: `Audit logging is off for ${vault.name}: no diagnostic setting sends AuditEvent logs anywhere.`,
  };
}
