/**
 * Recognises redacted or template values in pasted errors (`...`, `XXX`, `<tenant>`,
 * `{tenant 1}`), which must not be reported as extracted facts nor used to prefill a probe.
 */

/** True when `value` is a redaction or template placeholder rather than a real value. */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (/[<>{}]/.test(v) || /\.\.\.|\u2026/.test(v)) return true;
  return /^[.\u2026xX*#?_-]+$/.test(v);
}

/** `value` trimmed of trailing punctuation, or undefined when absent or a placeholder. */
export function cleanValue(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().replace(/[.,;:]+$/, '');
  return isPlaceholderValue(v) ? undefined : v;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `value` when it is a whole GUID, else undefined. Object, application and tenant ids are always
 * GUIDs; a redacted one (`6b449b85-...`, `0XXXXXXXX6`) cannot prefill a probe, so it is dropped.
 */
export function cleanGuid(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v && GUID.test(v) ? v.toLowerCase() : undefined;
}

/** `value` when it is a GUID or a tenant domain (`contoso.onmicrosoft.com`), else undefined. */
export function cleanTenant(value: string | undefined): string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  return cleanGuid(v) ?? (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(v) ? v.toLowerCase() : undefined);
}
