/**
 * Realistic pasted errors written for this project (not copied from azure-facts): other vaults,
 * ids, permissions, wrappers and wordings, to measure how triage generalises.
 */
import type { FactExpectation } from './azure-facts-cases.js';

/** One variant paste and what triage should make of it. */
export interface Variant extends FactExpectation {
  name: string;
  text: string;
}

const T = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const T2 = 'c3d8a1e2-5b4f-4e21-9a7d-1f2e3d4c5b6a';
const APP = '8a6b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d';
const OID = 'e1f2a3b4-c5d6-47e8-9f0a-1b2c3d4e5f60';
const OID2 = '0b9c8d7e-6f5a-4b3c-2d1e-0f9a8b7c6d5e';
const CLI_APP = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
const caller = `appid=${APP};oid=${OID};iss=https://sts.windows.net/${T}/`;
const ids = { appId: APP, objectId: OID, tenantId: T };

export const VARIANTS: readonly Variant[] = [
  {
    name: 'keys sign, raw json',
    text: `{"error":{"code":"Forbidden","message":"The user, group or application '${caller}' does not have keys sign permission on key vault 'kv-signing-prod;location=westus3'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287","innererror":{"code":"AccessDenied"}}}`,
    kind: 'access-policy-permission',
    fields: {
      vault: 'kv-signing-prod',
      region: 'westus3',
      ...ids,
      category: 'keys',
      permission: 'sign',
      operation: 'keys/sign',
    },
  },
  {
    name: 'certificates import, terraform ForbiddenByPolicy',
    text: `Error: creating Certificate "tls-frontend" (Key Vault "https://contoso-certs-01.vault.azure.net/"): keyvault.BaseClient#ImportCertificate: Failure responding to request: StatusCode=403 -- Original Error: autorest/azure: Service returned an error. Status=403 Code="Forbidden" Message="The user, group or application 'appid=${CLI_APP};oid=${OID2};numgroups=3;iss=https://sts.windows.net/${T}/' does not have certificates import permission on key vault 'contoso-certs-01;location=northeurope'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287" InnerError={"code":"ForbiddenByPolicy"}`,
    kind: 'access-policy-permission',
    fields: {
      vault: 'contoso-certs-01',
      region: 'northeurope',
      appId: CLI_APP,
      objectId: OID2,
      tenantId: T,
      category: 'certificates',
      permission: 'import',
      operation: 'certificates/import',
    },
  },
  {
    name: 'storage get, azure cli',
    text: `ERROR: (Forbidden) The user, group or application '${caller}' does not have storage get permission on key vault 'kvstorage42;location=uksouth'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287\nCode: Forbidden\nMessage: The user, group or application '${caller}' does not have storage get permission on key vault 'kvstorage42;location=uksouth'.\nInner error: {\n    "code": "AccessDenied"\n}`,
    kind: 'access-policy-permission',
    fields: {
      vault: 'kvstorage42',
      region: 'uksouth',
      ...ids,
      category: 'storage',
      permission: 'get',
      operation: 'storage/get',
    },
  },
  {
    name: 'keys unwrapKey with managed identity resource ids, .NET',
    text: `Azure.RequestFailedException: The user, group or application 'appid=${APP};oid=${OID};iss=https://sts.windows.net/${T}/;xms_mirid=/subscriptions/1111/resourcegroups/rg-data/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-sql;xms_az_rid=/subscriptions/1111/resourcegroups/rg-data/providers/Microsoft.Sql/servers/sql-prod' does not have keys unwrapKey permission on key vault 'kv-tde-keys;location=eastus2'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287\r\nStatus: 403 (Forbidden)\r\nErrorCode: Forbidden\r\n\r\nContent:\r\n{"error":{"code":"Forbidden","message":"...","innererror":{"code":"AccessDenied"}}}`,
    kind: 'access-policy-permission',
    fields: {
      vault: 'kv-tde-keys',
      region: 'eastus2',
      ...ids,
      category: 'keys',
      permission: 'unwrapKey',
      operation: 'keys/unwrapKey',
    },
  },
  {
    name: 'secrets set from a GitHub Actions log with timestamps',
    text: `2025-01-14T09:12:44.1203321Z ##[group]Run az keyvault secret set --vault-name kv-ci-shared --name db-password\n2025-01-14T09:12:47.5528812Z ERROR: (Forbidden) The user, group or application 'appid=${APP};oid=${OID};numgroups=0;iss=https://sts.windows.net/${T}/' does not have secrets set permission on key vault 'kv-ci-shared;location=francecentral'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287\n2025-01-14T09:12:47.5601234Z ##[error]Process completed with exit code 1.`,
    kind: 'access-policy-permission',
    fields: {
      vault: 'kv-ci-shared',
      region: 'francecentral',
      ...ids,
      category: 'secrets',
      permission: 'set',
      operation: 'secrets/set',
    },
  },
  {
    name: 'secrets list pasted into Teams with HTML entities and <br>',
    text: `<div><p>Anyone know why?</p><p>{&quot;error&quot;:{&quot;code&quot;:&quot;Forbidden&quot;,&quot;message&quot;:&quot;The user, group or application &#39;appid=${APP};oid=${OID};iss=https://sts.windows.net/${T}/&#39; does not have secrets list permission on key vault &#39;kv-payments;location=westeurope&#39;.&quot;,&quot;innererror&quot;:{&quot;code&quot;:&quot;AccessDenied&quot;}}}</p></div>`,
    kind: 'access-policy-permission',
    fields: {
      vault: 'kv-payments',
      region: 'westeurope',
      ...ids,
      category: 'secrets',
      permission: 'list',
      operation: 'secrets/list',
    },
  },
  {
    name: 'no access policy entry, doubly escaped in a JSON log',
    text: JSON.stringify({
      log: JSON.stringify({
        msg: 'GetSecret failed',
        error: `Access denied. Caller was not found on any access policy.\\r\\nCaller: appid=${APP};oid=${OID};numgroups=1;iss=https://sts.windows.net/${T}/\\r\\nVault: kv-legacy-app;location=japaneast`,
      }),
    }),
    kind: 'access-policy-no-entry',
    fields: { vault: 'kv-legacy-app', region: 'japaneast', ...ids },
  },
  {
    name: 'RBAC readMetadata, older form without DenyAssignmentId, Java',
    text: `com.azure.core.exception.HttpResponseException: Status code 403, "{"error":{"code":"Forbidden","message":"Caller is not authorized to perform action on resource.\\r\\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\\r\\nCaller: ${caller}\\r\\nAction: 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'\\r\\nResource: '/subscriptions/9f8e7d6c-5b4a-3c2d-1e0f-a9b8c7d6e5f4/resourcegroups/rg-orders/providers/microsoft.keyvault/vaults/kv-orders-dev'\\r\\nAssignment: (not found)\\r\\nDecisionReason: 'DeniedWithNoValidRBAC' \\r\\nVault: kv-orders-dev;location=australiaeast\\r\\n","innererror":{"code":"ForbiddenByRbac"}}}"`,
    kind: 'rbac-denied',
    fields: {
      vault: 'kv-orders-dev',
      region: 'australiaeast',
      ...ids,
      action: 'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
      resource:
        '/subscriptions/9f8e7d6c-5b4a-3c2d-1e0f-a9b8c7d6e5f4/resourcegroups/rg-orders/providers/microsoft.keyvault/vaults/kv-orders-dev',
      operation: 'secrets/list',
    },
  },
  {
    name: 'RBAC keys/read via a resource provider, DecisionReason null',
    text: `Status=403 Code="Forbidden" Message="Caller is not authorized to perform action on resource.\\r\\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\\r\\nCaller: name=Microsoft.RecoveryServices/vaults;appid=${APP};oid=${OID};iss=https://sts.windows.net/${T}/\\r\\nAction: 'Microsoft.KeyVault/vaults/keys/read'\\r\\nResource: '/subscriptions/aaaa1111-bbbb-2222-cccc-3333dddd4444/resourcegroups/rg-backup/providers/microsoft.keyvault/vaults/kv-backup-cmk/keys/cmk'\\r\\nAssignment: (not found)\\r\\nDenyAssignmentId: null\\r\\nDecisionReason: null \\r\\nVault: kv-backup-cmk;location=swedencentral\\r\\n" InnerError={"code":"ForbiddenByRbac"}`,
    kind: 'rbac-denied',
    fields: {
      vault: 'kv-backup-cmk',
      region: 'swedencentral',
      ...ids,
      action: 'Microsoft.KeyVault/vaults/keys/read',
      resource:
        '/subscriptions/aaaa1111-bbbb-2222-cccc-3333dddd4444/resourcegroups/rg-backup/providers/microsoft.keyvault/vaults/kv-backup-cmk/keys/cmk',
      operation: 'keys/get',
    },
  },
  {
    name: 'RBAC keys sign, JS RestError single line',
    text: `RestError: Caller is not authorized to perform action on resource. If role assignments, deny assignments or role definitions were changed recently, please observe propagation time. Caller: ${caller} Action: 'Microsoft.KeyVault/vaults/keys/sign/action' Resource: '/subscriptions/12345678-aaaa-bbbb-cccc-1234567890ab/resourcegroups/rg-sign/providers/microsoft.keyvault/vaults/kv-codesign/keys/release-key' Assignment: (not found) DenyAssignmentId: null DecisionReason: 'DeniedWithNoValidRBAC' Vault: kv-codesign;location=centralus { "name": "RestError", "code": "Forbidden", "statusCode": 403 }`,
    kind: 'rbac-denied',
    fields: {
      vault: 'kv-codesign',
      region: 'centralus',
      ...ids,
      action: 'Microsoft.KeyVault/vaults/keys/sign/action',
      resource:
        '/subscriptions/12345678-aaaa-bbbb-cccc-1234567890ab/resourcegroups/rg-sign/providers/microsoft.keyvault/vaults/kv-codesign/keys/release-key',
      operation: 'keys/sign',
    },
  },
  {
    name: 'RBAC certificates create, Pulumi [ForbiddenByRbac (Forbidden)]',
    text: `error: Code="ForbiddenByRbac" Message="[ForbiddenByRbac (Forbidden)] Caller is not authorized to perform action on resource.\\r\\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\\r\\nCaller: name=KeyVault/ManagementPlane;appid=${APP};oid=${OID};iss=https://sts.windows.net/${T}/\\r\\nAction: 'Microsoft.KeyVault/vaults/certificates/create/action'\\r\\nResource: '/subscriptions/00001111-2222-3333-4444-555566667777/resourcegroups/rg-web/providers/microsoft.keyvault/vaults/kvwebcerts'\\r\\nAssignment: (not found)\\r\\nDecisionReason: 'DeniedWithNoValidRBAC' \\r\\nVault: kvwebcerts;location=koreacentral\\r\\n"`,
    kind: 'rbac-denied',
    fields: {
      vault: 'kvwebcerts',
      region: 'koreacentral',
      ...ids,
      action: 'Microsoft.KeyVault/vaults/certificates/create/action',
      resource:
        '/subscriptions/00001111-2222-3333-4444-555566667777/resourcegroups/rg-web/providers/microsoft.keyvault/vaults/kvwebcerts',
      operation: 'certificates/create',
    },
  },
  {
    name: 'RBAC 2020 wording from az cli',
    text: `ERROR: (Forbidden) The operation is not allowed by RBAC. If you recently changed permissions, note that it can take several minutes for them to take effect.\nCode: Forbidden\nMessage: The operation is not allowed by RBAC.\nInner error: {\n    "code": "ForbiddenByRbac"\n}`,
    kind: 'rbac-denied',
    fields: {},
  },
  {
    name: 'ARM AuthorizationFailed on accessPolicies/write',
    text: `ERROR: (AuthorizationFailed) The client 'alex@contoso.com' with object id '${OID}' does not have authorization to perform action 'Microsoft.KeyVault/vaults/accessPolicies/write' over scope '/subscriptions/5555aaaa-6666-bbbb-7777-cccc8888dddd/resourceGroups/rg-shared/providers/Microsoft.KeyVault/vaults/kv-team-shared/accessPolicies/add' or the scope is invalid. If access was recently granted, please refresh your credentials.\nCode: AuthorizationFailed`,
    kind: 'rbac-denied',
    fields: {
      vault: 'kv-team-shared',
      objectId: OID,
      action: 'Microsoft.KeyVault/vaults/accessPolicies/write',
      resource:
        '/subscriptions/5555aaaa-6666-bbbb-7777-cccc8888dddd/resourceGroups/rg-shared/providers/Microsoft.KeyVault/vaults/kv-team-shared/accessPolicies/add',
    },
  },
  {
    name: 'ARM AuthorizationFailed with ABAC wording on roleAssignments/write for a service principal',
    text: `{"error":{"code":"AuthorizationFailed","message":"The client '${APP}' with object id '${OID2}' does not have authorization or an ABAC condition not fulfilled to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '/subscriptions/5555aaaa-6666-bbbb-7777-cccc8888dddd/resourceGroups/rg-shared/providers/Microsoft.KeyVault/vaults/kv-team-shared/providers/Microsoft.Authorization/roleAssignments/1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9' or the scope is invalid. If access was recently granted, please refresh your credentials."}}`,
    kind: 'rbac-denied',
    fields: {
      vault: 'kv-team-shared',
      appId: APP,
      objectId: OID2,
      action: 'Microsoft.Authorization/roleAssignments/write',
      resource:
        '/subscriptions/5555aaaa-6666-bbbb-7777-cccc8888dddd/resourceGroups/rg-shared/providers/Microsoft.KeyVault/vaults/kv-team-shared/providers/Microsoft.Authorization/roleAssignments/1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9',
    },
  },
  {
    name: 'firewall from AKS CSI driver event with IPv4',
    text: `Warning  FailedMount  2m (x12 over 20m)  kubelet  MountVolume.SetUp failed for volume "secrets-store-inline" : rpc error: code = Unknown desc = failed to mount secrets store objects for pod app/api-7d9f, err: rpc error: code = Unknown desc = failed to mount objects, error: failed to get objectType:secret, objectName:db-conn, objectVersion:: keyvault.BaseClient#GetSecret: Failure responding to request: StatusCode=403 -- Original Error: autorest/azure: Service returned an error. Status=403 Code="Forbidden" Message="Client address is not authorized and caller is not a trusted service.\\r\\nClient address: 52.174.33.201\\r\\nCaller: ${caller}\\r\\nVault: kv-aks-apps;location=westeurope" InnerError={"code":"ForbiddenByFirewall"}`,
    kind: 'firewall',
    fields: { vault: 'kv-aks-apps', region: 'westeurope', ...ids, clientAddress: '52.174.33.201' },
  },
  {
    name: 'firewall with IPv6 client, PowerShell',
    text: `Get-AzKeyVaultSecret: Operation returned an invalid status code 'Forbidden'\r\nCode: Forbidden\r\nMessage: Client address is not authorized and caller is not a trusted service.\r\nClient address: 2001:db8:85a3::8a2e:370:7334\r\nCaller: ${caller}\r\nVault: kvhomelab;location=germanywestcentral`,
    kind: 'firewall',
    fields: { vault: 'kvhomelab', region: 'germanywestcentral', ...ids, clientAddress: '2001:db8:85a3::8a2e:370:7334' },
  },
  {
    name: 'NSP denial with ANSI colours',
    text: `\u001b[1;31m✖\u001b[0m secret sync failed: {"error":{"code":"Forbidden","message":"Request was not allowed by NSP rules and the client address is not authorized and caller was ignored because bypass is set to None\\r\\nClient address: 40.112.9.77\\r\\nCaller: ${caller}\\r\\nVault: kv-perimeter;location=eastus","innererror":{"code":"ForbiddenByFirewall"}}}`,
    kind: 'firewall',
    fields: { vault: 'kv-perimeter', region: 'eastus', ...ids, clientAddress: '40.112.9.77' },
  },
  {
    name: 'public access disabled, .NET with escaped content',
    text: `System.AggregateException: One or more errors occurred. (Public network access is disabled and request is not from a trusted service nor via an approved private link.\r\nCaller: ${caller}\r\nVault: kv-private-core;location=canadaeast\r\nStatus: 403 (Forbidden)\r\nErrorCode: Forbidden`,
    kind: 'public-access-disabled',
    fields: { vault: 'kv-private-core', region: 'canadaeast', ...ids },
  },
  {
    name: 'private endpoint host mismatch',
    text: `curl https://kv-finance-pe.vault.azure.net/secrets/api-key?api-version=7.4\n{"error":{"code":"Forbidden","message":"This TCP connection does not allow access to kv-finance-pe.vault.azure.net.","innererror":{"code":"ForbiddenByConnection"}}}`,
    kind: 'public-access-disabled',
    fields: { vault: 'kv-finance-pe' },
  },
  {
    name: 'wrong audience, ARM token used against the vault',
    text: `Request failed with status code 401\n{"error":{"code":"Unauthorized","message":"AKV10022: Invalid audience. Expected https://vault.azure.net, found: https://management.core.windows.net/."}}\n    at https://kv-scripts.vault.azure.net/secrets/token`,
    kind: 'wrong-audience',
    fields: { vault: 'kv-scripts' },
  },
  {
    name: 'wrong tenant with several expected issuers',
    text: `ERROR: (Unauthorized) AKV10032: Invalid issuer. Expected one of https://sts.windows.net/${T}/, https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/, https://sts.windows.net/e2d54eb5-3869-4f70-8578-dee5fc7331f4/, found https://sts.windows.net/${T2}/.\nCode: Unauthorized\nMessage: AKV10032: Invalid issuer.`,
    kind: 'wrong-tenant',
    // tenantId is the caller's tenant: the issuer the token was found to have (issue 8).
    fields: { tenantId: T2 },
  },
  {
    name: 'token expired from a Java client',
    text: `com.azure.core.exception.HttpResponseException: Status code 401, "{"error":{"code":"Unauthorized","message":"[TokenExpired] Error validating token: 'S2S12086'."}}"`,
    kind: 'token-expired',
    fields: {},
  },
  {
    name: 'missing bearer token seen in an nginx-style access log',
    text: `10.1.2.3 - - [14/Feb/2025:10:00:01 +0000] "GET https://kv-edge-01.vault.azure.net/secrets?api-version=7.5 HTTP/1.1" 401 98 {"error":{"code":"Unauthorized","message":"AKV10000: Request is missing a Bearer or PoP token."}}`,
    kind: 'token-missing',
    fields: { vault: 'kv-edge-01' },
  },
  {
    name: '429 from .NET with empty reason and headers',
    text: `Azure.RequestFailedException: Service request failed.\nStatus: 429 ()\n\nContent:\n{"error":{"code":"Throttled","message":"Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached"}}\n\nHeaders:\nCache-Control: no-cache\nx-ms-keyvault-region: westus2\nx-ms-keyvault-service-version: 1.9.1188.1\nx-ms-keyvault-network-info: conn_type=Ipv4;addr=20.1.2.3;act_addr_fam=InterNetwork;`,
    kind: 'throttled',
    fields: { region: 'westus2' },
  },
  {
    name: '429 TooManyRequests from the Go SDK',
    text: `GET https://kv-batch-jobs.vault.azure.net/secrets/conn\n--------------------------------------------------------------------------------\nRESPONSE 429: 429 Too Many Requests\nERROR CODE: Throttled\n--------------------------------------------------------------------------------`,
    kind: 'throttled',
    fields: { vault: 'kv-batch-jobs' },
  },
  {
    name: 'operation not allowed: sign',
    text: `{"error":{"code":"Forbidden","message":"Operation is not allowed.\\r\\nOperation: \\"sign\\"\\r\\nCaller: ${caller}\\r\\nVault: kv-hsm-sign;location=eastasia","innererror":{"code":"ForbiddenByPolicy"}}}`,
    // The operation-level denial of azure-facts §1.5 (see azure-facts-cases).
    kind: 'operation-not-permitted',
    fields: {
      vault: 'kv-hsm-sign',
      region: 'eastasia',
      ...ids,
      category: 'keys',
      permission: 'sign',
      operation: 'keys/sign',
    },
  },
  {
    name: 'key operation not permitted: wrapKey, JS',
    text: `RestError: Operation wrapKey is not permitted on this key.\n {\n  "name": "RestError",\n  "code": "Forbidden",\n  "statusCode": 403\n}`,
    kind: 'operation-not-permitted',
    fields: { category: 'keys', permission: 'wrapKey', operation: 'keys/wrapKey' },
  },
  {
    name: 'disabled secret, az cli',
    text: `ERROR: (Forbidden) Operation get is not allowed on a disabled secret.\nCode: Forbidden\nMessage: Operation get is not allowed on a disabled secret.\nInner error: {\n    "code": "SecretDisabled"\n}`,
    kind: 'operation-not-permitted',
    fields: { category: 'secrets', permission: 'get', operation: 'secrets/get' },
  },
  {
    name: 'access denied with Teams smart quotes and code fence',
    text:
      '```\nThe user, group or application \u2018appid=' +
      APP +
      ';oid=' +
      OID +
      ';iss=https://sts.windows.net/' +
      T +
      '/\u2019 does not have certificates list permission on key vault \u2018kv-pki-root;location=southindia\u2019.\n```',
    kind: 'access-policy-permission',
    fields: {
      vault: 'kv-pki-root',
      region: 'southindia',
      ...ids,
      category: 'certificates',
      permission: 'list',
      operation: 'certificates/list',
    },
  },
  {
    name: 'bare 403 with only the inner code AccessDenied',
    text: `HTTP/1.1 403 Forbidden\n{"error":{"code":"Forbidden","message":"Access denied","innererror":{"code":"AccessDenied"}}}`,
    kind: 'access-policy-permission',
    fields: {},
  },
  {
    name: 'Azure Policy denial at ARM is not a Key Vault access error',
    text: `ERROR: (RequestDisallowedByPolicy) Resource 'kv-new-team' was disallowed by policy. Policy identifiers: '[{"policyAssignment":{"name":"Deny public KV"}}]'.`,
    kind: 'unrecognised',
    fields: {},
  },
  {
    name: 'not an Azure error at all',
    text: "TypeError: Cannot read properties of undefined (reading 'map')\n    at render (app.js:10:5)",
    kind: 'unrecognised',
    fields: {},
  },
];
