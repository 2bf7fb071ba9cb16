/**
 * The probe and triage extension of the main dialog (DESIGN.md §1 journeys 2-3, §7): text
 * routes for pasted errors and probe requests in words, the `probe.*` button handlers, and the
 * "which vault?" prompt. The composition root passes the result to the bot as its extensions.
 */
import { MessageFactory } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import { hasEntraId } from '../../src/core/identity/identity.js';
import { identityOf } from '../identity-of.js';
import type { FaqCards } from '../faq-cards.js';
import type { RouteStep, SubmitRoute, TextRoute } from '../main-dialog.js';
import { triageRoute, type TriageHook, type TriageKnowledge } from '../triage/triage-route.js';
import { ASK_VAULT_DIALOG, askVaultDialog } from './ask-vault-dialog.js';
import { CANCEL_ACTION, RUN_ACTION } from './consent-card.js';
import { NO_AAD_OBJECT_ID, ProbeConversation, type ProbeConversationOptions } from './probe-conversation.js';
import { requestFromWords, type SomeoneElse } from './probe-request-parser.js';
import { InvalidProbeRequestError, START_ACTION, parseProbeRequest, type ProbeRequest } from './probe-request.js';
import { vaultQuestionCard, vaultQuestionIn } from './vault-questions.js';

/** What the probe routes need. */
export interface ProbeRoutesDeps extends ProbeConversationOptions {
  /** The FAQ knowledge, for the titles and headings of triage answers (and the matcher, for errors wrapped in a question). */
  knowledge?: TriageKnowledge;
  /** The FAQ's answer card, so an error wrapped in a question gets the triage card and the answer in one reply. */
  cards?: Pick<FaqCards, 'answer' | 'didYouMean' | 'noMatch'>;
  /** Called after a pasted error was triaged and answered (escalation keeps it for a case packet). */
  onTriage?: TriageHook;
  /**
   * The Entra object id of the person with this address ("bob@contoso.com"), when the directory can
   * say: "check bob@contoso.com on kv-orders" then becomes the check of Bob's access, which an
   * approver must allow, instead of a note asking for his object id.
   */
  findPerson?: (principalName: string) => Promise<{ id: string } | undefined>;
}

/** The main dialog's extension points for triage and probes. */
export interface ProbeRoutes {
  textRoutes: TextRoute[];
  submitRoutes: SubmitRoute[];
  dialogs: Dialog[];
}

/**
 * The reply to a request about someone else's access with nothing to say who in Entra terms: the
 * checks look at the asker, or at an identity given by its object id (which an approver must allow).
 */
export function someoneElseNote({ who, kind }: SomeoneElse, vault: string): string {
  const example = `"check <object id> on ${vault}"`;
  return kind === 'person'
    ? `You asked about **${who}**, not yourself. My checks look at the access of whoever asks me, so they can ask me themselves ("check my access to ${vault}"), or you can tell me who they are, e.g. "check bob@contoso.com on ${vault}" (their sign-in address) or ${example}, and I'll check it once an approver agrees.`
    : `You asked about **${who}**, not yourself. The vault sees an app by its own identity (its managed identity or service principal), so checking your access would tell you nothing about it. Give me that identity's Entra object id (${whereToFindIdentity(who)}), e.g. ${example}, and I'll check it once an approver agrees.`;
}

/** Where an app's identity is found, by what kind of app the words name. */
function whereToFindIdentity(who: string): string {
  if (/pipeline|release|build|service connection|devops/i.test(who))
    return "a pipeline runs as its service connection's service principal: Project settings → Service connections → the connection → **Manage service principal** shows it; use the object id of its Enterprise application";
  if (/github/i.test(who))
    return "a GitHub Actions workflow runs as the service principal or managed identity its `azure/login` step uses: the object id of that identity's Enterprise application";
  if (/aks|cluster|pod/i.test(who))
    return 'pods use the workload identity or the kubelet identity of the cluster: `az aks show --query identityProfile.kubeletidentity.objectId`, or the object id of the workload identity';
  return "for a managed identity, the `principalId` that `az webapp identity show` (or `az functionapp`/`az vm identity show`) or the resource's **Identity** page shows";
}

/** A message that is only a request to check ("check …", "can you verify …"). */
const CHECK_COMMAND = /^\s*(?:please\s+)?(?:(?:can|could) you\s+)?(?:check|test|verify)\b/i;

/** Name of the text route for probe requests in words. */
export const PROBE_REQUEST_ROUTE = 'probe.request';

/** Builds the routes over one ProbeConversation. */
export function createProbeRoutes(deps: ProbeRoutesDeps): ProbeRoutes {
  const conversation = new ProbeConversation(deps);

  /** Consent for a request with a vault; the vault prompt first when it has none. */
  const start = async (step: RouteStep, request: ProbeRequest) => {
    // Say it before asking anything else: without an Entra object id there is nobody to check.
    if (!hasEntraId(identityOf(step.context))) {
      await step.context.sendActivity(NO_AAD_OBJECT_ID);
      return step.endDialog();
    }
    if (!request.vault) return step.beginDialog(ASK_VAULT_DIALOG, request);
    await conversation.offer(step.context, { ...request, vault: request.vault });
    return step.endDialog();
  };

  /**
   * The object id of a person named by address when the directory finds them; `not-found` when it
   * looked and found nobody; undefined when it could not look (no address, no lookup, Graph failed).
   */
  const personNamed = async ({ who, kind }: SomeoneElse): Promise<{ id: string } | 'not-found' | undefined> => {
    if (kind !== 'person' || !who.includes('@') || !deps.findPerson) return undefined;
    try {
      return (await deps.findPerson(who)) ?? 'not-found';
    } catch {
      // Graph did not answer: the note says how to give the object id instead.
      return undefined;
    }
  };

  const probeRequestRoute: TextRoute = {
    name: PROBE_REQUEST_ROUTE,
    async handle(step, text) {
      // "Who has access to kv-x?", "is kv-x on RBAC?": where Azure shows it, and the checks on offer.
      const question = vaultQuestionIn(text);
      if (question) {
        await step.context.sendActivity(MessageFactory.attachment(vaultQuestionCard(question)));
        return step.endDialog();
      }
      const request = requestFromWords(text);
      // Without a vault name this is a question for the FAQ (whose answer may offer the check).
      if (!request?.vault) return undefined;
      if (request.someoneElse) {
        // A person named by address: their object id makes it the check of their access.
        const person = await personNamed(request.someoneElse);
        if (person && person !== 'not-found') {
          const { someoneElse: _named, otherVaults: _others, ...asked } = request;
          return start(step, { ...asked, principal: person.id });
        }
        // A check would read the asker's access, not theirs: say how to check theirs, then the FAQ answers.
        await step.context.sendActivity(
          person === 'not-found'
            ? `I couldn't find **${request.someoneElse.who}** in your organisation's directory. Check the address (a guest's may differ), or give me their Entra object id, e.g. "check <object id> on ${request.vault}", and I'll check it once an approver agrees.`
            : someoneElseNote(request.someoneElse, request.vault),
        );
        // "check bob@… on kv-x" asks for nothing else: no FAQ answer after the note.
        return CHECK_COMMAND.test(text) ? step.endDialog() : undefined;
      }
      const { otherVaults, ...first } = request;
      const result = await start(step, first);
      // The same check of each further vault the words name, one consent card each.
      if (hasEntraId(identityOf(step.context)))
        for (const vault of otherVaults ?? []) await conversation.offer(step.context, { ...first, vault });
      return result;
    },
  };

  const submitRoutes: SubmitRoute[] = [
    {
      action: START_ACTION,
      async handle(step, value) {
        let request: ProbeRequest;
        try {
          request = parseProbeRequest(value);
        } catch (e) {
          if (!(e instanceof InvalidProbeRequestError)) throw e;
          await step.context.sendActivity(
            `Sorry, I couldn't use that button: ${e.message}. It may come from an old card; ask me again, e.g. "check my access to kv-payments".`,
          );
          return step.endDialog();
        }
        return start(step, request);
      },
    },
    {
      action: RUN_ACTION,
      async handle(step, value) {
        await conversation.run(step.context, value);
        return step.endDialog();
      },
    },
    {
      action: CANCEL_ACTION,
      async handle(step, value) {
        await conversation.cancel(step.context, value);
        return step.endDialog();
      },
    },
  ];

  return {
    textRoutes: [triageRoute(deps.knowledge, deps.onTriage, deps.cards), probeRequestRoute],
    submitRoutes,
    dialogs: askVaultDialog(conversation),
  };
}
