/**
 * Asks which vault to probe when the request did not name one (a "Check my access" button on an
 * FAQ answer or on a triaged error without a vault), then offers consent for that vault.
 */
import {
  TextPrompt,
  WaterfallDialog,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { ProbeConversation } from './probe-conversation.js';
import { findVaultName } from './probe-request-parser.js';
import { isVaultName, type ProbeRequest } from './probe-request.js';

/** Id of the dialog (begin it with the request as options). */
export const ASK_VAULT_DIALOG = 'probe.askVault';
const VAULT_PROMPT = 'probe.askVault.prompt';
const STOP = /^(cancel|stop|never ?mind|no|quit|exit)[.!]?$/i;
const MAX_ATTEMPTS = 3;

/** The vault name in an answer to "which vault?": a bare name, or one inside a sentence. */
export function vaultFromAnswer(answer: string): string | undefined {
  const trimmed = answer.trim().replace(/^['"`]|['"`.]$/g, '');
  return isVaultName(trimmed) ? trimmed.toLowerCase() : findVaultName(answer);
}

async function validate(prompt: PromptValidatorContext<string>): Promise<boolean> {
  // A button click while waiting ends the question (the step below says so) rather than looping.
  if (!prompt.recognized.succeeded)
    return prompt.context.activity.value !== undefined || prompt.attemptCount >= MAX_ATTEMPTS;
  const text = prompt.recognized.value ?? '';
  return STOP.test(text.trim()) || vaultFromAnswer(text) !== undefined || prompt.attemptCount >= MAX_ATTEMPTS;
}

/** The waterfall: ask (re-asking on an unusable answer), then offer consent. */
export function askVaultDialog(conversation: ProbeConversation): [WaterfallDialog, TextPrompt] {
  const waterfall = new WaterfallDialog(ASK_VAULT_DIALOG, [
    async (step: WaterfallStepContext) => {
      const request = step.options as ProbeRequest;
      return step.prompt(VAULT_PROMPT, {
        prompt: `Which key vault should I ${request.probe === 'permission-check' ? 'check your access to' : `run ${request.probe} on`}? Type its name (for example kv-payments), or **cancel**.`,
        retryPrompt:
          'That does not look like a Key Vault name (3-24 letters, digits and hyphens, e.g. kv-payments). Type the vault name, or **cancel**.',
      });
    },
    async (step: WaterfallStepContext) => {
      const answer = typeof step.result === 'string' ? step.result : '';
      // "cancel" is also a well-formed vault name: the stop words win.
      const stop = STOP.test(answer.trim());
      const vault = stop ? undefined : vaultFromAnswer(answer);
      if (!vault) {
        await step.context.sendActivity(
          stop
            ? 'OK, no check. Nothing was read.'
            : 'I stopped waiting for the vault name, and nothing was read. Press the button again or ask me, e.g. "check my access to kv-payments".',
        );
        return step.endDialog();
      }
      await conversation.offer(step.context, { ...(step.options as ProbeRequest), vault });
      return step.endDialog();
    },
  ]);
  return [waterfall, new TextPrompt(VAULT_PROMPT, validate)];
}
