import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKnowledgeDirectory } from '../../src/adapters/knowledge/kb-directory.js';
import { FaqMatcher } from '../../src/core/knowledge/faq-matcher.js';
import { FaqModel, modelFeatures, NONE_CLASS, parseFaqModel } from '../../src/core/knowledge/faq-model.js';
import { trainFaqModel, type TrainingExample } from '../../src/core/knowledge/faq-model-training.js';

const toy: TrainingExample[] = [
  { features: modelFeatures('cannot list secrets'), labels: ['A'] },
  { features: modelFeatures('list secrets fails'), labels: ['A'] },
  { features: modelFeatures('unable to list the secrets'), labels: ['A'] },
  { features: modelFeatures('throttled by the vault'), labels: ['B'] },
  { features: modelFeatures('vault throttled my app'), labels: ['B'] },
  { features: modelFeatures('throttling again'), labels: ['B'] },
  { features: modelFeatures('book a meeting room'), labels: [] },
  { features: modelFeatures('meeting room booking'), labels: [] },
];

describe('FAQ section model', () => {
  it('training is deterministic: the same examples give the same model', () => {
    expect(JSON.stringify(trainFaqModel(toy, ['A', 'B'], { minFeatureCount: 1 }))).toBe(JSON.stringify(trainFaqModel(toy, ['A', 'B'], { minFeatureCount: 1 })));
  });

  it('learns which section words point to, and "none" for off-topic words', () => {
    const model = new FaqModel(trainFaqModel(toy, ['A', 'B'], { minFeatureCount: 1 }));
    const best = (text: string): string => {
      const p = model.predict(text);
      return model.classes[p.indexOf(Math.max(...p))] as string;
    };
    expect(model.classes).toEqual(['A', 'B', NONE_CLASS]);
    expect(best('I cannot list secrets')).toBe('A');
    expect(best('the vault throttled us')).toBe('B');
    expect(best('meeting room')).toBe(NONE_CLASS);
  });

  it('reads an error kind from triage as a feature, and drops code lines like the matcher does', () => {
    expect(modelFeatures('it fails', 'throttled')).toContain('!triage:throttled');
    expect(modelFeatures('it fails', 'unrecognised').some((f) => f.startsWith('!triage:'))).toBe(false);
    const withCode = modelFeatures('cannot list secrets\n```\nresource "azurerm_key_vault" "kv" {\n  sku_name = "standard"\n}\n```');
    expect(withCode).toContain('list');
    expect(withCode).not.toContain('standard');
  });

  it('a broken or stale model file is a warning that names the file, and matching falls back to words', () => {
    expect(parseFaqModel('m.json', '{not json', ['A']).model).toBeUndefined();
    expect(parseFaqModel('m.json', '{not json', ['A']).issues[0]).toMatchObject({ file: 'm.json', severity: 'warning' });
    expect(parseFaqModel('m.json', JSON.stringify({ version: 1, classes: ['A', ''], bias: [0], weights: {} }), ['A']).model).toBeUndefined();
    const model = JSON.stringify(trainFaqModel(toy, ['A', 'B'], { minFeatureCount: 1 }));
    expect(parseFaqModel('m.json', model, ['X']).model).toBeUndefined();
    const partial = parseFaqModel('m.json', model, ['A', 'C']);
    expect(partial.model).toBeDefined();
    expect(partial.issues[0]?.message).toContain('"C"');
    expect(parseFaqModel('m.json', model, ['A', 'B']).issues).toEqual([]);
  });
});

describe('the KB directory and its model', () => {
  it('knowledge/matcher-model.json loads without warnings and knows every section of the KB', async () => {
    const { kb, issues } = await readKnowledgeDirectory(path.join(__dirname, '../../knowledge'));
    expect(issues.filter((i) => i.file.endsWith('matcher-model.json'))).toEqual([]);
    expect(kb?.model).toBeDefined();
    const headings = new Set(kb?.entries.map((e) => e.source.heading));
    for (const h of headings) expect(kb?.model?.classes).toContain(h);
    expect(JSON.parse(readFileSync(path.join(__dirname, '../../knowledge/matcher-model.json'), 'utf8')).trainedOn.script).toBe('scripts/matcher/train-model.ts');
  });

  it('blends: an entry scores (1 - modelWeight) × its words + modelWeight × the model\'s probability of its section', async () => {
    const { kb } = await readKnowledgeDirectory(path.join(__dirname, '../../knowledge'));
    if (!kb?.model) throw new Error('no model');
    const model = new FaqModel(kb.model);
    const q = 'who read our secrets last week?';
    const words = new FaqMatcher(kb.entries, {}, null).rank(q);
    const blended = new FaqMatcher(kb.entries, { modelWeight: 0.4 }, null, model).rank(q);
    const p = model.predict(q);
    const entry = words[0]?.entry;
    if (!entry) throw new Error('no ranking');
    const expected = 0.6 * (words[0]?.confidence ?? 0) + 0.4 * (p[model.classes.indexOf(entry.source.heading)] as number);
    expect(blended.find((r) => r.entry === entry)?.confidence).toBeCloseTo(expected, 6);
  });
});
