/**
 * `Microsoft.Insights/diagnosticSettings` on a resource (azure-facts §5.1): list, get, put, delete,
 * at api-version 2017-05-01-preview (arm-monitor 7) or 2021-05-01-preview (arm-monitor 8).
 */
import { API_VERSIONS, checkApiVersion } from '../api-version.js';
import { checkBotAccess } from '../bot-access.js';
import { armError, badRequest } from '../errors.js';
import type { ArmDiagnosticSetting } from '../fixture-types.js';
import type { EmulatorReply, EmulatorRequest, RouteHandler } from '../http-types.js';

const DIAG = /^(\/subscriptions\/.+?)\/providers\/Microsoft\.Insights\/diagnosticSettings(?:\/([^/]+))?$/i;

/** Sinks ARM returns as `""` when unset (monitor-2017-05-01-preview-listDiagnosticSettings.json). */
const SINKS = ['storageAccountId', 'eventHubAuthorizationRuleId', 'workspaceId'] as const;

/**
 * A setting as ARM serves it at `apiVersion`: 2017-05-01-preview's schema has no `categoryGroup`,
 * so a log entry that selects a group comes back without it (and without a category): the
 * emulator's reading of "the field does not exist at that version".
 */
function present(ds: ArmDiagnosticSetting, apiVersion: string | null): unknown {
  const { resourceId: _resourceId, ...rest } = structuredClone(ds);
  for (const sink of SINKS) if (rest.properties[sink] === undefined) rest.properties[sink] = '';
  if (apiVersion === '2017-05-01-preview') {
    rest.properties.logs = rest.properties.logs?.map(({ categoryGroup: _group, ...log }) => log);
  }
  return rest;
}

function resourceMissing(resourceId: string): EmulatorReply {
  return armError(
    404,
    'ResourceNotFound',
    `The Resource '${resourceId}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

function put(req: EmulatorRequest, resourceId: string, name: string): EmulatorReply {
  const props = (req.body as { properties?: ArmDiagnosticSetting['properties'] } | undefined)?.properties;
  if (!props || typeof props !== 'object') return badRequest('properties is required.');
  const hasSink =
    props.workspaceId || props.storageAccountId || props.eventHubAuthorizationRuleId || props.marketplacePartnerId;
  if (!hasSink)
    return badRequest(
      'Diagnostic setting must have at least one destination: storageAccountId, workspaceId, eventHubAuthorizationRuleId or marketplacePartnerId.',
    );
  for (const [i, l] of (props.logs ?? []).entries()) {
    if (typeof l?.enabled !== 'boolean') return badRequest(`properties.logs[${i}].enabled is required.`);
    if (!l.category && !l.categoryGroup) return badRequest(`properties.logs[${i}] needs category or categoryGroup.`);
    if (l.category && !['AuditEvent', 'AzurePolicyEvaluationDetails'].includes(l.category))
      return badRequest(`Category '${l.category}' is not supported.`);
  }
  const sub = req.state.subscriptionOfScope(resourceId)!;
  const existing = req.state.diagnosticSettings(resourceId).find((d) => d.name.toLowerCase() === name.toLowerCase());
  const setting = req.state.completeDiagnosticSetting({
    name,
    resourceId: existing?.resourceId ?? resourceId,
    properties: structuredClone(props),
  });
  if (existing) existing.properties = setting.properties;
  else sub.diagnosticSettings!.push(setting);
  return { status: 200, body: present(existing ?? setting, req.query.get('api-version')) };
}

function route(req: EmulatorRequest, resourceId: string, name: string | undefined): EmulatorReply {
  const write = req.method !== 'GET';
  const denied = checkBotAccess(
    req.state,
    resourceId,
    `Microsoft.Insights/diagnosticSettings/${write ? 'write' : 'read'}`,
  );
  if (denied) return denied;
  const vault = req.state.vaultById(resourceId);
  if (!vault) return resourceMissing(resourceId);
  const settings = req.state.diagnosticSettings(vault.id);
  if (name === undefined) {
    return req.method === 'GET'
      ? { status: 200, body: { value: settings.map((d) => present(d, req.query.get('api-version'))) } }
      : armError(405, 'MethodNotAllowed', `The requested resource does not support http method '${req.method}'.`);
  }
  const found = settings.find((d) => d.name.toLowerCase() === name.toLowerCase());
  if (req.method === 'GET')
    return found
      ? { status: 200, body: present(found, req.query.get('api-version')) }
      : armError(404, 'ResourceNotFound', `The diagnostic setting '${name}' doesn't exist.`);
  if (req.method === 'PUT') return put(req, vault.id, name);
  if (req.method === 'DELETE') {
    if (!found) return { status: 204 };
    const sub = req.state.subscriptionOfScope(vault.id)!;
    sub.diagnosticSettings = sub.diagnosticSettings!.filter((d) => d !== found);
    return { status: 200 };
  }
  return armError(405, 'MethodNotAllowed', `The requested resource does not support http method '${req.method}'.`);
}

/** Routes for diagnostic settings under a resource id. */
export const diagnosticSettingsRoutes: RouteHandler = (req) => {
  const m = DIAG.exec(req.path);
  if (!m) return undefined;
  return checkApiVersion(req, API_VERSIONS.diagnosticSettings) ?? route(req, m[1]!, m[2]);
};
