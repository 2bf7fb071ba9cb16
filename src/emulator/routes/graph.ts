/**
 * Microsoft Graph v1.0 directory routes (azure-facts §4): users, groups, service principals,
 * applications, `directoryObjects/getByIds`, membership checks (transitive) and the 404
 * `Request_ResourceNotFound` envelope.
 */
import { graphError } from '../errors.js';
import type { GraphGroup, GraphObject } from '../fixture-types.js';
import type { EmulatorReply, EmulatorRequest, RouteHandler } from '../http-types.js';
import { pageOf, PageTokenError } from '../paging.js';
import type { DirectoryKind, TenantState } from '../tenant-state.js';

const GRAPH = 'https://graph.microsoft.com/v1.0';
const COLLECTIONS: Record<string, DirectoryKind | 'directoryObject'> = {
  users: 'user',
  groups: 'group',
  serviceprincipals: 'servicePrincipal',
  applications: 'application',
  directoryobjects: 'directoryObject',
};
const COLLECTION_NAME: Record<DirectoryKind, string> = {
  user: 'users',
  group: 'groups',
  servicePrincipal: 'servicePrincipals',
  application: 'applications',
};

function clientRequestId(req: EmulatorRequest): string | undefined {
  const v = req.headers['client-request-id'];
  return typeof v === 'string' ? v : undefined;
}

function notFound(req: EmulatorRequest, id: string): EmulatorReply {
  return graphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    clientRequestId(req),
  );
}

function badRequest(req: EmulatorRequest, message: string): EmulatorReply {
  return graphError(400, 'BadRequest', message, clientRequestId(req));
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Graph's 400 for an id that is not a GUID (users may also be addressed by userPrincipalName). */
function malformedId(
  req: EmulatorRequest,
  collection: DirectoryKind | 'directoryObject',
  id: string,
): EmulatorReply | undefined {
  if (GUID.test(id) || (collection === 'user' && id.includes('@'))) return undefined;
  return graphError(400, 'Request_BadRequest', `Invalid object identifier '${id}'.`, clientRequestId(req));
}

/**
 * What `getByIds` returns of an object: real Graph answers with a default property set that may
 * lack `appId` and `servicePrincipalType` (directoryobject-getbyids.response.json has id,
 * displayName and accountEnabled only), so the emulator does not hand them out there.
 */
function partial(kind: DirectoryKind, o: GraphObject): Record<string, unknown> {
  const { appId: _appId, servicePrincipalType: _spType, ...rest } = present(kind, o, true);
  return rest;
}

/** Graph JSON of an object: the fixture's fields minus emulator-only ones, optionally typed. */
function present(kind: DirectoryKind, o: GraphObject, typed: boolean): Record<string, unknown> {
  const { members: _members, ...rest } = o as GraphGroup;
  return typed ? { '@odata.type': `#microsoft.graph.${kind}`, ...rest } : { ...rest };
}

function odataString(filter: string, property: string): string | undefined {
  const m = new RegExp(`^\\s*${property}\\s+eq\\s+'((?:[^']|'')*)'\\s*$`, 'i').exec(filter);
  return m ? m[1]!.replace(/''/g, "'") : undefined;
}

function listCollection(req: EmulatorRequest, kind: DirectoryKind): EmulatorReply {
  let items = req.state.directoryList(kind);
  const filter = req.query.get('$filter');
  if (filter) {
    const byName = odataString(filter, 'displayName');
    const byAppId = kind === 'servicePrincipal' || kind === 'application' ? odataString(filter, 'appId') : undefined;
    if (byName !== undefined) items = items.filter((o) => o.displayName.toLowerCase() === byName.toLowerCase());
    else if (byAppId !== undefined)
      items = items.filter((o) => String(o.appId).toLowerCase() === byAppId.toLowerCase());
    else
      return badRequest(
        req,
        `Invalid filter clause: the emulator supports displayName eq '...'${kind === 'servicePrincipal' || kind === 'application' ? " and appId eq '...'" : ''}.`,
      );
  }
  // Graph pages collections with an opaque `@odata.nextLink`, whatever the client asked for.
  let page;
  try {
    page = pageOf(
      req,
      items.map((o) => present(kind, o, false)),
      { list: `graph:${kind}`, topParam: '$top' },
    );
  } catch (e) {
    if (e instanceof PageTokenError) return badRequest(req, e.message);
    throw e;
  }
  return {
    status: 200,
    body: {
      '@odata.context': `${GRAPH}/$metadata#${COLLECTION_NAME[kind]}`,
      value: page.value,
      ...(page.nextLink ? { '@odata.nextLink': page.nextLink } : {}),
    },
  };
}

function memberObjects(state: TenantState, id: string, securityEnabledOnly: boolean): string[] {
  return [...state.transitiveGroupIds(id)]
    .map((gid) => state.directoryObject(gid)!.object)
    .filter((g) => !securityEnabledOnly || g.securityEnabled !== false)
    .map((g) => g.id);
}

function directGroups(state: TenantState, id: string): GraphGroup[] {
  return state.fixture.directory.groups.filter((g) =>
    (g.members ?? []).some((m) => m.toLowerCase() === id.toLowerCase()),
  );
}

function objectAction(
  req: EmulatorRequest,
  collection: DirectoryKind | 'directoryObject',
  id: string,
  action: string,
): EmulatorReply {
  const entry = req.state.directoryObject(id);
  if (!entry || (collection !== 'directoryObject' && entry.kind !== collection)) return notFound(req, id);
  const oid = entry.object.id;
  const body = (req.body ?? {}) as Record<string, unknown>;
  const collectionOfStrings = (value: string[]): EmulatorReply => ({
    status: 200,
    body: { '@odata.context': `${GRAPH}/$metadata#Collection(Edm.String)`, value },
  });
  const directoryObjects = (value: unknown[]): EmulatorReply => ({
    status: 200,
    body: { '@odata.context': `${GRAPH}/$metadata#directoryObjects`, value },
  });
  switch (action.toLowerCase()) {
    case 'getmemberobjects':
    case 'getmembergroups':
      if (req.method !== 'POST') return methodNotAllowed(req);
      if (typeof body.securityEnabledOnly !== 'boolean')
        return badRequest(req, 'securityEnabledOnly is required and must be a boolean.');
      return collectionOfStrings(memberObjects(req.state, oid, body.securityEnabledOnly));
    case 'checkmembergroups':
    case 'checkmemberobjects': {
      if (req.method !== 'POST') return methodNotAllowed(req);
      const key = action.toLowerCase() === 'checkmembergroups' ? 'groupIds' : 'ids';
      const ids = body[key];
      if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string'))
        return badRequest(req, `${key} is required and must be an array of strings.`);
      if (key === 'groupIds' && ids.length > 20)
        return badRequest(req, 'Too many groupIds: checkMemberGroups accepts at most 20.');
      const mine = req.state.transitiveGroupIds(oid);
      return collectionOfStrings((ids as string[]).filter((g) => mine.has(g.toLowerCase())));
    }
    case 'transitivememberof':
    case 'memberof': {
      if (req.method !== 'GET') return methodNotAllowed(req);
      const groups =
        action.toLowerCase() === 'memberof'
          ? directGroups(req.state, oid)
          : [...req.state.transitiveGroupIds(oid)].map((g) => req.state.directoryObject(g)!.object);
      return directoryObjects(groups.map((g) => present('group', g, true)));
    }
    case 'members':
    case 'transitivemembers': {
      if (req.method !== 'GET' || entry.kind !== 'group')
        return entry.kind !== 'group' ? notFound(req, id) : methodNotAllowed(req);
      const ids = new Set<string>();
      const walk = (g: GraphGroup, deep: boolean): void => {
        for (const m of g.members ?? []) {
          if (ids.has(m.toLowerCase())) continue;
          ids.add(m.toLowerCase());
          const child = req.state.directoryObject(m);
          if (deep && child?.kind === 'group') walk(child.object as GraphGroup, deep);
        }
      };
      walk(entry.object as GraphGroup, action.toLowerCase() === 'transitivemembers');
      return directoryObjects(
        [...ids]
          .map((m) => req.state.directoryObject(m))
          .filter((e) => e !== undefined)
          .map((e) => present(e.kind, e.object, true)),
      );
    }
    default:
      return badRequest(req, `Unsupported segment '${action}' for ${COLLECTION_NAME[entry.kind]}.`);
  }
}

function getByIds(req: EmulatorRequest): EmulatorReply {
  if (req.method !== 'POST') return methodNotAllowed(req);
  const body = (req.body ?? {}) as { ids?: unknown; types?: unknown };
  if (!Array.isArray(body.ids) || body.ids.some((x) => typeof x !== 'string'))
    return badRequest(req, 'ids is required and must be an array of strings.');
  if (body.ids.length > 1000) return badRequest(req, 'ids may contain at most 1000 entries.');
  const bad = (body.ids as string[]).find((id) => !GUID.test(id));
  if (bad !== undefined)
    return graphError(400, 'Request_BadRequest', `Invalid object identifier '${bad}'.`, clientRequestId(req));
  const types = Array.isArray(body.types)
    ? new Set((body.types as string[]).map((t) => String(t).toLowerCase()))
    : undefined;
  const value = (body.ids as string[])
    .map((id) => req.state.directoryObject(id))
    .filter((e) => e !== undefined && (!types || types.has(e.kind.toLowerCase())))
    .map((e) => partial(e!.kind, e!.object));
  return { status: 200, body: { '@odata.context': `${GRAPH}/$metadata#directoryObjects`, value } };
}

function methodNotAllowed(req: EmulatorRequest): EmulatorReply {
  return graphError(
    405,
    'Request_BadRequest',
    `The HTTP method '${req.method}' is not allowed for this resource.`,
    clientRequestId(req),
  );
}

/** True for Graph paths, so the server applies Graph's error envelope. */
export function isGraphPath(path: string): boolean {
  return /^\/v1\.0(\/|$)/i.test(path);
}

/** Routes under `/v1.0/`. */
export const graphRoutes: RouteHandler = (req) => {
  if (!isGraphPath(req.path)) return undefined;
  const segments = req.path.split('/').filter(Boolean).slice(1);
  const [collectionSeg, id, action, ...rest] = segments;
  const collection = collectionSeg ? COLLECTIONS[collectionSeg.toLowerCase()] : undefined;
  if (!collection || rest.length > 0)
    return graphError(
      400,
      'BadRequest',
      `Resource not found for the segment '${segments.join('/')}'.`,
      clientRequestId(req),
    );
  if (collection === 'directoryObject' && id?.toLowerCase() === 'getbyids' && action === undefined)
    return getByIds(req);
  if (id === undefined) {
    if (collection === 'directoryObject')
      return badRequest(req, 'Listing directoryObjects is not supported; use getByIds.');
    return req.method === 'GET' ? listCollection(req, collection) : methodNotAllowed(req);
  }
  const malformed = malformedId(req, collection, id);
  if (malformed) return malformed;
  if (action !== undefined) return objectAction(req, collection, id, action);
  if (req.method !== 'GET') return methodNotAllowed(req);
  const entry = req.state.directoryObject(id);
  if (!entry || (collection !== 'directoryObject' && entry.kind !== collection)) return notFound(req, id);
  const typed = collection === 'directoryObject';
  return {
    status: 200,
    body: {
      '@odata.context': `${GRAPH}/$metadata#${typed ? 'directoryObjects' : COLLECTION_NAME[entry.kind]}/$entity`,
      ...present(entry.kind, entry.object, typed),
    },
  };
};
