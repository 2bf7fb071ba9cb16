/**
 * fast-check generators of what can arrive at `/api/messages`: activities of every type with
 * realistic and hostile text, entities, card payloads (`value`) for every `kvbot` action, invokes,
 * and bodies that are not activities at all.
 */
import fc from 'fast-check';

/** The card actions the bot's features own (dialogs and adapters/bot). */
export const KVBOT_ACTIONS = [
  'faq.none',
  'faq.open',
  'feedback',
  'help',
  'human',
  'probe.start',
  'probe.run',
  'probe.cancel',
  'fix.propose',
  'fix.confirm',
  'fix.cancel',
  'fix.undo',
  'fix.group-access',
  'approval.decide',
  'approval.refresh',
  'case.open',
  'case.take',
  'case.reply',
  'case.resolve',
  'case.reopen',
  'case.rate',
  'case.dismiss',
] as const;

const PHRASES = [
  "why can't I list secrets in kv-payments?",
  'check my access to kv-payments',
  'can I delete keys in kv-orders?',
  'who can change access on kv-payments',
  'is logging on for kv-orders',
  'is kv-payments throttled',
  'export the policies of kv-payments',
  'give group Payments Readers access to kv-payments to list secrets',
  'talk to a person',
  'help',
  'register support channel',
  'register approvals channel',
  'undo',
  'thanks',
  'what does 403 forbidden mean?',
  'how do I change access policy?',
  "Status: 403 (Forbidden) ErrorCode: Forbidden The user, group or application 'appid=1234;oid=00000000-0000-0000-0000-000000000020' does not have secrets list permission on key vault 'kv-payments;location=westeurope'.",
  'AKV10032: Invalid issuer. Expected one of https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/',
  'Caller was not found on any access policy in this key vault',
  'Client address is not authorized and caller is not a trusted service. Client address: 203.0.113.7',
  'resolve case 1',
  'take case 1',
  'reply to case 1: hello',
  '/help',
  '<at>KV Bot</at>',
];

const ids = fc.constantFrom(
  '00000000-0000-0000-0000-000000000020',
  '00000000-0000-0000-0000-000000000021',
  '00000000-0000-0000-0000-000000000024',
  'a1000000-0000-4000-8000-000000000004',
);
const weird = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** Message text: known phrases (sometimes mangled), random unicode, long runs, HTML-ish mentions. */
export const textArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...PHRASES) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...PHRASES), fc.string({ maxLength: 40 })).map(([p, s]) => `${p} ${s}`),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 200, unit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 64, unit: 'binary' }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('A', 'é', '😀', ' ', '<at>', '\u0000', 'kv-'), fc.integer({ min: 1, max: 12_000 }))
      .map(([c, n]) => c.repeat(n)),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((s) => `<at>${s}</at> ${s}`) },
);

/** A card payload: one of the bot's actions with plausible and implausible fields. */
export const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      {
        kvbot: fc.oneof(
          { weight: 5, arbitrary: fc.constantFrom(...KVBOT_ACTIONS) },
          { weight: 1, arbitrary: fc.string() },
        ),
        id: fc.oneof(fc.uuid(), fc.string(), weird),
        consent: fc.oneof(fc.uuid(), weird),
        approval: fc.oneof(fc.uuid(), weird),
        draft: fc.oneof(fc.uuid(), weird),
        case: fc.oneof(fc.integer({ min: 0, max: 5 }), weird),
        caseId: fc.oneof(fc.string(), weird),
        vault: fc.oneof(fc.constantFrom('kv-payments', 'kv-orders', 'kv-nope'), weird),
        principal: fc.oneof(ids, weird),
        operation: fc.oneof(fc.constantFrom('secrets/list', 'keys/sign', 'nonsense/x'), weird),
        fix: fc.oneof(fc.constantFrom('grant-access-policy', 'assign-rbac-role', 'x'), weird),
        decision: fc.oneof(fc.constantFrom('approve', 'reject'), weird),
        helpful: fc.oneof(fc.boolean(), weird),
        entryId: fc.oneof(fc.constantFrom('modify-access-policy', 'nope'), weird),
        query: fc.oneof(textArb, weird),
        rating: fc.oneof(fc.integer({ min: -1, max: 6 }), weird),
        text: fc.oneof(textArb, weird),
      },
      { requiredKeys: ['kvbot'] },
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        action: fc.record(
          {
            type: fc.constantFrom('Action.Execute', 'Action.Submit', 'x'),
            verb: fc.oneof(fc.constantFrom('approval.decide', 'approval.refresh', 'x'), weird),
            data: fc.jsonValue({ maxDepth: 2 }),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
  },
);

const account = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      id: fc.constantFrom('user-id-0', 'user-id-1', 'user-id-4'),
      name: fc.constantFrom('Alex Wilber', 'Megan Bowen', 'Patti Fernandez'),
      aadObjectId: ids,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      { id: fc.string(), name: fc.option(fc.string()), aadObjectId: fc.option(fc.oneof(fc.uuid(), fc.string())) },
      { requiredKeys: ['id'] },
    ),
  },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), weird, { maxKeys: 3 }) },
);

const entity = fc.oneof(
  fc.record({
    type: fc.constant('mention'),
    mentioned: fc.record({ id: fc.constantFrom('28:kv-access-assistant', 'user-id-1'), name: fc.constant('KV Bot') }),
    text: fc.constant('<at>KV Bot</at>'),
  }),
  fc.record(
    {
      type: fc.option(fc.oneof(fc.constantFrom('mention', 'clientInfo', 'Mention'), fc.string())),
      mentioned: fc.option(weird),
      text: fc.option(weird),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A structured activity, posted to conversation `conversationId` with replies to `serviceUrl`. */
export function activityArb(
  serviceUrl: string,
  conversationIds: readonly string[],
): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    {
      type: fc.oneof(
        {
          weight: 8,
          arbitrary: fc.constantFrom(
            'message',
            'message',
            'message',
            'invoke',
            'conversationUpdate',
            'installationUpdate',
            'messageReaction',
            'event',
            'typing',
            'endOfConversation',
          ),
        },
        { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
      ),
      id: fc.option(fc.uuid()),
      channelId: fc.oneof(
        { weight: 6, arbitrary: fc.constant('msteams') },
        { weight: 1, arbitrary: fc.constantFrom('emulator', 'webchat', '') },
      ),
      // A dead serviceUrl is rare: botbuilder retries each reply to it for seconds.
      serviceUrl: fc.oneof(
        { weight: 40, arbitrary: fc.constant(serviceUrl) },
        { weight: 1, arbitrary: fc.constantFrom('http://127.0.0.1:9/', `${serviceUrl}/nested/path`) },
      ),
      from: account,
      recipient: fc.option(fc.record({ id: fc.constant('28:kv-access-assistant'), name: fc.constant('KV Bot') })),
      conversation: fc.record(
        {
          id: fc.constantFrom(...conversationIds),
          conversationType: fc.option(fc.constantFrom('personal', 'groupChat', 'channel', 'weird')),
          tenantId: fc.option(fc.constantFrom('00000000-0000-0000-0000-000000000001', 'other-tenant')),
          isGroup: fc.option(fc.boolean()),
        },
        { requiredKeys: ['id'] },
      ),
      text: fc.option(textArb, { freq: 4 }),
      value: fc.option(valueArb, { freq: 2 }),
      name: fc.option(
        fc.constantFrom(
          'adaptiveCard/action',
          'task/fetch',
          'task/submit',
          'composeExtension/query',
          'signin/verifyState',
          'application/search',
          'handoff/action',
          'x',
        ),
      ),
      entities: fc.option(fc.array(entity, { maxLength: 3 })),
      attachments: fc.option(
        fc.array(
          fc.oneof(
            fc.record({
              contentType: fc.constantFrom('application/vnd.microsoft.card.adaptive', 'text/html', 'image/png'),
              content: fc.jsonValue({ maxDepth: 2 }),
            }),
            fc.jsonValue({ maxDepth: 1 }),
          ),
          { maxLength: 2 },
        ),
      ),
      membersAdded: fc.option(
        fc.array(fc.oneof(account, fc.constant({ id: '28:kv-access-assistant' })), { maxLength: 3 }),
      ),
      // Teams reactions (👍 / 😢 on an answer), well-formed or not.
      reactionsAdded: fc.option(
        fc.oneof(
          fc.array(
            fc.oneof(
              fc.record({ type: fc.constantFrom('like', 'heart', 'sad', 'angry', 'laugh') }),
              fc.jsonValue({ maxDepth: 1 }),
            ),
            { maxLength: 2 },
          ),
          fc.jsonValue({ maxDepth: 1 }),
        ),
      ),
      channelData: fc.option(
        fc.oneof(
          fc.record(
            {
              tenant: fc.record({ id: fc.string() }),
              eventType: fc.option(fc.constantFrom('teamMemberAdded', 'channelCreated', 'x')),
              channel: fc.option(fc.record({ id: fc.string() })),
              team: fc.option(fc.record({ id: fc.string() })),
            },
            { requiredKeys: [] },
          ),
          fc.dictionary(fc.string({ maxLength: 6 }), weird, { maxKeys: 3 }),
        ),
      ),
      replyToId: fc.option(fc.string({ maxLength: 40 })),
      locale: fc.option(fc.constantFrom('en-US', 'de-DE', '')),
      action: fc.option(fc.constantFrom('add', 'remove')),
    },
    { requiredKeys: ['type', 'channelId', 'serviceUrl', 'conversation'] },
  );
}

/** What is posted: mostly activities, sometimes any JSON, sometimes bytes that are not JSON. */
export type Posted = { kind: 'json'; body: unknown } | { kind: 'raw'; body: string };

/** One post. */
export function postArb(serviceUrl: string, conversationIds: readonly string[]): fc.Arbitrary<Posted> {
  return fc.oneof(
    { weight: 18, arbitrary: activityArb(serviceUrl, conversationIds).map((body): Posted => ({ kind: 'json', body })) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((body): Posted => ({ kind: 'json', body })) },
    {
      weight: 1,
      arbitrary: fc.string({ maxLength: 200, unit: 'binary' }).map((body): Posted => ({ kind: 'raw', body })),
    },
  );
}
