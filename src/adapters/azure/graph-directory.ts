/**
 * Microsoft Graph v1.0 reads over `@azure-rest/core-client` (same retry, TLS and bearer-token
 * pipeline as the ARM clients): resolve object ids, transitive group memberships, groups by
 * name and service principals by appId. Non-2xx answers become `AzureAccessError`s here,
 * because a REST-level client returns them instead of throwing.
 */
import type { Client, ClientOptions } from '@azure-rest/core-client';
import { getClient } from '@azure-rest/core-client';
import type { TokenCredential } from '@azure/core-auth';
import { createHttpHeaders } from '@azure/core-rest-pipeline';
import { AzureAccessError } from '../../core/probes/azure-error.js';
import type { DirectoryObject, DirectoryObjectType } from '../../core/probes/azure-model.js';
import { mapDirectoryObject } from './map-directory-object.js';
import { kindOfStatus, retryAfterInMs } from './map-azure-error.js';

/** Scope the Graph token is requested for, whatever endpoint the client talks to. */
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
/** Ids per `getByIds` request (Graph's limit). */
const GET_BY_IDS_LIMIT = 1000;
/** Parallel re-reads of partial `getByIds` objects. */
const COMPLETE_CONCURRENCY = 8;
/** Guard against a server that pages forever. */
const MAX_PAGES = 50;

interface GraphResponse {
  status: string;
  body: unknown;
  headers: Record<string, string>;
}

function odataLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Graph calls the adapter needs; every method takes an abort signal already carrying the deadline. */
export class GraphDirectory {
  private readonly client: Client;

  constructor(endpoint: string, credential: TokenCredential, options: ClientOptions) {
    this.client = getClient(endpoint.replace(/\/+$/, ''), credential, {
      ...options,
      credentials: { scopes: [GRAPH_SCOPE] },
    });
  }

  private check(res: GraphResponse, operation: string): Record<string, unknown> {
    const status = Number(res.status);
    const body = (typeof res.body === 'object' && res.body !== null ? res.body : {}) as Record<string, unknown>;
    if (status >= 200 && status < 300) return body;
    const error = (body.error ?? {}) as { code?: string; message?: string };
    const headers = createHttpHeaders(res.headers);
    const wait = retryAfterInMs(headers);
    throw new AzureAccessError(kindOfStatus(status), error.message ?? `Microsoft Graph answered ${status}`, {
      operation,
      statusCode: status,
      ...(error.code ? { code: error.code } : {}),
      ...(wait !== undefined ? { retryAfterInMs: wait } : {}),
      ...(headers.get('request-id') ? { requestId: headers.get('request-id') } : {}),
    });
  }

  private values(body: Record<string, unknown>, operation: string): unknown[] {
    if (!Array.isArray(body.value))
      throw new AzureAccessError('invalid-response', `Microsoft Graph answered ${operation} without a value array`, {
        operation,
      });
    return body.value;
  }

  /** Resolves ids; unknown ids are simply absent (Graph `getByIds`). */
  async getByIds(ids: string[], abortSignal: AbortSignal): Promise<DirectoryObject[]> {
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += GET_BY_IDS_LIMIT) chunks.push(ids.slice(i, i + GET_BY_IDS_LIMIT));
    const pages = await Promise.all(
      chunks.map(async (chunk) => {
        const res = await this.client
          .path('/v1.0/directoryObjects/getByIds')
          .post({ body: { ids: chunk, types: ['user', 'group', 'servicePrincipal', 'application'] }, abortSignal });
        return this.values(this.check(res, 'graph.getByIds'), 'graph.getByIds');
      }),
    );
    const found = pages
      .flat()
      .map((o) => mapDirectoryObject(o))
      .filter((o): o is DirectoryObject => o !== undefined);
    return this.completeApps(found, abortSignal);
  }

  /**
   * `getByIds` may answer with a default property set that lacks `appId` and
   * `servicePrincipalType`; the probes need them (application object vs its service principal,
   * managed identity), so read those few objects once more by id. A failed re-read keeps the
   * partial object: its id and type are still right.
   */
  private async completeApps(objects: DirectoryObject[], abortSignal: AbortSignal): Promise<DirectoryObject[]> {
    const incomplete = (o: DirectoryObject): boolean =>
      (o.type === 'application' && !o.appId) ||
      (o.type === 'servicePrincipal' && (!o.appId || !o.servicePrincipalType));
    const todo = objects.filter(incomplete);
    const full = new Map<string, DirectoryObject>();
    for (let i = 0; i < todo.length; i += COMPLETE_CONCURRENCY) {
      await Promise.all(
        todo.slice(i, i + COMPLETE_CONCURRENCY).map(async (o) => {
          const collection = o.type === 'application' ? 'applications' : 'servicePrincipals';
          const select =
            o.type === 'application' ? 'id,appId,displayName' : 'id,appId,displayName,servicePrincipalType';
          const res = await this.client
            .path(`/v1.0/${collection}/{id}`, o.id)
            .get({ queryParameters: { $select: select }, abortSignal });
          if (Number(res.status) !== 200) return;
          const read = mapDirectoryObject(res.body, o.type);
          if (read) full.set(o.id, { ...o, ...read, type: o.type });
        }),
      );
    }
    return objects.map((o) => full.get(o.id) ?? o);
  }

  /** Transitive security-group ids of an object (Graph `getMemberGroups`). */
  async memberGroups(objectId: string, abortSignal: AbortSignal): Promise<string[]> {
    const res = await this.client
      .path('/v1.0/directoryObjects/{id}/getMemberGroups', objectId)
      .post({ body: { securityEnabledOnly: true }, abortSignal });
    return this.values(this.check(res, 'graph.getMemberGroups'), 'graph.getMemberGroups').filter(
      (x): x is string => typeof x === 'string',
    );
  }

  /** Lists a collection with an OData `$filter`, following `@odata.nextLink`. */
  private async list(
    collection: string,
    filter: string,
    type: DirectoryObjectType,
    operation: string,
    abortSignal: AbortSignal,
  ): Promise<DirectoryObject[]> {
    const out: DirectoryObject[] = [];
    let res = await this.client.path(`/v1.0/${collection}`).get({ queryParameters: { $filter: filter }, abortSignal });
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = this.check(res, operation);
      out.push(
        ...this.values(body, operation)
          .map((o) => mapDirectoryObject(o, type))
          .filter((o): o is DirectoryObject => o !== undefined),
      );
      const next = body['@odata.nextLink'];
      if (typeof next !== 'string') break;
      res = await this.client.pathUnchecked(next).get({ abortSignal });
    }
    return out;
  }

  /** The user whose userPrincipalName is `upn` (Graph `GET /users/{id | userPrincipalName}`); undefined on 404. */
  async userByPrincipalName(upn: string, abortSignal: AbortSignal): Promise<DirectoryObject | undefined> {
    const res = await this.client
      .path('/v1.0/users/{id}', upn)
      .get({ queryParameters: { $select: 'id,displayName,userPrincipalName' }, abortSignal });
    if (Number(res.status) === 404) return undefined;
    return mapDirectoryObject(this.check(res, 'graph.getUser'), 'user');
  }

  /** Groups with exactly this display name. */
  groupsByName(displayName: string, abortSignal: AbortSignal): Promise<DirectoryObject[]> {
    return this.list('groups', `displayName eq ${odataLiteral(displayName)}`, 'group', 'graph.listGroups', abortSignal);
  }

  /** The service principal of an application id. */
  async servicePrincipalByAppId(appId: string, abortSignal: AbortSignal): Promise<DirectoryObject | undefined> {
    return (
      await this.list(
        'servicePrincipals',
        `appId eq ${odataLiteral(appId)}`,
        'servicePrincipal',
        'graph.listServicePrincipals',
        abortSignal,
      )
    )[0];
  }
}
