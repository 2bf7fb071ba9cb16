import { describe, expect, it } from 'vitest';
import { triageError } from '../../src/core/triage/index.js';
import { contractFields } from './contract-fields.js';
import { VARIANTS } from './variants.js';

/** Kind accuracy and kind+fields accuracy over the variant set, with the misses for the report. */
function measure() {
  const misses: string[] = [];
  let kindHits = 0;
  let fullHits = 0;
  for (const v of VARIANTS) {
    const result = triageError(v.text);
    const kindOk = result.kind === v.kind;
    const fieldsOk =
      JSON.stringify(Object.entries(contractFields(result.fields)).sort()) ===
      JSON.stringify(Object.entries(v.fields).sort());
    if (kindOk) kindHits++;
    if (kindOk && fieldsOk) fullHits++;
    else
      misses.push(
        `${v.name}: kind ${result.kind} (want ${v.kind}) fields ${JSON.stringify(contractFields(result.fields))} (want ${JSON.stringify(v.fields)})`,
      );
  }
  return {
    total: VARIANTS.length,
    kindAccuracy: kindHits / VARIANTS.length,
    fullAccuracy: fullHits / VARIANTS.length,
    misses,
  };
}

describe('triage of realistic variants not taken from the facts file', () => {
  it('has about thirty variants covering every kind but the ones only the facts exercise', () => {
    expect(VARIANTS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(VARIANTS.map((v) => v.kind)).size).toBeGreaterThanOrEqual(11);
  });

  it('classifies at least 95% of them correctly, with their fields', () => {
    const m = measure();
    console.log(
      `triage variants: ${m.total} cases, kind accuracy ${(m.kindAccuracy * 100).toFixed(1)}%, kind+fields ${(m.fullAccuracy * 100).toFixed(1)}%${m.misses.length ? `\n  ${m.misses.join('\n  ')}` : ''}`,
    );
    expect(m.kindAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(m.fullAccuracy).toBeGreaterThanOrEqual(0.95);
  });
});
