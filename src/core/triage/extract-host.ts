/**
 * Extracts the host name a DNS lookup failed for, from the wordings of Node (`getaddrinfo ENOTFOUND
 * <host>`), Python/urllib3 (`Failed to resolve '<host>'`), Java (`UnknownHostException: <host>`), Go
 * (`lookup <host>: no such host`) and .NET (`The remote name could not be resolved: '<host>'`).
 */
import { cleanValue } from './placeholder-value.js';
import type { TriageFields } from './triage-types.js';

const HOST = String.raw`([A-Za-z0-9<>{}_*-][\w<>{}*.-]{0,250}\.[A-Za-z]{2,24})`;
const HOST_SOURCES: readonly RegExp[] = [
  new RegExp(String.raw`\bENOTFOUND\s+${HOST}`),
  new RegExp(String.raw`Failed to resolve '${HOST}'`, 'i'),
  new RegExp(String.raw`UnknownHostException:?\s+${HOST}`),
  new RegExp(String.raw`\blookup\s+${HOST}(?::\d+)?(?: on [\d.:\[\]]+)?:\s*no such host`, 'i'),
  new RegExp(String.raw`remote name could not be resolved:?\s*'${HOST}'`, 'i'),
];

/** The host whose name did not resolve, when the text names it and it is not a placeholder. */
export function extractHost(text: string): Pick<TriageFields, 'host'> {
  for (const pattern of HOST_SOURCES) {
    const host = cleanValue(pattern.exec(text)?.[1]);
    // A redacted label (`XXXXX.vault.azure.net`, `<name>.vault.azure.net`) is not a usable host.
    if (host && !host.split('.').some((label) => cleanValue(label) === undefined)) return { host: host.toLowerCase() };
  }
  return {};
}
