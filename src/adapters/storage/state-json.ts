/**
 * A bot state item's JSON text, carried beside the item so it is serialised once per turn.
 *
 * A FAQ turn loads three bot states and saves one: botbuilder-style code would parse the stored
 * text, serialise it again for the change check, clone the saved state for the turn's batch and
 * serialise it once more for the database. The text is the same each time: what the store read is
 * the load's baseline, and the snapshot the change check just made is what gets stored.
 *
 * The text rides on the item under a non-enumerable symbol, which `JSON.stringify`, object spread
 * and `structuredClone` all leave out, so a store or wrapper that does not know it sees the plain
 * item. It is the item's JSON without its `eTag`, exactly as `JSON.stringify` wrote it. Whoever
 * reads it takes it off ({@link takeStateJson}), so it never outlives the change it describes.
 */

/** The symbol under which an item carries its JSON text. */
const STATE_JSON = Symbol('kvbot.stateJson');

/** A Storage that reads and writes items' JSON text as given (see this file). */
export interface StateJsonStorage {
  /** True: `write` stores an item's attached JSON as it is and `read` attaches the stored JSON. */
  readonly acceptsStateJson: true;
}

/** Whether `storage` stores attached JSON as it is. */
export function acceptsStateJson(storage: unknown): storage is StateJsonStorage {
  return (storage as Partial<StateJsonStorage> | undefined)?.acceptsStateJson === true;
}

/** Attaches `json` (the item without its eTag, as `JSON.stringify` writes it) to `item`; returns `item`. */
export function attachStateJson<T extends object>(item: T, json: string): T {
  Object.defineProperty(item, STATE_JSON, { value: json, configurable: true, enumerable: false, writable: true });
  return item;
}

/** Takes the JSON attached to `item` off it; undefined when none is. */
export function takeStateJson(item: unknown): string | undefined {
  if (!item || typeof item !== 'object') return undefined;
  const json = (item as { [STATE_JSON]?: unknown })[STATE_JSON];
  if (typeof json !== 'string') return undefined;
  delete (item as { [STATE_JSON]?: unknown })[STATE_JSON];
  return json;
}
