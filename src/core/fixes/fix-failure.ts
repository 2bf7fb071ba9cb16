/**
 * Turning a failed Azure call into a message a person can act on. The bot's own identity makes
 * the calls, so a 403 means the bot lacks a right, and the message names the role that has it.
 */
import { isAzureAccessError } from '../probes/azure-error.js';
import type { FixEffect, FixFailure } from './fix-plan.js';

/** What the bot was doing when the call failed. */
export type FixStage = 'planning' | 'applying' | 'verifying';

/** The failure value and its actionable message. */
export function describeFailure(
  error: unknown,
  stage: FixStage,
  effect?: FixEffect,
): { failure: FixFailure; message: string } {
  if (!isAzureAccessError(error)) {
    const text = error instanceof Error ? error.message : String(error);
    return {
      failure: { kind: 'unexpected', operation: stage },
      message: `Something unexpected went wrong while ${stage} the fix: ${text}.${writeNote(stage)}`,
    };
  }
  const failure: FixFailure = { kind: error.kind, operation: error.details.operation };
  if (error.details.statusCode !== undefined) failure.statusCode = error.details.statusCode;
  if (error.details.code !== undefined) failure.code = error.details.code;
  return { failure, message: messageFor(error.kind, error.message, stage, effect, error.details.retryAfterInMs) };
}

function messageFor(
  kind: string,
  azureMessage: string,
  stage: FixStage,
  effect: FixEffect | undefined,
  retryAfterInMs?: number,
): string {
  switch (kind) {
    case 'forbidden':
      return stage === 'applying' && effect
        ? `The bot's Azure identity is not allowed to make this change: it needs ${rightFor(effect)}. Ask an owner of the vault to grant the bot that role, or make the change yourself from the plan.`
        : `The bot's Azure identity cannot read what it needs on this vault (it needs at least Reader on the vault). Ask an owner of the vault to grant it. Azure said: ${azureMessage}`;
    case 'not-found':
      return `Azure could not find something the fix refers to (the vault, the principal or the setting may have been deleted or renamed). Azure said: ${azureMessage}`;
    case 'unauthenticated':
      return "The bot could not sign in to Azure (its credential is missing, expired or rejected). Ask the bot's administrator to check its Azure configuration.";
    case 'throttled':
      return `Azure is throttling requests right now; try again${retryAfterInMs ? ` in about ${Math.ceil(retryAfterInMs / 1000)} s` : ' in a minute'}. Nothing was changed.`;
    case 'unavailable':
      return `Azure did not answer (service error or connection failure); try again later.${writeNote(stage)}`;
    case 'timeout':
      return `Azure did not answer in time; try again later.${writeNote(stage)}`;
    case 'conflict':
      return effect?.kind === 'role-assignment-create'
        ? 'Azure says this role assignment already exists (possibly under another name). Run verify: the access may already be in place.'
        : `Azure refused the change because of a conflicting change on the same resource; try again. Azure said: ${azureMessage}`;
    case 'bad-request':
      return `Azure refused the request as invalid: ${azureMessage}. The plan may be out of date: plan the fix again.`;
    case 'invalid-response':
      return `Azure answered with something the bot could not read.${writeNote(stage)}`;
    default:
      return `The call to Azure failed: ${azureMessage}`;
  }
}

function rightFor(effect: FixEffect): string {
  switch (effect.kind) {
    case 'access-policy-add':
    case 'access-policy-remove':
      return 'Microsoft.KeyVault/vaults/accessPolicies/write on the vault (Key Vault Contributor, Contributor or Owner)';
    case 'role-assignment-create':
    case 'role-assignment-delete':
      return 'Microsoft.Authorization/roleAssignments/write and delete on the vault (Owner, User Access Administrator, or Key Vault Data Access Administrator for Key Vault roles)';
    case 'diagnostic-setting-put':
    case 'diagnostic-setting-delete':
      return 'Microsoft.Insights/diagnosticSettings/write on the vault (Monitoring Contributor, Key Vault Contributor or Owner)';
  }
}

function writeNote(stage: FixStage): string {
  // After a lost answer to a write, Azure may or may not have made the change.
  return stage === 'applying' ? ' The change may or may not have been made: run verify before trying again.' : '';
}
