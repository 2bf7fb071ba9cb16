/**
 * Loads a fixture from a JSON file, turning read and parse failures into `FixtureValidationError`s
 * that name the file (and the line for JSON syntax errors).
 */
import { readFile } from 'node:fs/promises';
import type { TenantFixture } from './fixture-types.js';
import { FixtureValidationError, validateFixture } from './fixture-validate.js';

function lineOf(text: string, message: string): string {
  const pos = /position (\d+)/.exec(message);
  if (!pos) return '';
  const line = text.slice(0, Number(pos[1])).split('\n').length;
  return ` (line ${line})`;
}

/** Reads, parses and validates a fixture file. */
export async function loadFixtureFile(file: string): Promise<TenantFixture> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new FixtureValidationError(file, [`cannot read the file: ${(e as Error).message}`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new FixtureValidationError(file, [
      `not valid JSON${lineOf(text, (e as Error).message)}: ${(e as Error).message}`,
    ]);
  }
  return validateFixture(raw, file);
}
