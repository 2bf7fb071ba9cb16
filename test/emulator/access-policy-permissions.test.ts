import { describe, expect, it } from 'vitest';
import { KNOWN_PERMISSIONS } from '../../src/core/probes/operation.js';
import { ACCESS_POLICY_PERMISSIONS, isAccessPolicyPermission } from '../../src/emulator/access-policy-permissions.js';

describe('access-policy permission names', () => {
  it("the bot's list (src/core) is exactly the published SDK's, category by category, in order", () => {
    expect(Object.keys(ACCESS_POLICY_PERMISSIONS).sort()).toEqual(Object.keys(KNOWN_PERMISSIONS).sort());
    for (const [category, names] of Object.entries(KNOWN_PERMISSIONS)) {
      expect(ACCESS_POLICY_PERMISSIONS[category], category).toEqual(names);
    }
  });

  it('the emulator accepts names case-insensitively and refuses unknown ones and unknown categories', () => {
    expect(isAccessPolicyPermission('secrets', 'GET')).toBe(true);
    expect(isAccessPolicyPermission('keys', 'getRotationPolicy')).toBe(true);
    expect(isAccessPolicyPermission('secrets', 'encrypt')).toBe(false);
    expect(isAccessPolicyPermission('blobs', 'get')).toBe(false);
  });
});
