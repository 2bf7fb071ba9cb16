// The Azure Bot resource (as the Microsoft 365 Agents Toolkit's botRegistration module): the bot
// authenticates as the user-assigned managed identity (UserAssignedMSI, no secret), its
// messaging endpoint is the web app's /api/messages, and the Microsoft Teams channel is on.

@maxLength(20)
@minLength(4)
@description('Prefix of every resource name.')
param resourceBaseName string

@maxLength(42)
param botDisplayName string

@description('Client id of the user-assigned managed identity (the bot\'s MicrosoftAppId).')
param identityClientId string

@description('Resource id of that identity.')
param identityResourceId string

@description('Tenant of that identity.')
param identityTenantId string

@description('Host name of the web app, e.g. kvbot-app.azurewebsites.net.')
param botAppDomain string

param botServiceSku string = 'F0'

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  kind: 'azurebot'
  location: 'global'
  name: resourceBaseName
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${botAppDomain}/api/messages'
    msaAppId: identityClientId
    msaAppMSIResourceId: identityResourceId
    msaAppTenantId: identityTenantId
    msaAppType: 'UserAssignedMSI'
  }
  sku: {
    name: botServiceSku
  }
}

resource botServiceMsTeamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  location: 'global'
  name: 'MsTeamsChannel'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}
