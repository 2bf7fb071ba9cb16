// Roles of the bot's managed identity on one subscription it searches: Reader always (vaults,
// role assignments and definitions, diagnostic settings, metrics through Resource Manager); the
// write roles fixes need only with enableFixes. Deployed once per subscription by azure.bicep.
targetScope = 'subscription'

@description('Object (principal) id of the bot\'s user-assigned managed identity.')
param principalId string

@description('Also grant the roles fixes need.')
param enableFixes bool = false

// Built-in role definition ids (the contract test checks every id against its name).
var builtInRoles = {
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7'
  'Key Vault Contributor': 'f25e0fa2-a7c8-4377-a976-54943a77a395'
  'Key Vault Data Access Administrator': '8b54135c-b56d-4d72-a534-26097cfdc8d8'
  'Monitoring Contributor': '749f88d5-cbae-40b8-bcfc-e573ddc772fa'
}

// Access policies (accessPolicies/write), role assignments on RBAC vaults, diagnostic settings.
var fixRoles = [
  'Key Vault Contributor'
  'Key Vault Data Access Administrator'
  'Monitoring Contributor'
]

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, principalId, builtInRoles.Reader)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.Reader)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource fixRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in fixRoles: if (enableFixes) {
  name: guid(subscription().id, principalId, builtInRoles[role])
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles[role])
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]
