/**
 * Floors for two more sets of real error text, each line copied verbatim from a public thread whose
 * URL it carries:
 *
 * - `test/real-world/heldout-error-pastes.jsonl` (64): collected blind and scored once as a held-out
 *   set (kind 92.2%, fields 94.1% on the code of that day); development data since issue 8's
 *   triage round 3, so these floors guard the families it taught (markdown autolinks, App Service
 *   reference statuses, "The Vault 'x' not found", "Operation is not allowed. Operation: x").
 * - `real-pastes/github-issues-round4.jsonl` (18): 16 collected for that round and measured before any
 *   change for it (kind 15/16, fields 13/13, 2 placeholder values reported), 2 more added after it
 *   (both classified right on arrival, one without a specific explanation): ARM denials with
 *   template placeholders, conditional access and ADAL sign-in failures, Microsoft Graph refusing
 *   a policy's principal lookup, Azure Policy and malformed access-policy deployments, Terraform
 *   azurerm output that names the vault.
 * - `../real-world/blind-error-pastes.jsonl` (66): a second labeller's blind set, scored once (kind 58/66,
 *   fields 25/26), development data since triage round 5.
 * - `real-pastes/github-issues-round5.jsonl` (21): collected for round 5 and measured before any change
 *   for it (kind 14/21, fields 7/7, no placeholder reported): services reporting a vault denial in their
 *   own words (Application Gateway, Databricks), managed identity endpoint failures (IMDS logs, NMI,
 *   API Management), ARM's "KeyVault ... could not be found", another service's 403 (Storage).
 *
 * - `../real-world/blind2-error-pastes.jsonl` (40): a third blind collection (session 4), scored once before
 *   the session's triage round (kind 30/40, fields 13/13) and once after it (kind 32/40); development data
 *   since triage round 6 (sign-in failures in other words: IMDS "No … Managed Identity found", expired
 *   client secrets, expired PowerShell logins, "Error getting Authorization Token"; tools naming the secrets
 *   they could not find; ARM's InvalidAuthenticationTokenTenant). Two disagreements are left as labelled:
 *   line 36 (a Key Vault 401 with an empty body, read as token-missing, labelled unrecognised) and line 40
 *   (a documentation sentence "The key vault must have GET permissions on the secret", no error).
 *
 * - `../real-world/blind3-error-pastes.jsonl` (32): a fourth blind collection, scored once before triage
 *   round 7 (kind 27/32, fields 30/30); development data since (an Azure CLI credential with no `az`, a token
 *   provider with no token, Winsock's "non-recoverable error ... database lookup", a service naming the vault
 *   between "does not have access to" and "Key Vault", jsign's BearerReadAccessTokenFailed 401).
 * - `real-pastes-round7.jsonl` (18): collected for round 7 from threads no set had used and measured before
 *   any change for it (kind 14/18, fields 7/7): AKV10046, a tool's 404 in its own words, New-AzKeyVault's
 *   no-policy warning, workload identity federation, ARM parameter references, Pulumi, Synapse.
 * - `../real-world/blind4-error-pastes.jsonl` (31): a fifth blind collection, scored once before triage
 *   round 8 (kind 28/31, fields 19/21); development data since (a redacted `Vault: ####=<region>` line, a
 *   caller segment a console wrapped inside its tokens, a service's "not authorized to read secrets from
 *   <vault>", the status name as a tool's error code "error (Forbidden)"). One disagreement is left as
 *   labelled: line 28, the OBO / compound-identity refusal, labelled unrecognised there but
 *   access-policy-permission in real-pastes/github-issues.jsonl line 91 (the same thread) and
 *   real-pastes-round7.jsonl line 1; the triage follows the two earlier sets.
 * - `../real-world/blind5-error-pastes.jsonl` (26): a sixth blind collection, scored once before triage
 *   round 9 (kind 20/26, fields 17/18); development data since (purge protection's refusal, an object
 *   being deleted or recovered, a client tool's "operation to vault denied", az's refusal to take a tenant
 *   for a managed identity login relayed by a credential, the tenant of the Entra token endpoint, another
 *   service's 403 named by its client library or Cosmos DB's own words). No disagreement left.
 * - `../real-world/blind6-error-pastes.jsonl` (10): a seventh blind collection (the stored corpora are
 *   nearly used up: the collector found 10 of the 30 asked), scored once in session 8 before any change
 *   (kind 9/10, fields 6/6). Its one miss, line 9, is the OBO / compound-identity refusal again, labelled
 *   access-policy-no-entry there (the collector named it the least certain label): the third labeller and
 *   the third label for that error (unrecognised in blind4 line 28, access-policy-permission in two earlier
 *   sets). The triage keeps the reading of the two sets that agree, so line 9 is a known disagreement: it
 *   is checked to read that way and left out of the set's kind ratio.
 * - `../real-world/blind7-error-pastes.jsonl` (18): an eighth blind collection (18 of the 30 asked),
 *   scored once in session 10 before any change (kind 13/18, fields 7/7); development data since (triage
 *   round 10: another resource provider's ARM refusal or 429, "flush your DNS cache", "Cannot find <name>
 *   in Azure KeyVault", a token endpoint's HTTP 4xx in Python's words). No disagreement left.
 * - `../real-world/blind8-error-pastes.jsonl` (17): a ninth blind collection (17 of the 30 asked),
 *   scored once in session 10 on 6d1e7bb, after round 10 (kind 14/17, fields 4/5); development data since
 *   (triage round 11: Microsoft Graph's Request_ResourceNotFound, a service "unable to access KeyVault
 *   resource with given credentials", the app of AADSTS7000215's "added to app"). One disagreement: line
 *   16, Container Apps' "unable to fetch secret '…' using Managed identity", labelled
 *   forbidden-unspecified there but unrecognised in blind line 44 (the same error); the earlier reading stays.
 * - `../real-world/blind9-error-pastes.jsonl` (20): a tenth blind collection (20 of the 30 asked), scored
 *   once in session 10 on b8c76e9, after round 11 (kind 18/20, fields 18/19); development data since (triage
 *   round 12: another service's host that does not resolve, AADSTS500011's sentence without its code and
 *   the tenant it names). No disagreement left.
 * - `../real-world/blind10-error-pastes.jsonl` (15): an eleventh blind collection (15 of the 30 asked),
 *   scored once in session 10 on 9bc5268, after round 12 (kind 10/15, fields 3/4); development data since
 *   (triage round 13: "Name could not be resolved", Go's "Invoking Azure CLI failed", OIDC requested with
 *   no token, GitHub's "githubAssertion" failing, AuthenticationFailedMissingToken, the directory of
 *   AADSTS700016). No disagreement left.
 * - `../real-world/blind11-error-pastes.jsonl` (19): a twelfth blind collection (19 of the 30 asked),
 *   scored once in session 11 on 1d21ffd, after round 13 (kind 16/19, fields 4/8); development data since
 *   (triage round 14: Az PowerShell's "Cannot find vault '…'", ARM's ParentResourceNotFound and its parent
 *   as the vault, AppAuthentication's `AppId=` and `Authority: https://login.windows.net/<tenant>`). No
 *   disagreement left.
 * - `../real-world/blind12-error-pastes.jsonl` (14): a thirteenth blind collection (14 of the 30 asked),
 *   scored once in session 11 on 8ce5f6e, after round 14 (kind 12/14, fields 3/3); development data since
 *   (triage round 15: a Logic Apps connection that "does not contain an access token"). One disagreement:
 *   line 3, a bare .NET `RequestFailedException` 403 from App Configuration, labelled unrecognised for its
 *   thread; the text itself names no service, and a Key Vault assistant reads a bare 403 as a denial that
 *   gives no reason (forbidden-unspecified).
 * - `../real-world/blind13-error-pastes.jsonl` (12): a fourteenth blind collection (12 of the 30 asked),
 *   scored once in session 12 on 029a6fa, after round 15 (kind 10/12, fields 1/3); development data since
 *   (triage round 16: the vault's oldest "Operation 'get' is not allowed" and its permission, a connector's
 *   "requested resource was not found in the key vault", the vault an Azure Policy refusal names). No
 *   disagreement left.
 * - `../real-world/blind14-error-pastes.jsonl` (12): a fifteenth blind collection (12 of the 30 asked),
 *   scored once in session 12 on d0ae1e9, after round 16 (kind 12/12, fields 6/7); development data since
 *   (triage round 17: a URL redacted in a markdown link's text but not in its target). No disagreement
 *   left.
 *
 * - `../real-world/blind15-error-pastes.jsonl` (25): a sixteenth blind collection (25 of the 30 asked; most
 *   are not Key Vault's errors but the same kinds from Resource Manager, Entra ID, Storage and the container
 *   registry, labelled by analogy), scored once in session 12 on 7c9fe80, after round 17 (kind 20/25,
 *   fields 1/4); development data since (triage round 18: ARM's "access token is from the wrong issuer …
 *   associated with this subscription" without its code, ARM's "Number of read requests for subscription …
 *   exceeded the limit", a 429 from the token endpoint read as a failed sign-in, Storage's XML
 *   `<Code>AuthorizationFailure</Code>` as another service's code, a registry's "client with IP '…' is not
 *   allowed"). Field disagreements: lines 1 and 3 (BLIND15_FIELDS).
 * - `../real-world/blind16-error-pastes.jsonl` (19): a seventeenth blind collection (19 of the 30 asked; six
 *   involve Key Vault), scored once in session 12 on 2a9da4e, after round 18 (kind 16/19, fields 6/8);
 *   development data since (triage round 19: Packer's `Key Vault Name : '…'`, Resource Manager's wrong-issuer
 *   message localised in Chinese, nslookup's "can't find <host>: No response from server"). One disagreement:
 *   line 15, a bare "Operation returned an invalid status code 'Unauthorized'" labelled unrecognised; the
 *   triage reads a 401 with no reason as token-missing (low confidence), which the collector's own notes
 *   name as the thread's cause.
 * - `../real-world/blind17-error-pastes.jsonl` (22): an eighteenth blind collection (22 of the 30 asked; one
 *   involves Key Vault), scored once in session 13 on 2dceaa8 (kind 13/22, fields 3/6); development data
 *   since (a top-level AccessDenied code is a Key Vault access-policy denial only in a Key Vault text that
 *   speaks of access policies). Its collector labelled other services' errors by analogy (a Cosmos DB,
 *   Storage or registry network denial as firewall, Storage host names that do not resolve as
 *   name-resolution, Form Recognizer's "Public access is disabled", a Cost Management 429); the triage reads
 *   another service's error as unrecognised, as the blind15 collector labelled the same Storage and
 *   registry texts, so those eight lines are known disagreements (line 13 is Resource Manager's bare
 *   "access token is from the wrong issuer", which App Configuration also says). Lines 9 and 10 label the
 *   subscription's tenant, as blind15's did (BLIND17_FIELDS).
 *
 * Heldout line 62 ("Operation is not allowed. Operation: get") is labelled access-policy-permission;
 * since round 5 the triage reads that wording as operation-not-permitted (azure-facts §1.5's table, and
 * the blind labeller's call on the same wording), so it is the set's one known disagreement.
 */
import { describe, expect, it } from 'vitest';
import { triageError, type TriageKind } from '../../src/core/triage/index.js';
import { loadPasteSet, PASTE_SETS, scoreCase, summarise } from './paste-set.js';

const NEW_KINDS = ['forbidden-unspecified', 'sign-in-failed', 'not-found', 'name-resolution'] as const;

/** Lines whose label the triage knowingly reads otherwise, with the reading it keeps (see above). */
type KnownDisagreements = Readonly<Record<number, TriageKind>>;
const NONE: KnownDisagreements = {};
/** Field values the triage knowingly reads otherwise: line → field → the value it reports (see above). */
type KnownFieldDisagreements = Readonly<Record<number, Readonly<Record<string, string>>>>;
const NO_FIELDS: KnownFieldDisagreements = {};
/**
 * blind15 lines 1 and 3 label ARM's wrong-issuer error with the subscription's tenant; the triage
 * reports the caller's (the token's issuer), as the issue asks for AKV10032's, and names the
 * subscription's as the tenant to sign in to (expectedTenantId).
 */
const BLIND15_FIELDS: KnownFieldDisagreements = {
  1: { tenantId: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a' },
  3: { tenantId: '975f013f-7f24-47e8-a7d3-abc4752bf346' },
};

/** blind17 lines 9 and 10: the same convention as blind15's (the triage reports the token's issuer). */
const BLIND17_FIELDS: KnownFieldDisagreements = {
  9: { tenantId: 'f220aaaa-a5d6-4a54-9beb-2db0dcee4f5b' },
  10: { tenantId: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a' },
};
/** blind17's other services' errors, labelled by analogy; the triage reads them as unrecognised. */
const BLIND17_OTHER_SERVICES: KnownDisagreements = {
  7: 'unrecognised',
  12: 'unrecognised',
  13: 'unrecognised',
  14: 'unrecognised',
  15: 'unrecognised',
  19: 'unrecognised',
  20: 'unrecognised',
  22: 'unrecognised',
};

describe.each([
  ['held-out real pastes', PASTE_SETS.heldoutRealWorld, 60, NONE, NO_FIELDS],
  ['round-4 real pastes', PASTE_SETS.realGithubIssuesRound4, 15, NONE, NO_FIELDS],
  ['round-5 real pastes', PASTE_SETS.realGithubIssuesRound5, 20, NONE, NO_FIELDS],
  ['blind real pastes', PASTE_SETS.blindRealWorld, 66, NONE, NO_FIELDS],
  ['second blind real pastes', PASTE_SETS.blind2RealWorld, 40, NONE, NO_FIELDS],
  ['third blind real pastes', PASTE_SETS.blind3RealWorld, 32, NONE, NO_FIELDS],
  ['fourth blind real pastes', PASTE_SETS.blind4RealWorld, 31, NONE, NO_FIELDS],
  ['fifth blind real pastes', PASTE_SETS.blind5RealWorld, 26, NONE, NO_FIELDS],
  ['sixth blind real pastes', PASTE_SETS.blind6RealWorld, 10, { 9: 'access-policy-permission' }, NO_FIELDS],
  ['seventh blind real pastes', PASTE_SETS.blind7RealWorld, 18, NONE, NO_FIELDS],
  ['eighth blind real pastes', PASTE_SETS.blind8RealWorld, 17, { 16: 'unrecognised' }, NO_FIELDS],
  ['ninth blind real pastes', PASTE_SETS.blind9RealWorld, 20, NONE, NO_FIELDS],
  ['tenth blind real pastes', PASTE_SETS.blind10RealWorld, 15, NONE, NO_FIELDS],
  ['eleventh blind real pastes', PASTE_SETS.blind11RealWorld, 19, NONE, NO_FIELDS],
  ['twelfth blind real pastes', PASTE_SETS.blind12RealWorld, 14, { 3: 'forbidden-unspecified' }, NO_FIELDS],
  ['thirteenth blind real pastes', PASTE_SETS.blind13RealWorld, 12, NONE, NO_FIELDS],
  ['fourteenth blind real pastes', PASTE_SETS.blind14RealWorld, 12, NONE, NO_FIELDS],
  ['fifteenth blind real pastes', PASTE_SETS.blind15RealWorld, 25, NONE, BLIND15_FIELDS],
  ['sixteenth blind real pastes', PASTE_SETS.blind16RealWorld, 19, { 15: 'token-missing' }, NO_FIELDS],
  ['seventeenth blind real pastes', PASTE_SETS.blind17RealWorld, 22, BLIND17_OTHER_SERVICES, BLIND17_FIELDS],
  ['round-7 real pastes', PASTE_SETS.realRound7, 18, NONE, NO_FIELDS],
] as const)(
  'triage on %s',
  (_name, file, minCases, known: KnownDisagreements, knownFields: KnownFieldDisagreements) => {
    const cases = loadPasteSet(file);
    const outcomes = cases.map(scoreCase);

    it('holds its pastes, each with an https source', () => {
      expect(cases.length).toBeGreaterThanOrEqual(minCases);
      expect(cases.every((c) => c.source?.startsWith('https://'))).toBe(true);
    });

    it('reads each known disagreement the way the triage chose, and it is still a disagreement', () => {
      for (const [line, reading] of Object.entries(known)) {
        const o = outcomes.find((x) => x.case.line === Number(line));
        expect(o?.actualKind, `line ${line}`).toBe(reading);
        expect(o?.kindOk, `line ${line}`).toBe(false);
      }
    });

    it('reads each known field disagreement the way the triage chose, and it is still a disagreement', () => {
      for (const [line, fields] of Object.entries(knownFields)) {
        const o = outcomes.find((x) => x.case.line === Number(line));
        for (const [field, reading] of Object.entries(fields)) {
          const miss = o?.fieldMisses.find((m) => m.field === field);
          expect(miss?.actual, `line ${line} ${field}`).toBe(reading);
        }
      }
    });

    it('classifies at least 95% and extracts at least 98% of the expected fields, reporting no placeholder as a value', () => {
      const s = summarise(outcomes);
      const judged = outcomes.filter((o) => !(o.case.line in known));
      expect(judged.filter((o) => o.kindOk).length / judged.length).toBeGreaterThanOrEqual(0.95);
      const disputed = Object.values(knownFields).reduce((n, f) => n + Object.keys(f).length, 0);
      expect(s.fieldsOk / (s.fieldsExpected - disputed)).toBeGreaterThanOrEqual(0.98);
      expect(s.placeholderValues).toBe(0);
    });

    it('gets each of the four new kinds it holds right on at least 90% of their pastes (known disagreements aside)', () => {
      for (const kind of NEW_KINDS) {
        const mine = outcomes.filter((o) => o.case.kind === kind && !(o.case.line in known));
        if (mine.length === 0) continue;
        expect(mine.filter((o) => o.kindOk).length / mine.length, kind).toBeGreaterThanOrEqual(0.9);
      }
    });
  },
);

describe('the held-out set covers the four new kinds', () => {
  it('has at least three pastes of each', () => {
    const cases = loadPasteSet(PASTE_SETS.heldoutRealWorld);
    for (const kind of NEW_KINDS) expect(cases.filter((c) => c.kind === kind).length, kind).toBeGreaterThanOrEqual(3);
  });
});

describe('known conditions that are not Key Vault denials get their own explanation (round 4)', () => {
  const bySource = new Map(loadPasteSet(PASTE_SETS.realGithubIssuesRound4).map((c) => [c.source, c.text]));
  const text = (url: string): string => {
    const t = bySource.get(url);
    if (t === undefined) throw new Error(`no round-4 paste from ${url}`);
    return t;
  };

  it('Graph refusing the principal lookup is answered with the modify-access-policy entry', () => {
    for (const url of [
      'https://github.com/Azure/azure-cli/issues/25082',
      'https://github.com/Azure/azure-powershell/issues/8416',
    ]) {
      const r = triageError(text(url));
      expect(r).toMatchObject({
        kind: 'unrecognised',
        signal: 'graph-lookup-denied',
        answer: { id: 'modify-access-policy' },
      });
      expect(r.summary).toContain('Microsoft Graph');
      expect(r.probe).toBeNull();
    }
  });

  it('Graph refusing the lookup during a role assignment, and a role given to an app registration, are explained', () => {
    expect(triageError(text('https://github.com/MicrosoftDocs/azure-docs/issues/55842')).signal).toBe(
      'graph-lookup-denied',
    );
    const principal = triageError(text('https://github.com/almenscorner/intunecd-monitor/issues/24'));
    expect(principal.signal).toBe('principal-type-not-supported');
    expect(principal.nextSteps.join(' ')).toContain('service principal');
  });

  it('Azure Policy and a malformed access policy are explained, not taken for denials', () => {
    expect(triageError(text('https://github.com/Azure/avdaccelerator/issues/701')).signal).toBe(
      'azure-policy-disallowed',
    );
    const invalid = triageError(text('https://github.com/microsoft/MCW-Security-baseline-on-Azure/issues/23'));
    expect(invalid.signal).toBe('invalid-access-policy-value');
    expect(invalid.nextSteps.join(' ')).toContain('objectId');
  });

  it('a soft-deleted name conflict says what it is and how to recover', () => {
    const r = triageError(text('https://github.com/rcl-letsencrypt-auto-ssl/Lets-Encrypt-Auto/issues/16'));
    expect(r).toMatchObject({
      kind: 'not-found',
      fields: { objectType: 'certificate', objectName: 'hotsqa', softDeleted: true },
    });
    expect(r.summary).toContain('Not an access problem');
  });
});
