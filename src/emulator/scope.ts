/**
 * ARM scope arithmetic: scopes compare case-insensitively and by whole path segments, so
 * `/subscriptions/s/resourceGroups/rg1` is not "above" `/subscriptions/s/resourceGroups/rg10`.
 */

/** Normalised form of a scope for comparisons: lower case, single slashes, no trailing slash. */
export function scopeKey(scope: string): string {
  const s = scope.toLowerCase().replace(/\/+/g, '/').replace(/\/$/, '');
  return s.startsWith('/') ? s : `/${s}`;
}

/** True when `outer` is `inner` or one of its ancestors (e.g. the subscription of a vault). */
export function isAtOrAbove(outer: string, inner: string): boolean {
  const o = scopeKey(outer);
  const i = scopeKey(inner);
  if (o === '/' || o === '') return true;
  return i === o || i.startsWith(`${o}/`);
}

/** The subscription id in a scope, lower case, or undefined for tenant-level scopes. */
export function subscriptionOf(scope: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/.exec(scopeKey(scope))?.[1];
}
