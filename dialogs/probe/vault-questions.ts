/**
 * Questions about access that no FAQ entry answers (the seed does not cover them) and no check
 * answers as asked: "who has access to kv-payments?", "list the access policies on kv-payments",
 * "is kv-orders using RBAC or access policies?", "what's the difference between access policies and
 * RBAC?", "how do I request access to a key vault?", "remove my access to kv-orders". The FAQ matched
 * the first to the logging entry ("who accessed") and the last to the 403 entry, and declined the others. The reply says where Azure shows the answer, or how the
 * bot gets someone access, and offers what the bot can do: the check of the asker's own access
 * (whose result names the permission model and proposes the fix) and, for who has access, the
 * export of the access policies, which is for the vault's approvers (DESIGN.md §7).
 */
import type { Attachment } from 'botbuilder';
import { buttons, card, submit, text, type SubmitAction } from '../cards/adaptive-card.js';
import { TAKES_ACCESS_AWAY, findVaultName, isDirectRequest } from './probe-request-parser.js';
import { startActionData } from './probe-request.js';

/** What the question asks. */
export type VaultQuestionKind = 'who-has-access' | 'permission-model' | 'request-access' | 'remove-access';

/** A whole-vault question; `vault` is absent when the words name none. */
export interface VaultQuestion {
  kind: VaultQuestionKind;
  vault?: string;
}

/** The asker cannot do something: a problem to answer (FAQ, checks), not a question about the vault. */
const ASKER_BLOCKED =
  /\b(?:can'?t|cannot|can not|couldn'?t|unable|not able|don'?t|doesn'?t|won'?t|denied|forbidden|error)\b/i;

/**
 * "who has access", "who else has permissions", "who can read secrets", "which users have access".
 * Not "who accessed" or "who has read" (the audit log: logging-status), nor "who can change access"
 * (modify-rights).
 */
const WHO_HAS_ACCESS =
  /\bwho(?:\s+else)?\s+(?:has|have|got|gets)\s+(?:any\s+)?(?:access|permissions?|rights|roles?)\b|\bwho(?:\s+else)?\s+(?:can|is allowed to|may)\s+(?:access|read|see|list|get|use)\b|\b(?:which|what)\s+(?:users|people|identities|principals|groups|apps|accounts)\s+(?:have|has|can)\b/i;

/**
 * "list / show me the access policies (role assignments) on kv-x", "which access policies are on kv-x",
 * "what role assignments does kv-x have". Not "which access policy permission lets me view keys".
 */
const SHOW_ACCESS_LIST =
  /\b(?:list|show|see|view|display|print|dump|get)\b(?:\s+(?:me|all|the|its|current|existing))*\s+(?:access[\s-]polic(?:y|ies)|role\s+assignments?)\b|\b(?:what|which)\s+(?:access[\s-]polic(?:y|ies)|role\s+assignments?)\s+(?:are|is|does|do|exist|on|in|for|has|have)\b/i;

/** Words that make a list of policies the ARM export (arm-export) or a change, not a look. */
const EXPORT_OR_CHANGE =
  /\b(?:export|arm|bicep|template|redeploy|terraform|change|modify|edit|add|remove|delete|grant|give|set|update|orphan\w*|unknown)\b/i;

/** "rbac or access policies", "access policies vs rbac", "permission model", "is rbac enabled on". */
const MODEL_QUESTION =
  /\brbac\b.{0,40}\b(?:or|vs\.?|versus)\b.{0,20}\baccess[\s-]polic|\baccess[\s-]polic(?:y|ies)\b.{0,20}\b(?:or|vs\.?|versus)\b.{0,20}\brbac\b|\b(?:permission|access|authori[sz]ation)\s+model\b|\b(?:is|does|are)\b.{0,40}\b(?:using|use|uses|on|have|has)\s+(?:azure\s+)?rbac\b|\bis\s+(?:azure\s+)?rbac\s+(?:enabled|on|turned on|used)\b/i;

/** "What's the difference between access policies and RBAC", "RBAC vs access policies". */
const MODEL_DIFFERENCE = /\b(?:difference|differences|differ|compare|comparison)\b/i;
const BOTH_MODELS = [/\brbac\b|role[- ]based/i, /\baccess[\s-]polic/i] as const;

/**
 * "How do I request access to a key vault", "how can we get permissions on kv-x", "where do I ask
 * for access": the way in, which is what this bot is for.
 */
const REQUEST_ACCESS =
  /^\s*(?:(?:how|where)\s+(?:do|can|should|would|could|shall)\s+(?:i|we)|what(?:'s| is) the (?:process|way) to)\s+(?:go about\s+)?(?:request(?:ing)?|get(?:ting)?|ask(?:ing)? for|obtain(?:ing)?|apply(?:ing)? for|gain(?:ing)?)\s+(?:(?:read|write|the|some|an?)\s+)?(?:access|permissions?|a role|rights)\b(?!\s*tokens?\b)/i;

/**
 * Not when the entries are orphaned (the unknown-policies check's, and their removal a fix), when a
 * deployment removes them (the ARM redeploy entry), or when the words ask to check a permission.
 */
const NOT_REMOVAL =
  /\b(?:unknown|orphan\w*|stale|deleted|old|obsolete|terraform|arm|bicep|template|redeploy\w*|deploy\w*|pulumi|pipeline|check|verify|whether|if i have|do i have)\b/i;

/** Moving a vault between models is a how-to for the FAQ and the docs, not a look at it ("is RBAC enabled" is a look). */
const MODEL_CHANGE =
  /\b(?:switch\w*|migrat\w*|chang\w*|convert\w*|mov(?:e|ing)|enable|enabling|disable|disabling|turn(?:ing)?\s+(?:on|off))\b/i;

/** Asking what one needs: the FAQ answers that. */
const NEEDED = /\b(?:need|needs|needed|requires?|required|should|must)\b/i;

/** Asking what one has: the check of one's own access answers that. */
const OWN = /\bmy\b|\b(?:do|did|does|can)\s+i\b|\bi\s+(?:have|get)\b/i;

/**
 * The whole-vault question in a short message, or undefined. Long reports and problems the asker
 * has ("I can't see the access policies") are left to the FAQ and the checks.
 */
export function vaultQuestionIn(text: string): VaultQuestion | undefined {
  if (!isDirectRequest(text) || ASKER_BLOCKED.test(text)) return undefined;
  const kind = kindOf(text);
  if (!kind) return undefined;
  const vault = findVaultName(text);
  return vault ? { kind, vault } : { kind };
}

/** Which whole-vault question the words ask, first match wins. */
function kindOf(text: string): VaultQuestionKind | undefined {
  const aboutModels =
    MODEL_QUESTION.test(text) || (MODEL_DIFFERENCE.test(text) && BOTH_MODELS.every((re) => re.test(text)));
  if (aboutModels && !MODEL_CHANGE.test(text)) return 'permission-model';
  const whoHas = WHO_HAS_ACCESS.test(text) || (SHOW_ACCESS_LIST.test(text) && !OWN.test(text));
  if (whoHas && !EXPORT_OR_CHANGE.test(text) && !NEEDED.test(text)) return 'who-has-access';
  if (REQUEST_ACCESS.test(text) && !EXPORT_OR_CHANGE.test(text)) return 'request-access';
  // "Remove my access to kv-orders", "revoke bob's permissions": no check answers it, no fix does it.
  if (TAKES_ACCESS_AWAY.test(text) && !NOT_REMOVAL.test(text)) return 'remove-access';
  return undefined;
}

/** The card that answers a whole-vault question: where Azure shows it, and the checks the bot can run. */
export function vaultQuestionCard({ kind, vault }: VaultQuestion): Attachment {
  const actions: SubmitAction[] = [];
  if (vault)
    actions.push(
      submit(
        `Check my access to ${vault}`,
        startActionData({ probe: 'permission-check', vault, operation: 'secrets/list' }),
      ),
    );
  if (vault && kind === 'who-has-access')
    actions.push(submit('Export its access policies (approvers)', startActionData({ probe: 'arm-export', vault })));
  const [title, lines] = CARDS[kind](vault);
  return card([
    text(title, { style: 'heading', size: 'Medium', weight: 'Bolder' }),
    text(lines.join('\n')),
    buttons(actions),
  ]);
}

/** Each kind's title and text, for a vault or for vaults in general. */
const CARDS: Record<VaultQuestionKind, (vault: string | undefined) => [string, string[]]> = {
  'permission-model': (vault) => [
    vault ? `Access policies or Azure RBAC: which ${vault} uses` : 'Access policies or Azure RBAC',
    [
      'A vault uses one permission model for its data (secrets, keys, certificates), and only that one grants access:',
      '- **Vault access policy:** each entry gives a user, group or app permissions such as get and list on secrets. Azure roles such as Owner or Contributor manage the vault but do not let anyone read its data.',
      '- **Azure role-based access control (RBAC):** Key Vault data roles (Key Vault Secrets User, Key Vault Reader, Key Vault Crypto User…) at the vault, its resource group or subscription, or a single secret. Access policies are ignored.',
      '',
      'To see which one a vault uses:',
      '- **Portal:** the vault → Settings → **Access configuration**.',
      `- **CLI:** \`az keyvault show --name ${vault ?? '<vault>'} --query properties.enableRbacAuthorization\`: \`true\` is Azure RBAC; \`false\` (or empty) is access policies.`,
      vault
        ? `\nThe check of your access to ${vault} says which model it uses, and whether you get in.`
        : '\nName the vault ("check my access to kv-orders") and I can look at it for you.',
    ],
  ],
  'who-has-access': (vault) => [
    `Who has access to ${vault ?? 'a vault'}`,
    [
      'Azure keeps it in two places, and which one counts depends on the vault’s permission model:',
      `- **Access policies** (access-policy vaults): the vault → **Access policies**, or \`az keyvault show --name ${vault ?? '<vault>'} --query properties.accessPolicies\`.`,
      `- **Role assignments** (RBAC vaults): the vault → **Access control (IAM)** → **Role assignments**, or \`az role assignment list --scope <the vault's resource id> --include-inherited\`. Roles given on the resource group or subscription apply too.`,
      'Members of a group that is listed get its access as well.',
      '',
      'Reading these needs read access to the vault’s settings (the Reader role is enough); it shows no secret values.',
      vault
        ? `\nListing everyone's access is for the approvers of ${vault}: I can export its access policies for one of them. I can also check your own access now.`
        : '\nName the vault ("check my access to kv-orders") and I can check your own access to it.',
    ],
  ],
  'remove-access': (vault) => [
    `Removing access${vault ? ` to ${vault}` : ''}`,
    [
      'I don’t take access away myself: my fixes add the smallest access that is missing, and each can be undone.',
      `- **Access I granted:** press **Undo** on its Done card (it goes to an approver, like the fix did); access granted for a limited time is removed on its own when the time is up.`,
      `- **Any other access**, by the vault’s owners: on an access-policy vault, the vault → **Access policies** → delete the entry, or \`az keyvault delete-policy --name ${vault ?? '<vault>'} --object-id <object id>\`; on an RBAC vault, the vault → **Access control (IAM)** → **Role assignments** → remove, or \`az role assignment delete --assignee <object id> --role "<role>" --scope <the vault's resource id>\`.`,
      '- **From code:** the management API’s access-policy update with the operation `remove` (`PUT …/vaults/<vault>/accessPolicies/remove`, `updateAccessPolicy` in the SDKs) removes the permissions it lists for that object id.',
      'A role given on the resource group or subscription is removed there, not on the vault.',
    ],
  ],
  'request-access': (vault) => [
    `Getting access to ${vault ?? 'a key vault'}`,
    [
      'I can take you through it:',
      `1. ${vault ? `Press **Check my access to ${vault}**` : 'Tell me the vault ("I need access to kv-payments")'}: once you agree, I look at what Azure says about your access.`,
      '2. If something is missing, I propose the smallest fix (an access-policy permission, or a Key Vault data role such as Key Vault Secrets User on an RBAC vault) and send it to someone entitled to approve it (the approver group, or an Owner, User Access Administrator or Key Vault Contributor of the vault), never you.',
      '3. Once it is approved, I apply it and check that it works.',
      '',
      'Without me, ask the vault’s owners: the vault’s **Access control (IAM)** page in the portal shows who they are.',
    ],
  ],
};
