#!/usr/bin/env bash
# Grants the bot's managed identity the Microsoft Graph APPLICATION permissions it needs to
# resolve users, groups (with nested memberships) and the object ids in access policies.
# Bicep cannot grant Graph app roles, so this runs once after `azd up` / the deployment.
#
# Usage:   infra/grant-graph-permissions.sh <managed-identity-principal-id>
#          (the MANAGED_IDENTITY_PRINCIPAL_ID output; with azd: `azd env get-value MANAGED_IDENTITY_PRINCIPAL_ID`)
# Needs:   az CLI signed in (`az login`) as a Privileged Role Administrator or Global Administrator
#          of the tenant (app role assignments to Microsoft Graph are admin consent).
# Effect:  one appRoleAssignment per permission on the identity's service principal; permissions
#          already granted are skipped, so it is safe to run again.
set -euo pipefail

PRINCIPAL_ID="${1:-${MANAGED_IDENTITY_PRINCIPAL_ID:-}}"
if [[ ! "$PRINCIPAL_ID" =~ ^[0-9a-fA-F-]{36}$ ]]; then
  echo "usage: $0 <managed-identity-principal-id>   (a GUID: the MANAGED_IDENTITY_PRINCIPAL_ID deployment output)" >&2
  exit 2
fi

# The permissions the bot uses (README, "Deploying to a real tenant").
PERMISSIONS=(User.Read.All GroupMember.Read.All Application.Read.All)
GRAPH_APP_ID="00000003-0000-0000-c000-000000000000" # Microsoft Graph, the same in every tenant
GRAPH="https://graph.microsoft.com/v1.0"

GRAPH_SP_ID="$(az ad sp show --id "$GRAPH_APP_ID" --query id -o tsv)"
echo "Microsoft Graph service principal: $GRAPH_SP_ID"

for PERMISSION in "${PERMISSIONS[@]}"; do
  ROLE_ID="$(az ad sp show --id "$GRAPH_APP_ID" --query "appRoles[?value=='$PERMISSION' && contains(allowedMemberTypes, 'Application')].id | [0]" -o tsv)"
  if [[ -z "$ROLE_ID" ]]; then
    echo "error: Microsoft Graph has no application permission named $PERMISSION" >&2
    exit 1
  fi
  EXISTING="$(az rest --method GET --uri "$GRAPH/servicePrincipals/$PRINCIPAL_ID/appRoleAssignments" --query "value[?appRoleId=='$ROLE_ID'].id | [0]" -o tsv)"
  if [[ -n "$EXISTING" ]]; then
    echo "already granted: $PERMISSION"
    continue
  fi
  az rest --method POST --uri "$GRAPH/servicePrincipals/$PRINCIPAL_ID/appRoleAssignments" \
    --headers "Content-Type=application/json" \
    --body "{\"principalId\":\"$PRINCIPAL_ID\",\"resourceId\":\"$GRAPH_SP_ID\",\"appRoleId\":\"$ROLE_ID\"}" \
    --output none
  echo "granted: $PERMISSION"
done
echo "Done. Tokens issued from now on carry the roles (a running bot picks them up within about an hour, or restart it)."
