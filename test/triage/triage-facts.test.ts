import { describe, expect, it } from 'vitest';
import { triageError } from '../../src/core/triage/index.js';
import { FACT_EXPECTATIONS } from './azure-facts-cases.js';
import { contractFields } from './contract-fields.js';
import { loadFactBodies } from './fixture-bodies.js';
import { WRAPPERS } from './wrappers.js';

const bodies = loadFactBodies();

describe('triage of the real error bodies in azure-facts §1', () => {
  it('has an expectation for every fixture body and a body for every expectation', () => {
    expect(bodies.map((b) => b.id).sort()).toEqual(Object.keys(FACT_EXPECTATIONS).sort());
  });

  describe.each(bodies)('$id', (body) => {
    const expected = FACT_EXPECTATIONS[body.id]!;

    it('classifies the verbatim paste and extracts its fields', () => {
      const result = triageError(body.verbatim);
      expect(result.kind).toBe(expected.kind);
      expect(contractFields(result.fields)).toEqual(expected.fields);
      if (expected.verbatimOnly) expect(result.fields).toMatchObject(expected.verbatimOnly);
    });

    it.each(Object.keys(WRAPPERS))('classifies it wrapped as %s', (wrapper) => {
      const parts = {
        status: body.status,
        code: body.code,
        message: body.message,
        ...(body.inner ? { inner: body.inner } : {}),
        ...(expected.fields.vault ? { vault: expected.fields.vault } : {}),
      };
      const result = triageError(WRAPPERS[wrapper]!(parts));
      expect(result.kind).toBe(expected.kind);
      expect(contractFields(result.fields)).toEqual(expected.fields);
    });
  });
});
