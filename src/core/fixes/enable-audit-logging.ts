/**
 * Plan for the `enable-audit-logging` fix: a diagnostic setting on the vault that sends the
 * `AuditEvent` log category (the only Key Vault log category) and `AllMetrics` to a Log
 * Analytics workspace or a storage account. The inverse deletes the setting, or restores the
 * setting of the same name it replaced.
 */
import type { DiagnosticSetting, Vault } from '../probes/azure-model.js';
import type { DiffRow, FixEffect, PlanOutcome, PlanPrincipal } from './fix-plan.js';
import type { FixRequest } from './fix-request.js';
import { buildPlan, reverseDiff, toPlanVault } from './planning-context.js';
import { diagnosticFingerprint } from './vault-fingerprint.js';

/** The default name of the diagnostic setting the bot creates. */
export const DEFAULT_AUDIT_SETTING_NAME = 'kvbot-audit-logs';

const WORKSPACE_ID =
  /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.operationalinsights\/workspaces\/[^/]+$/i;
const STORAGE_ID =
  /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.storage\/storageaccounts\/[^/]+$/i;
const SETTING_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,259}$/;

/** What the logging planner needs. */
export interface EnableAuditLoggingInput {
  vault: Vault;
  settings: DiagnosticSetting[];
  workspaceId?: string;
  storageAccountId?: string;
  settingName?: string;
  request: FixRequest;
}

/** True when a setting already sends audit events somewhere. */
export function logsAuditEvents(s: DiagnosticSetting): boolean {
  const hasDestination = !!(s.workspaceId || s.storageAccountId || s.eventHubAuthorizationRuleId);
  return (
    hasDestination &&
    s.logs.some(
      (c) =>
        c.enabled &&
        (c.category?.toLowerCase() === 'auditevent' ||
          ['audit', 'alllogs'].includes(c.categoryGroup?.toLowerCase() ?? '')),
    )
  );
}

/** Plans the diagnostic setting (see the module comment). */
export function planEnableAuditLogging(input: EnableAuditLoggingInput): PlanOutcome {
  const { vault, settings } = input;
  const planVault = toPlanVault(vault);
  const principal: PlanPrincipal = { id: vault.id, type: 'vault', displayName: vault.name };
  const already = settings.find(logsAuditEvents);
  if (already) {
    return {
      kind: 'nothing-to-change',
      vault: planVault,
      principal,
      message: `${vault.name} already sends its audit events to ${destinationOf(already)} (diagnostic setting "${already.name}"); nothing to change.`,
    };
  }
  const workspaceId = input.workspaceId?.trim() || undefined;
  const storageAccountId = input.storageAccountId?.trim() || undefined;
  if (!workspaceId && !storageAccountId) {
    return {
      kind: 'needs-input',
      field: 'destination',
      message: `Where should ${vault.name}'s audit logs go? Give the resource id of a Log Analytics workspace (/subscriptions/…/providers/Microsoft.OperationalInsights/workspaces/…) or of a storage account (/subscriptions/…/providers/Microsoft.Storage/storageAccounts/…).`,
    };
  }
  if (workspaceId && !WORKSPACE_ID.test(workspaceId)) {
    return {
      kind: 'refused',
      reason: 'invalid-request',
      message: `"${workspaceId}" is not a Log Analytics workspace id: expected /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.OperationalInsights/workspaces/{name}.`,
    };
  }
  if (storageAccountId && !STORAGE_ID.test(storageAccountId)) {
    return {
      kind: 'refused',
      reason: 'invalid-request',
      message: `"${storageAccountId}" is not a storage account id: expected /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Storage/storageAccounts/{name}.`,
    };
  }
  const name = input.settingName?.trim() || DEFAULT_AUDIT_SETTING_NAME;
  if (!SETTING_NAME.test(name)) {
    return {
      kind: 'refused',
      reason: 'invalid-request',
      message: `"${name}" is not a valid diagnostic setting name: use letters, digits, spaces, '.', '_' or '-'.`,
    };
  }
  const setting: DiagnosticSetting = {
    name,
    logs: [{ category: 'AuditEvent', enabled: true }],
    metrics: [{ category: 'AllMetrics', enabled: true }],
    ...(workspaceId ? { workspaceId } : {}),
    ...(storageAccountId ? { storageAccountId } : {}),
  };
  const previous = settings.find((s) => s.name.toLowerCase() === name.toLowerCase());
  const after = [...settings.filter((s) => s !== previous), setting];
  const diff: DiffRow[] = [
    {
      principal: vault.name,
      category: 'diagnostic settings',
      before: settings.map(describeSetting),
      after: after.map(describeSetting),
    },
  ];
  const putEffect: FixEffect = { kind: 'diagnostic-setting-put', setting };
  const undoEffect: FixEffect = previous
    ? { kind: 'diagnostic-setting-put', setting: withoutId(previous) }
    : { kind: 'diagnostic-setting-delete', name };
  const warnings = ['Audit events appear in the destination within about 10 minutes of each operation.'];
  if (previous)
    warnings.push(
      `This replaces the existing diagnostic setting "${previous.name}" (${describeSetting(previous)}); undo restores it.`,
    );
  return {
    kind: 'planned',
    plan: buildPlan({
      fix: 'enable-audit-logging',
      direction: 'apply',
      vault: planVault,
      principal,
      summary: `Send ${vault.name}'s audit logs (AuditEvent) and metrics to ${destinationOf(setting)} (diagnostic setting "${name}")`,
      diff,
      effect: putEffect,
      warnings,
      basedOn: diagnosticFingerprint(settings),
      request: input.request,
      inverse: buildPlan({
        fix: 'enable-audit-logging',
        direction: 'undo',
        vault: planVault,
        principal,
        summary: previous
          ? `Undo: restore the previous diagnostic setting "${previous.name}" on ${vault.name}`
          : `Undo: delete the diagnostic setting "${name}" from ${vault.name}`,
        diff: reverseDiff(diff),
        effect: undoEffect,
        warnings: [],
        basedOn: diagnosticFingerprint(after),
      }),
    }),
  };
}

/** One line per setting for the diff table. */
export function describeSetting(s: DiagnosticSetting): string {
  const on = (list: DiagnosticSetting['logs']) =>
    list
      .filter((c) => c.enabled)
      .map((c) => c.category ?? c.categoryGroup)
      .join(', ') || 'none';
  return `${s.name}: logs ${on(s.logs)}; metrics ${on(s.metrics)} → ${destinationOf(s)}`;
}

function destinationOf(s: DiagnosticSetting): string {
  const parts: string[] = [];
  if (s.workspaceId) parts.push(`workspace ${lastSegment(s.workspaceId)}`);
  if (s.storageAccountId) parts.push(`storage account ${lastSegment(s.storageAccountId)}`);
  if (s.eventHubAuthorizationRuleId) parts.push('event hub');
  return parts.join(' and ') || 'no destination';
}

function lastSegment(id: string): string {
  return id.split('/').filter(Boolean).pop() ?? id;
}

function withoutId(s: DiagnosticSetting): DiagnosticSetting {
  const { id: _id, ...rest } = s;
  return rest;
}
