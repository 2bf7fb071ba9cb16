/**
 * The demo tenant (fixtures/demo-tenant.json) and its people, as Microsoft 365 Agents Playground
 * names them (team preamble): their Entra object ids, and their Teams channel accounts
 * (`user-id-N`) for conversation tests.
 */
import path from 'node:path';

/** The demo tenant fixture the emulator serves in sandbox mode. */
export const DEMO_FIXTURE = path.resolve(__dirname, '../../fixtures/demo-tenant.json');

/** The demo tenant id (a real GUID; `.m365agentsplayground.yml` gives the playground the same one). */
export const DEMO_TENANT_ID = '00000000-0000-0000-0000-000000000001';

/** Entra object ids: Alex Wilber is the playground's current user. */
export const ALEX = '00000000-0000-0000-0000-000000000020';
export const MEGAN = '00000000-0000-0000-0000-000000000021';
export const ADELE = '00000000-0000-0000-0000-000000000022';
export const ISAIAH = '00000000-0000-0000-0000-000000000023';
export const PATTI = '00000000-0000-0000-0000-000000000024';
export const LYNNE = '00000000-0000-0000-0000-000000000025';

/** A Teams channel account of a demo user (fits botbuilder's ChannelAccount and ProtocolAccount). */
export interface DemoAccount {
  id: string;
  name: string;
  aadObjectId: string;
}

/** The demo users' channel accounts, by first name. */
export const ACCOUNTS = {
  alex: { id: 'user-id-0', name: 'Alex Wilber', aadObjectId: ALEX },
  megan: { id: 'user-id-1', name: 'Megan Bowen', aadObjectId: MEGAN },
  adele: { id: 'user-id-2', name: 'Adele Vance', aadObjectId: ADELE },
  isaiah: { id: 'user-id-3', name: 'Isaiah Langer', aadObjectId: ISAIAH },
  patti: { id: 'user-id-4', name: 'Patti Fernandez', aadObjectId: PATTI },
  lynne: { id: 'user-id-5', name: 'Lynne Robbins', aadObjectId: LYNNE },
} satisfies Record<string, DemoAccount>;
