/**
 * The local Azure emulator (DESIGN.md §5): ARM Key Vault, Authorization, Insights and Microsoft
 * Graph over HTTPS on loopback, driven by a tenant fixture. See docs/emulator.md.
 */
export { startEmulator, type EmulatorOptions, type RunningEmulator } from './server.js';
export { loadFixtureFile } from './fixture-load.js';
export { validateFixture, FixtureValidationError } from './fixture-validate.js';
export { FaultSpecError, type FaultRegistry } from './faults.js';
export type { RequestLogEntry } from './request-log.js';
export type { TenantState } from './tenant-state.js';
export { BUILTIN_ROLES } from './builtin-roles.js';
export type * from './fixture-types.js';
