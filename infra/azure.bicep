// Key Vault Access Assistant: everything it runs on, in one resource group, in the shape the
// Microsoft 365 Agents Toolkit generates (azure.bicep + botRegistration/azurebot.bicep +
// azure.parameters.json). Deploy with `azd up` (azure.yaml) or
// `az deployment group create -g <rg> --template-file infra/azure.bicep --parameters ...`.
//
// One user-assigned managed identity is the bot's identity everywhere: the Azure Bot
// (UserAssignedMSI), Resource Manager and Graph reads (DefaultAzureCredential with AZURE_CLIENT_ID),
// and Azure Table Storage (no account keys). Graph application permissions cannot be granted from Bicep:
// run infra/grant-graph-permissions.sh with the `MANAGED_IDENTITY_PRINCIPAL_ID` output.
//
// The app settings below are checked against src/config.ts by test/deploy/infra-contract.test.ts.

@maxLength(20)
@minLength(4)
@description('Prefix of every resource name.')
param resourceBaseName string

@description('Location of the resources (the Azure Bot itself is global).')
param location string = resourceGroup().location

@description('Name shown for the bot in the Azure portal.')
param botDisplayName string = 'Key Vault Access Assistant'

@description('App Service plan SKU (B1 or higher: Always On needs a dedicated plan).')
param webAppSku string = 'B1'

@description('Subscriptions the bot searches for key vaults; the identity gets Reader on each.')
param subscriptionIdsToSearch array = [
  subscription().subscriptionId
]

@description('Grant the write roles fixes need (Key Vault Contributor, Key Vault Data Access Administrator, Monitoring Contributor) on those subscriptions. Off: probes work, fixes end with a message naming the missing right.')
param enableFixes bool = false

@description('Entra group whose members may approve fixes on any vault (KVBOT_APPROVER_GROUP_ID); empty for none.')
param approverGroupId string = ''

@description('Entra object ids of bot admins, comma-separated (KVBOT_ADMIN_IDS); they register the support and approvals channels.')
param adminIds string = ''

@description('Tenant of the vaults and of the bot identity.')
param tenantId string = tenant().tenantId

var serviceName = 'bot'
var storageAccountName = take(toLower(replace('${resourceBaseName}state', '-', '')), 24)
// Every table the bot creates starts with this (`<prefix><namespace>`, `<prefix>botstate`).
var tablePrefix = 'kvbot'

// Built-in role definition ids (the contract test checks every id against its name).
// Table Storage holds everything durable, bot state included (KVBOT_STORAGE=table), so the
// identity needs the Table data role only; it also lets the bot create its tables.
var builtInRoles = {
  'Storage Table Data Contributor': '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-id'
  location: location
}

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${resourceBaseName}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${resourceBaseName}-ai'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    // Managed identity only: no account keys, no anonymous access.
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in items(builtInRoles): {
  name: guid(storage.id, identity.id, role.value)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}]

resource serverfarm 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${resourceBaseName}-plan'
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: '${resourceBaseName}-app'
  location: location
  kind: 'app,linux'
  tags: {
    'azd-service-name': serviceName
  }
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      alwaysOn: true
      http20Enabled: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      healthCheckPath: '/healthz'
      // The app package's production start: node itself receives SIGTERM (no npm, no tsx).
      appCommandLine: 'node dist/src/index.js'
      appSettings: [
        {
          // The package is built by `npm run package` (compiled, production dependencies included).
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false'
        }
        {
          name: 'MicrosoftAppType'
          value: 'UserAssignedMSI'
        }
        {
          name: 'MicrosoftAppId'
          value: identity.properties.clientId
        }
        {
          name: 'MicrosoftAppTenantId'
          value: identity.properties.tenantId
        }
        {
          // DefaultAzureCredential (Resource Manager, Graph, Table Storage) uses this user-assigned identity.
          name: 'AZURE_CLIENT_ID'
          value: identity.properties.clientId
        }
        {
          name: 'AZURE_TENANT_ID'
          value: tenantId
        }
        {
          name: 'AZURE_SUBSCRIPTION_IDS'
          value: join(subscriptionIdsToSearch, ',')
        }
        {
          // Approvals, cases, the audit log, feedback and bot state: one table per namespace, several
          // instances safe (docs/storage.md).
          name: 'KVBOT_STORAGE'
          value: 'table'
        }
        {
          // The account's Table endpoint (https://<account>.table.core.windows.net/).
          name: 'AZURE_STORAGE_ACCOUNT_URL'
          value: storage.properties.primaryEndpoints.table
        }
        {
          name: 'KVBOT_STORAGE_TABLE_PREFIX'
          value: tablePrefix
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
        {
          name: 'KVBOT_APPROVER_GROUP_ID'
          value: approverGroupId
        }
        {
          name: 'KVBOT_ADMIN_IDS'
          value: adminIds
        }
        {
          name: 'LOG_LEVEL'
          value: 'info'
        }
      ]
    }
  }
  dependsOn: [
    storageRoles
  ]
}

// Reader (and, with enableFixes, the write roles) on every subscription the bot searches.
module subscriptionRoles 'roles/subscription-roles.bicep' = [for subscriptionId in subscriptionIdsToSearch: {
  name: 'kvbot-roles-${uniqueString(subscriptionId, identity.id)}'
  scope: subscription(subscriptionId)
  params: {
    principalId: identity.properties.principalId
    enableFixes: enableFixes
  }
}]

// The Azure Bot resource: messaging endpoint on the web app, Teams channel.
module azureBotRegistration 'botRegistration/azurebot.bicep' = {
  name: 'Azure-Bot-registration'
  params: {
    resourceBaseName: resourceBaseName
    botDisplayName: botDisplayName
    identityClientId: identity.properties.clientId
    identityResourceId: identity.id
    identityTenantId: identity.properties.tenantId
    botAppDomain: webApp.properties.defaultHostName
  }
}

// Inputs of `npm run package` (the Teams app) and of the Graph grant script.
output BOT_ID string = identity.properties.clientId
output BOT_DOMAIN string = webApp.properties.defaultHostName
output MANAGED_IDENTITY_PRINCIPAL_ID string = identity.properties.principalId
output AZURE_STORAGE_ACCOUNT_URL string = storage.properties.primaryEndpoints.table
output WEB_APP_NAME string = webApp.name
