/**
 * The demo tenant's people (fixtures/demo-tenant.json) as the Agents Playground names them, so
 * `kvbot chat --as <name>` can talk to a sandbox bot as any of them: Alex Wilber (the default,
 * the playground's current user) asks; Megan Bowen owns the subscriptions and can approve.
 */
import type { ProtocolAccount } from './protocol-client.js';

/** A demo user's Teams channel account. */
export type DemoUser = Required<Pick<ProtocolAccount, 'id' | 'name' | 'aadObjectId'>>;

/** The demo users' Teams channel accounts, by first name (lower case). */
export const DEMO_USERS = Object.freeze({
  alex: { id: 'user-id-0', name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-000000000020' },
  megan: { id: 'user-id-1', name: 'Megan Bowen', aadObjectId: '00000000-0000-0000-0000-000000000021' },
  adele: { id: 'user-id-2', name: 'Adele Vance', aadObjectId: '00000000-0000-0000-0000-000000000022' },
  isaiah: { id: 'user-id-3', name: 'Isaiah Langer', aadObjectId: '00000000-0000-0000-0000-000000000023' },
  patti: { id: 'user-id-4', name: 'Patti Fernandez', aadObjectId: '00000000-0000-0000-0000-000000000024' },
  lynne: { id: 'user-id-5', name: 'Lynne Robbins', aadObjectId: '00000000-0000-0000-0000-000000000025' },
} satisfies Record<string, DemoUser>);

/** The demo user called `name` (first name, full name or Entra object id; any case), or undefined. */
export function demoUser(name: string): DemoUser | undefined {
  const wanted = name.trim().toLowerCase();
  return (
    (DEMO_USERS as Readonly<Record<string, DemoUser>>)[wanted] ??
    Object.values(DEMO_USERS).find((u) => u.name.toLowerCase() === wanted || u.aadObjectId === wanted)
  );
}
