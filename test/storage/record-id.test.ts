import { describe, expect, it } from 'vitest';
import { KEY_SEGMENT_ID, isRecordId } from '../../src/core/storage/record-key.js';

describe('isRecordId: the shape of ids the bot makes (approval requests, fix drafts)', () => {
  it('takes a UUID and any plain segment of letters, digits, _ and - up to 100 characters', () => {
    expect(isRecordId('3f2b8c1e-6a4d-4e8f-9b0a-1c2d3e4f5a6b')).toBe(true);
    expect(isRecordId('id1abcdef')).toBe(true);
    expect(isRecordId('a'.repeat(100))).toBe(true);
  });

  it('refuses what a user could put on an altered card: empty, too long, dots, slashes, spaces, non-strings', () => {
    for (const id of ['', 'a'.repeat(101), 'a.b', '../etc', 'a/b', 'a b', 'é'])
      expect(isRecordId(id), JSON.stringify(id)).toBe(false);
    for (const id of [undefined, null, 42, {}, ['a']]) expect(isRecordId(id)).toBe(false);
  });
});

describe('KEY_SEGMENT_ID: one key segment carried by cards and people (case ids, Entra object ids)', () => {
  it('takes a segment with dots after its first character, up to 201 characters', () => {
    for (const id of ['case-1', '3f2b8c1e-6a4d-4e8f-9b0a-1c2d3e4f5a6b', 'a.b_c-d', 'a'.repeat(201)])
      expect(KEY_SEGMENT_ID.test(id), id).toBe(true);
  });

  it('refuses a leading dot, path characters, spaces and anything longer', () => {
    for (const id of ['', '.hidden', '..', 'a/b', 'a\\b', 'a b', 'a'.repeat(202), 'é'])
      expect(KEY_SEGMENT_ID.test(id), JSON.stringify(id)).toBe(false);
  });
});
