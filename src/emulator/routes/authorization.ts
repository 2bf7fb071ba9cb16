/**
 * `Microsoft.Authorization` routes as `@azure/arm-authorization` 9 calls them (azure-facts §3):
 * role assignments (list at any scope with `$filter`, get, create, delete) and role definitions
 * (get by id, list with `roleName eq '...'`).
 */
import { API_VERSIONS, checkApiVersion } from '../api-version.js';
import { checkBotAccess } from '../bot-access.js';
import { armError, badRequest, subscriptionNotFound } from '../errors.js';
import type { ArmRoleAssignment, ArmRoleDefinition } from '../fixture-types.js';
import type { EmulatorReply, EmulatorRequest, RouteHandler } from '../http-types.js';
import { pageOf, PageTokenError } from '../paging.js';
import { FilterSyntaxError, parseRoleAssignmentFilter, selectRoleAssignments } from '../role-assignment-filter.js';
import { scopeKey, subscriptionOf } from '../scope.js';
import { lastSegment } from '../tenant-state.js';

const ASSIGNMENTS = /^(.*?)\/providers\/Microsoft\.Authorization\/roleAssignments(?:\/([^/]+))?$/i;
const DEFINITIONS = /^(.*?)\/providers\/Microsoft\.Authorization\/roleDefinitions(?:\/([^/]+))?$/i;

function scopeProblem(req: EmulatorRequest, scope: string): EmulatorReply | undefined {
  const sub = subscriptionOf(scope);
  if (sub && !req.state.subscription(sub)) return subscriptionNotFound(sub);
  return undefined;
}

function listAssignments(req: EmulatorRequest, scope: string): EmulatorReply {
  let filter;
  try {
    filter = parseRoleAssignmentFilter(req.query.get('$filter'));
  } catch (e) {
    if (e instanceof FilterSyntaxError) return armError(400, 'InvalidFilterParameter', e.message);
    throw e;
  }
  const found = selectRoleAssignments(req.state, scope || '/', filter).map((ra) => structuredClone(ra));
  try {
    return { status: 200, body: pageOf(req, found, { list: 'roleAssignments' }) };
  } catch (e) {
    if (e instanceof PageTokenError) return badRequest(e.message);
    throw e;
  }
}

function findByName(req: EmulatorRequest, scope: string, name: string): ArmRoleAssignment | undefined {
  const key = scopeKey(scope);
  return req.state
    .allRoleAssignments()
    .find((ra) => ra.name!.toLowerCase() === name.toLowerCase() && scopeKey(ra.properties.scope) === key);
}

function createAssignment(req: EmulatorRequest, scope: string, name: string): EmulatorReply {
  const props = (req.body as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (!props || typeof props.roleDefinitionId !== 'string' || typeof props.principalId !== 'string') {
    return badRequest('properties.roleDefinitionId and properties.principalId are required.');
  }
  const roleId = props.roleDefinitionId;
  if (!req.state.roleDefinition(roleId)) {
    return armError(
      400,
      'RoleDefinitionDoesNotExist',
      `The specified role definition with ID '${lastSegment(roleId)}' does not exist.`,
    );
  }
  const principalId = props.principalId;
  if (!req.state.directoryObject(principalId)) {
    return armError(
      400,
      'PrincipalNotFound',
      `Principal ${principalId.replace(/-/g, '')} does not exist in the directory ${req.state.fixture.tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
    );
  }
  const key = scopeKey(scope);
  const guid = lastSegment(roleId);
  const same = req.state
    .allRoleAssignments()
    .find(
      (ra) =>
        scopeKey(ra.properties.scope) === key &&
        ra.properties.principalId.toLowerCase() === principalId.toLowerCase() &&
        lastSegment(ra.properties.roleDefinitionId) === guid,
    );
  if (same)
    return armError(
      409,
      'RoleAssignmentExists',
      `The role assignment already exists. The ID of the existing role assignment is ${same.name!.replace(/-/g, '')}.`,
    );
  if (findByName(req, scope, name))
    return armError(
      409,
      'RoleAssignmentUpdateNotPermitted',
      'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
    );
  const sub = req.state.subscriptionOfScope(scope);
  if (!sub) return badRequest(`The scope '${scope}' is not inside a subscription of this tenant.`);
  const now = new Date().toISOString();
  const created: ArmRoleAssignment = req.state.completeAssignment({
    name,
    properties: {
      roleDefinitionId: roleId,
      principalId,
      principalType:
        typeof props.principalType === 'string'
          ? props.principalType
          : req.state.directoryObject(principalId)!.kind.replace(/^./, (c) => c.toUpperCase()),
      scope,
      condition: (props.condition as string | undefined) ?? null,
      conditionVersion: (props.conditionVersion as string | undefined) ?? null,
      description: typeof props.description === 'string' ? props.description : undefined,
      createdOn: now,
      updatedOn: now,
      createdBy: req.state.fixture.botIdentity?.objectId ?? null,
      updatedBy: req.state.fixture.botIdentity?.objectId ?? null,
      delegatedManagedIdentityResourceId: null,
    },
  });
  sub.roleAssignments!.push(created);
  return { status: 201, body: structuredClone(created) };
}

function deleteAssignment(req: EmulatorRequest, scope: string, name: string): EmulatorReply {
  const ra = findByName(req, scope, name);
  if (!ra) return { status: 204 };
  const sub = req.state.subscriptionOfScope(scope)!;
  sub.roleAssignments = sub.roleAssignments!.filter((x) => x !== ra);
  return { status: 200, body: structuredClone(ra) };
}

function assignmentsRoute(req: EmulatorRequest, scope: string, name: string | undefined): EmulatorReply {
  const action = req.method === 'GET' ? 'read' : req.method === 'DELETE' ? 'delete' : 'write';
  const denied = checkBotAccess(req.state, scope || '/', `Microsoft.Authorization/roleAssignments/${action}`);
  if (denied) return denied;
  const notFound = scopeProblem(req, scope);
  if (notFound) return notFound;
  if (name === undefined) return req.method === 'GET' ? listAssignments(req, scope) : methodNotAllowed(req);
  if (req.method === 'GET') {
    const ra = findByName(req, scope, name);
    return ra
      ? { status: 200, body: structuredClone(ra) }
      : armError(404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`);
  }
  if (req.method === 'PUT') return createAssignment(req, scope, name);
  if (req.method === 'DELETE') return deleteAssignment(req, scope, name);
  return methodNotAllowed(req);
}

/** Role definitions carry ids prefixed by the subscription they were read under, as ARM returns them. */
function presentDefinition(rd: ArmRoleDefinition, scope: string): ArmRoleDefinition {
  const sub = subscriptionOf(scope);
  const copy = structuredClone(rd);
  copy.id = `${sub ? `/subscriptions/${sub}` : ''}/providers/Microsoft.Authorization/roleDefinitions/${rd.name}`;
  copy.type = 'Microsoft.Authorization/roleDefinitions';
  return copy;
}

function definitionsRoute(req: EmulatorRequest, scope: string, id: string | undefined): EmulatorReply {
  if (req.method !== 'GET') return methodNotAllowed(req);
  const notFound = scopeProblem(req, scope);
  if (notFound) return notFound;
  const visible = req.state.roleDefinitions(scope || '/');
  if (id !== undefined) {
    const rd = visible.find((r) => r.name.toLowerCase() === id.toLowerCase());
    return rd
      ? { status: 200, body: presentDefinition(rd, scope) }
      : armError(404, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${id}' does not exist.`);
  }
  const filter = req.query.get('$filter');
  let list = visible;
  if (filter) {
    const byName = /^roleName\s+eq\s+'((?:[^']|'')*)'$/i.exec(filter.trim());
    const byType = /^type\s+eq\s+'([^']*)'$/i.exec(filter.trim());
    if (byName)
      list = visible.filter(
        (r) => r.properties.roleName.toLowerCase() === byName[1]!.replace(/''/g, "'").toLowerCase(),
      );
    else if (byType) list = visible.filter((r) => r.properties.type.toLowerCase() === byType[1]!.toLowerCase());
    else
      return armError(
        400,
        'InvalidFilterParameter',
        `The filter '${filter}' is not supported. Supported filters are "roleName eq '{name}'" and "type eq 'BuiltInRole|CustomRole'".`,
      );
  }
  return { status: 200, body: { value: list.map((r) => presentDefinition(r, scope)) } };
}

function methodNotAllowed(req: EmulatorRequest): EmulatorReply {
  return armError(405, 'MethodNotAllowed', `The requested resource does not support http method '${req.method}'.`);
}

/** Routes for `Microsoft.Authorization/roleAssignments` and `roleDefinitions` at any scope. */
export const authorizationRoutes: RouteHandler = (req) => {
  let m = ASSIGNMENTS.exec(req.path);
  if (m) {
    const bad = checkApiVersion(req, API_VERSIONS.authorization);
    return bad ?? assignmentsRoute(req, m[1]!, m[2]);
  }
  m = DEFINITIONS.exec(req.path);
  if (m) {
    const bad = checkApiVersion(req, API_VERSIONS.authorization);
    return bad ?? definitionsRoute(req, m[1]!, m[2]);
  }
  return undefined;
};
