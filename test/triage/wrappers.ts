/**
 * The forms in which people paste a Key Vault error (azure-facts §1.0 "wrappers observed"), each
 * built from the service's status, code, inner code and message.
 */

/** What a wrapper needs to know about the error. */
export interface ErrorParts {
  status: number;
  code: string;
  inner?: string;
  message: string;
  /** Vault name, for wrappers that print the vault URL (Terraform). */
  vault?: string;
}

const REASON: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 429: 'Too Many Requests' };

/** The service's JSON body. */
export function envelope(p: ErrorParts): string {
  return JSON.stringify({
    error: { code: p.code, message: p.message, ...(p.inner ? { innererror: { code: p.inner } } : {}) },
  });
}

const crlfToLiteral = (s: string): string => s.replace(/\r\n/g, '\\r\\n');
const htmlEscape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function goAutorest(p: ErrorParts): string {
  const message = crlfToLiteral(p.message).replace(/"/g, '\\"');
  return `keyvault.BaseClient#GetSecret: Failure responding to request: StatusCode=${p.status} -- Original Error: autorest/azure: Service returned an error. Status=${p.status} Code="${p.code}" Message="${message}"${p.inner ? ` InnerError={"code":"${p.inner}"}` : ''}`;
}

function azureCli(p: ErrorParts): string {
  return `ERROR: (${p.code}) ${p.message}\nCode: ${p.code}\nMessage: ${p.message}${p.inner ? `\nInner error: {\n    "code": "${p.inner}"\n}` : ''}`;
}

/** Named wrappers, each returning the text a user would paste. */
export const WRAPPERS: Readonly<Record<string, (p: ErrorParts) => string>> = {
  'raw json': envelope,
  'azure cli': azureCli,
  '.net RequestFailedException': (p) =>
    `Unhandled exception. Azure.RequestFailedException: Service request failed.\r\nStatus: ${p.status} (${REASON[p.status] ?? ''})\r\nErrorCode: ${p.code}\r\n\r\nContent:\r\n${envelope(p)}\r\n\r\nHeaders:\r\nCache-Control: no-cache\r\nx-ms-request-id: 5b1b8c2e-6f3e-4f7a-9a57-0d6a3d9c1e11\r\n\r\n   at Azure.Core.HttpPipelineExtensions.ProcessMessageAsync(HttpPipeline pipeline, HttpMessage message)\r\n   at Azure.Security.KeyVault.Secrets.SecretClient.GetSecretAsync(String name)`,
  'js RestError': (p) =>
    `RestError: ${p.message}\n {\n  "name": "RestError",\n  "code": "${p.code}",\n  "statusCode": ${p.status}\n}\n    at handleErrorResponse (node_modules/@azure/core-client/dist/commonjs/deserializationPolicy.js:265:17)`,
  'go autorest': goAutorest,
  terraform: (p) =>
    `│ Error: retrieving Secret: ${p.vault ? `(Key Vault "https://${p.vault}.vault.azure.net/") ` : ''}${goAutorest(p)}\n│\n│   with azurerm_key_vault_secret.db,\n│   on main.tf line 12`,
  'java HttpResponseException': (p) =>
    `com.azure.core.exception.HttpResponseException: Status code ${p.status}, "${envelope(p)}"\n\tat com.azure.core.implementation.http.rest.RestProxyBase.instantiateUnexpectedException(RestProxyBase.java:347)`,
  'escaped inside json log': (p) =>
    JSON.stringify({ level: 'error', time: '2024-08-27T10:11:12Z', msg: 'secret sync failed', body: envelope(p) }),
  'doubly escaped': (p) => JSON.stringify({ event: JSON.stringify({ msg: 'request failed', err: envelope(p) }) }),
  'powershell with real CRLF': (p) =>
    `Get-AzKeyVaultSecret: Operation returned an invalid status code '${REASON[p.status] ?? p.code}'\r\nCode: ${p.code}\r\nMessage: ${p.message}\r\nStatusCode: ${p.status}`,
  'single line': (p) => azureCli(p).replace(/\s*[\r\n]+\s*/g, ' '),
  'inside a log with ansi colours': (p) =>
    `2024-05-01T10:22:33.123Z \u001b[31mERROR\u001b[0m [worker-3] fetch failed: ${envelope(p)}\n2024-05-01T10:22:33.456Z \u001b[32mINFO\u001b[0m retrying in 5s`,
  'teams html': (p) =>
    `<p>hey, getting this from our pipeline, any idea?</p><pre><code>${htmlEscape(goAutorest(p)).replace(/\n/g, '<br>')}</code></pre><p>thanks</p>`,
  'markdown code fence': (p) =>
    `Seeing this:\n\`\`\`json\n${JSON.stringify(JSON.parse(envelope(p)), null, 2)}\n\`\`\`\nin prod`,
};

const teamsHtml = (s: string): string => `<p>${htmlEscape(s)}</p>`;
const jsonLogLine = (s: string): string => JSON.stringify({ level: 'error', msg: s });
const ansi = (s: string): string => `\u001b[31m${s}\u001b[0m`;
const stamped = (s: string): string =>
  s
    .split('\n')
    .map((line, i) => `2024-06-0${(i % 9) + 1}T10:11:12.345Z ${line}`)
    .join('\n');

/** The same synthetic text as plain, Teams HTML, a JSON log line, coloured and timestamped. */
export function pasteVariants(text: string): string[] {
  return [text, teamsHtml(text), jsonLogLine(text), ansi(text), stamped(text)];
}
