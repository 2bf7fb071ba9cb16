import { describe, expect, it } from 'vitest';
import { isPastedError } from '../../dialogs/triage/error-dump.js';
import { triageError } from '../../src/core/triage/index.js';

const pasted = (text: string) => isPastedError(text, triageError(text));

describe('a pasted error or a question (which route takes the turn)', () => {
  // Shapes of real pastes (test/real-world) whose triage was right but which chat sent to the FAQ.
  it.each([
    [
      'autorest key=value line',
      'Failure responding to request: StatusCode=404 -- Original Error: autorest/azure: Service returned an error. Status=404',
    ],
    [
      'CSI driver event',
      'MountVolume.SetUp failed for volume "secrets-store-inline": failed to mount secrets store objects for pod. Status=403 Code="Forbidden"',
    ],
    ['Packer log', ' Failed to fetch secret from kv-build01/packerSecret, HTTP status code=403 (Forbidden)'],
    [
      'Go SDK',
      'failed to fetch key version: GET https://kv-sops.vault.azure.net/keys/sops/\nRESPONSE 403: 403 Forbidden',
    ],
    [
      '"Error:" line',
      "Error: Unable to grant read/list permission to the service principal on KeyVault 'kv-data': Unknown error with status code 403",
    ],
    [
      'HttpClient in a JSON result',
      '{ "resultText": "Failed to retrieve secret \'db\' from vault \'kv-cipp01\': Response status code does not indicate success: 404" }',
    ],
  ])('%s is a pasted error', (_shape, text) => {
    expect(triageError(text).kind).not.toBe('unrecognised');
    expect(pasted(text)).toBe(true);
  });

  it.each([
    ['what does a 403 forbidden mean?'],
    ['I get status 403 when listing secrets, why?'],
    ['Error handling for 401 from key vault: what should my app do?'],
  ])('"%s" is a question for the FAQ', (text) => {
    expect(pasted(text)).toBe(false);
  });
});
